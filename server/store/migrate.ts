import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { SqlDriver } from './types'

export interface Migration {
  /** File name, e.g. 20261128000000_messages.sql; the leading timestamp orders them. */
  name: string
  sql: string
}

/**
 * The .sql files of a folder (supabase/migrations), in order: for the build's seed and
 * the tests. The server itself reads them from its bundled assets.
 */
export function readMigrations(dir: string): Migration[] {
  return readdirSync(dir).filter(name => name.endsWith('.sql')).sort()
    .map(name => ({ name, sql: readFileSync(join(dir, name), 'utf8') }))
}

// An arbitrary constant: the advisory lock that keeps two servers starting at once
// from applying the same migration twice.
const MIGRATION_LOCK = 7_246_824_119

// `supabase db push` records what it applied in its own table, by the file's
// timestamp. A migration found there counts as applied, so a project set up with
// the Supabase CLI can later be reached by URL without applying anything twice.
async function appliedBefore(driver: SqlDriver, name: string): Promise<boolean> {
  const [tables] = await driver.query<{ ours: boolean, cli: boolean }>(`
    select to_regclass('nakanai.schema_migrations') is not null as ours,
           to_regclass('supabase_migrations.schema_migrations') is not null as cli`)
  const checks: string[] = []
  if (tables?.ours) checks.push('select 1 from nakanai.schema_migrations where name = $1')
  if (tables?.cli) checks.push(`select 1 from supabase_migrations.schema_migrations where version = split_part($1, '_', 1)`)
  if (checks.length === 0) return false
  return (await driver.query(checks.join(' union all '), [name])).length > 0
}

/**
 * Applies, in order, every migration not applied yet, each in its own transaction,
 * and records it. Returns the names it applied.
 */
export async function migrate(driver: SqlDriver, migrations: Migration[]): Promise<string[]> {
  const ordered = [...migrations].sort((a, b) => a.name.localeCompare(b.name))
  // Under the lock too: two servers creating the schema at once collide even with
  // `if not exists` (a unique violation on pg_namespace).
  await driver.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await tx.exec(`
      create schema if not exists nakanai;
      create table if not exists nakanai.schema_migrations (
        name text primary key,
        applied_at timestamptz not null default now()
      );
      alter table nakanai.schema_migrations enable row level security;
    `)
  })
  const applied: string[] = []
  for (const migration of ordered) {
    const done = await driver.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
      if (await appliedBefore(tx, migration.name)) {
        await tx.query('insert into nakanai.schema_migrations (name) values ($1) on conflict do nothing', [migration.name])
        return false
      }
      await tx.exec(migration.sql)
      // The file records itself (see the first migration); this covers one that does not.
      await tx.query('insert into nakanai.schema_migrations (name) values ($1) on conflict do nothing', [migration.name])
      return true
    })
    if (done) applied.push(migration.name)
  }
  return applied
}

/**
 * The bundled migrations the database has not recorded (here or by the Supabase
 * CLI), for a server that was told not to apply them itself.
 */
export async function missingMigrations(driver: SqlDriver, migrations: Migration[]): Promise<string[]> {
  const missing: string[] = []
  for (const { name } of migrations) {
    if (!await appliedBefore(driver, name)) missing.push(name)
  }
  return missing.sort()
}
