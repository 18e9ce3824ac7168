import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Migration } from '../../server/store/migrate'
import { ROOT } from './build'

/** supabase/migrations as the server bundles them. */
export function loadMigrations(): Migration[] {
  const dir = join(ROOT, 'supabase/migrations')
  return readdirSync(dir).filter(name => name.endsWith('.sql')).sort()
    .map(name => ({ name, sql: readFileSync(join(dir, name), 'utf8') }))
}
