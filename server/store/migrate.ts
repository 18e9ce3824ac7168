import type { SqlDriver } from './types'

export interface Migration {
  /** File name, e.g. 20261128000000_messages.sql; the leading timestamp orders them. */
  name: string
  sql: string
}

// An arbitrary constant: the advisory lock that keeps two servers starting at once
// from applying the same migration twice.
const MIGRATION_LOCK = 7_246_824_119

/**
 * Applies, in order, every migration not applied yet, each in its own transaction,
 * and records it. Returns the names it applied.
 */
export async function migrate(driver: SqlDriver, migrations: Migration[]): Promise<string[]> {
  const ordered = [...migrations].sort((a, b) => a.name.localeCompare(b.name))
  await driver.exec(`
    create schema if not exists nakanai;
    create table if not exists nakanai.schema_migrations (
      name text primary key,
      applied_at timestamptz not null default now()
    );
    alter table nakanai.schema_migrations enable row level security;
  `)
  const applied: string[] = []
  for (const migration of ordered) {
    const done = await driver.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
      const found = await tx.query('select 1 from nakanai.schema_migrations where name = $1', [migration.name])
      if (found.length > 0) return false
      await tx.exec(migration.sql)
      await tx.query('insert into nakanai.schema_migrations (name) values ($1)', [migration.name])
      return true
    })
    if (done) applied.push(migration.name)
  }
  return applied
}

/**
 * The bundled migrations the database has not recorded, for a server that was
 * told not to apply them itself. An untouched database lacks them all.
 */
export async function missingMigrations(driver: SqlDriver, migrations: Migration[]): Promise<string[]> {
  const [{ present } = { present: false }] = await driver.query<{ present: boolean }>(
    `select to_regclass('nakanai.schema_migrations') is not null as present`)
  const rows = present ? await driver.query<{ name: string }>('select name from nakanai.schema_migrations') : []
  const applied = new Set(rows.map(row => row.name))
  return migrations.map(migration => migration.name).filter(name => !applied.has(name)).sort()
}
