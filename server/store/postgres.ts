import postgres from 'postgres'
import type { SqlDriver, Store } from './types'
import { migrate, missingMigrations, type Migration } from './migrate'
import { StoreRefusal } from './refusal'
import { createSqlStore } from './sql-store'
import { withTimeout } from '../../shared/utils/with-timeout'
import { QUERY_TIMEOUT_MS } from './query-timeout'

function driverFor(sql: postgres.Sql | postgres.TransactionSql, end?: () => Promise<void>): SqlDriver {
  return {
    query<T extends object>(text: string, params: unknown[] = []) {
      // The time limit is kept by the client: a statement_timeout startup parameter is
      // refused by some poolers, and does nothing when the network itself is gone.
      // Cancelling also takes a query that was never sent out of the pool's queue; with the
      // database gone the cancel request itself fails, which changes nothing here.
      const query = sql.unsafe(text, params as postgres.ParameterOrJSON<never>[])
      return withTimeout(query as unknown as Promise<T[]>, QUERY_TIMEOUT_MS, () => {
        void (query.cancel() as unknown as Promise<void> | null)?.catch(() => {})
      })
    },
    async exec(script) {
      // Without parameters postgres.js uses the simple protocol, which runs several statements.
      await sql.unsafe(script)
    },
    transaction(fn) {
      if (!('begin' in sql)) return fn(driverFor(sql))
      return sql.begin(tx => fn(driverFor(tx))) as Promise<never>
    },
    close: end ?? (async () => {}),
  }
}

/**
 * The answers of PostgreSQL at start-up that retrying will not change, as what the
 * admin has to do; anything else (refused, timed out, starting up, too many
 * connections) counts as not reachable yet and is retried.
 */
export function permanentFailure(error: unknown, url: string): StoreRefusal | null {
  const { code, message } = (error ?? {}) as { code?: unknown, message?: unknown }
  const { username, pathname } = new URL(url)
  const user = decodeURIComponent(username) || '(default user)'
  const database = decodeURIComponent(pathname.slice(1)) || user
  switch (code) {
    case '28P01':
      return new StoreRefusal(`NUXT_DATABASE_URL: PostgreSQL refused the password of user "${user}". Put the right password in the URL (percent-encoded: @ as %40, # as %23, / as %2F).`)
    case '28000':
      return new StoreRefusal(`NUXT_DATABASE_URL: PostgreSQL does not let user "${user}" in (${String(message)}). Check the user name, or allow it in pg_hba.conf.`)
    case '3D000':
      return new StoreRefusal(`NUXT_DATABASE_URL: database "${database}" does not exist. Create it (sudo -u postgres createdb --owner ${user} ${database}) or fix its name in the URL.`)
    case '42501':
      // The owner of the database may still not create roles (that needs CREATEROLE):
      // "connect as the database's owner" was no advice to someone who already did.
      if (String(message).includes('permission denied to create role')) {
        return new StoreRefusal(`NUXT_DATABASE_URL: the migrations need Supabase's three API roles, anon, authenticated and service_role (they get no rights to the chat), and user "${user}" may not create roles. Create them once as a superuser, as deploy/self-host.md shows: sudo -u postgres psql -v ON_ERROR_STOP=1 -c 'create role anon nologin noinherit' -c 'create role authenticated nologin noinherit' -c 'create role service_role nologin noinherit'`)
      }
      return new StoreRefusal(`NUXT_DATABASE_URL: user "${user}" may not apply the migrations (${String(message)}). Apply them as an owner yourself and set NUXT_DATABASE_MIGRATE=false (deploy/self-host.md), or connect as the database's owner.`)
    default:
      return null
  }
}

export interface PostgresOptions {
  /** Apply the bundled migrations (default); otherwise only check they were applied. */
  migrate: boolean
  /** Connections per server process; serverless instances each hold their own pool. */
  max?: number
}

/**
 * The store over any PostgreSQL >= 15 by URL: a server of your own, Neon, or
 * Supabase's pooler. Prepared statements are off because transaction poolers
 * (PgBouncer, Supavisor on port 6543) cannot keep them between transactions.
 * patches/postgres+3.4.9.patch repairs two faults of the driver that kept the pool
 * dead after a database restart under load (tests/database/postgres-driver.test.ts).
 */
export async function openPostgresStore(url: string, migrations: Migration[], options: PostgresOptions): Promise<Store> {
  const sql = postgres(url, {
    prepare: false,
    max: options.max ?? 4,
    connect_timeout: QUERY_TIMEOUT_MS / 1000,
    idle_timeout: 30,
    // postgres.js waits 3^n/100 s, up to 20 s, before the next connection attempt after
    // the n-th failure in a row, counted across the pool: a few seconds of outage under
    // load left the pool waiting 10-20 s after PostgreSQL was back. A refused connection
    // costs nothing, so it tries again within a second.
    backoff: (failures: number) => (0.5 + Math.random() / 2) * Math.min(0.1 * 2 ** failures, 1),
    // The only types read are text, integers and timestamps: no catalogue query per connection.
    fetch_types: false,
    onnotice: () => {},
    connection: { application_name: 'nakanai' },
  })
  const driver = driverFor(sql, () => sql.end({ timeout: 5 }))
  try {
    if (options.migrate) {
      await migrate(driver, migrations)
    }
    else {
      const missing = await missingMigrations(driver, migrations)
      if (missing.length > 0) {
        throw new StoreRefusal(`NUXT_DATABASE_MIGRATE is false and the database lacks these migrations from supabase/migrations: ${missing.join(', ')}. Apply them (supabase db push, or psql -f each file in order), or unset NUXT_DATABASE_MIGRATE to let the server apply them.`)
      }
    }
  }
  catch (error) {
    await sql.end({ timeout: 1 })
    throw permanentFailure(error, url) ?? error
  }
  return createSqlStore('postgres', driver)
}
