import postgres from 'postgres'
import { describe, expect, test } from 'vitest'
import { usePostgres } from '../support/postgres'

// The two faults of postgres.js 3.4.9 that kept nakanai's chat down after a
// PostgreSQL restart under load, and that patches/postgres+3.4.9.patch repairs.
const pg = usePostgres()

/** The query's outcome as 'ok' or its error code; cancelled after `ms` as the store's time limit does. */
function timed(sql: postgres.Sql, ms: number): Promise<string> {
  const query = sql`select 1`
  const timer = setTimeout(() => void query.cancel(), ms)
  return query.then(() => 'ok', (error: { code?: string }) => error.code ?? String(error)).finally(() => clearTimeout(timer))
}

describe('postgres.js as patched', () => {
  test('a query cancelled while its connection waits to reconnect does not take the connection out of the pool', async () => {
    // One connection that closes after 1 s idle and waits 2 s before it reconnects:
    // the next query is cancelled before that connection is open.
    const sql = postgres(pg.url, { max: 1, idle_timeout: 1, backoff: () => 2, fetch_types: false, onnotice: () => {} })
    try {
      expect(await timed(sql, 1000)).toBe('ok')
      await new Promise(resolve => setTimeout(resolve, 1500))
      expect(await timed(sql, 500)).toBe('57014')
      // Unpatched, the connection then stayed in `connecting` for good and this waited forever.
      expect(await timed(sql, 4000)).toBe('ok')
    }
    finally {
      await sql.end({ timeout: 1 })
    }
  })

  test('a connection that died mid-query does not fail the next connection\'s first query', async () => {
    const sql = postgres(pg.url, { max: 1, fetch_types: false, onnotice: () => {} })
    const admin = postgres(pg.url, { max: 1, onnotice: () => {} })
    try {
      const slow = sql`select pg_sleep(5)`.then(() => 'ok', (error: { code?: string }) => error.code)
      await new Promise(resolve => setTimeout(resolve, 300))
      await admin`select pg_terminate_backend(pid) from pg_stat_activity where query like 'select pg_sleep%' and pid <> pg_backend_pid()`
      expect(await slow).not.toBe('ok')
      // Unpatched, this query was answered 57P01 (the dead connection's error) without being sent.
      expect(await timed(sql, 4000)).toBe('ok')
    }
    finally {
      await Promise.all([sql.end({ timeout: 1 }), admin.end({ timeout: 1 })])
    }
  })
})
