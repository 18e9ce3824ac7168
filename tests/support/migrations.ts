import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Migration } from '../../server/store/migrate'
import { ROOT } from './build'

/** The migration files as the server bundles them. */
export function migrationFiles(): Migration[] {
  const folder = join(ROOT, 'supabase/migrations')
  return readdirSync(folder).filter(name => name.endsWith('.sql')).map(name => ({ name, sql: readFileSync(join(folder, name), 'utf8') }))
}
