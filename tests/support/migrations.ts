import { join } from 'node:path'
import { readMigrations, type Migration } from '../../server/store/migrate'
import { ROOT } from './build'

/** supabase/migrations as the server bundles them. */
export function loadMigrations(): Migration[] {
  return readMigrations(join(ROOT, 'supabase/migrations'))
}
