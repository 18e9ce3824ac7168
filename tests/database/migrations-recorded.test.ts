import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import postgres from 'postgres'
import { describe, expect, test } from 'vitest'
import { openPostgresStore } from '../../server/store/postgres'
import { ROOT } from '../support/build'
import { loadMigrations } from '../support/migrations'
import { usePostgres } from '../support/postgres'

// Every way of applying supabase/migrations must end in the same recorded state,
// so that a server started afterwards (migrating or not) agrees with it.
const migrations = loadMigrations()
const names = migrations.map(migration => migration.name)
const pg = usePostgres()

/** `psql "$URL" -v ON_ERROR_STOP=1 -f <file>`, as deploy/self-host.md says. */
function psqlFile(url: string, name: string): void {
  execFileSync('/usr/lib/postgresql/15/bin/psql', [url, '-q', '-v', 'ON_ERROR_STOP=1', '-f', join(ROOT, 'supabase/migrations', name)], { stdio: 'pipe' })
}

async function recorded(url: string): Promise<string[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    return (await sql<{ name: string }[]>`select name from nakanai.schema_migrations order by name`).map(row => row.name)
  }
  finally {
    await sql.end()
  }
}

/** Opens the store as a server would, posts one message, and closes it. */
async function serverWorks(url: string, migrate: boolean): Promise<void> {
  const store = await openPostgresStore(url, migrations, { migrate })
  try {
    const message = await store.post({ body: `works with migrate=${migrate}`, name: null, clientHash: `${Math.random().toString(16).slice(2)}0000000000000000`.slice(0, 32) })
    expect(message.id).toBeGreaterThan(0)
  }
  finally {
    await store.close()
  }
}

describe('migrations are recorded whichever way they were applied (PostgreSQL 15)', () => {
  test('every file records itself by its own name as its last statement', () => {
    for (const { name, sql } of migrations) {
      expect(sql.trimEnd().split('\n').at(-1)).toBe(`insert into nakanai.schema_migrations (name) values ('${name}') on conflict do nothing;`)
    }
  })

  test('by the server at start-up', async () => {
    const url = await pg.createDatabase()
    await serverWorks(url, true)
    expect(await recorded(url)).toEqual(names)
    await serverWorks(url, false)
  })

  test('by psql -f, then NUXT_DATABASE_MIGRATE=false; the server may also migrate afterwards', async () => {
    const url = await pg.createDatabase()
    for (const name of names) psqlFile(url, name)
    expect(await recorded(url)).toEqual(names)
    await serverWorks(url, false)
    await serverWorks(url, true)
  })

  test('by supabase db push (its own table, a transaction per file)', async () => {
    const url = await pg.createDatabase()
    const sql = postgres(url, { max: 1, onnotice: () => {} })
    try {
      // What the Supabase CLI does: create its table, then run and record each file.
      await sql.unsafe('create schema supabase_migrations; create table supabase_migrations.schema_migrations (version text primary key, statements text[], name text)')
      for (const { name, sql: script } of migrations) {
        await sql.begin(async (tx) => {
          await tx.unsafe(script)
          await tx`insert into supabase_migrations.schema_migrations (version, name) values (${name.split('_')[0]!}, ${name})`
        })
      }
    }
    finally {
      await sql.end()
    }
    expect(await recorded(url)).toEqual(names)
    await serverWorks(url, false)
    await serverWorks(url, true)
  })

  test('files applied by hand before they recorded themselves: the server re-runs them safely, keeping the data', async () => {
    const url = await pg.createDatabase()
    for (const name of names) psqlFile(url, name)
    await serverWorks(url, true)
    const sql = postgres(url, { max: 1, onnotice: () => {} })
    try {
      const before = await sql`select (select count(*) from nakanai.messages) as messages, (select value from nakanai.settings where key = 'client_hash_salt') as salt`
      await sql`delete from nakanai.schema_migrations`
      await serverWorks(url, true)
      // The first file run once more by hand, too (the SQL editor, pasted twice).
      psqlFile(url, names[0]!)
      const after = await sql`select (select count(*) from nakanai.messages) as messages, (select value from nakanai.settings where key = 'client_hash_salt') as salt`
      expect(after[0]!.salt).toBe(before[0]!.salt)
      expect(Number(after[0]!.messages)).toBe(Number(before[0]!.messages) + 1)
    }
    finally {
      await sql.end()
    }
    expect(await recorded(url)).toEqual(names)
  })
})
