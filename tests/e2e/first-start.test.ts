import { PGlite } from '@electric-sql/pglite'
import { afterAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../support/server'

let server: RunningServer | undefined
afterAll(() => server?.dispose())

describe('the first start of a new install', () => {
  it('copies the database the build made: migrations applied before it started, a salt of its own drawn on first use', async () => {
    const startedAt = Date.now()
    server = await startServer()
    expect(server.output()).not.toContain('could not start the embedded database from the build')
    const posted = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"body":"first"}' })
    expect(posted.status).toBe(201)
    await server.stop()

    const db = await PGlite.create(server.dataDir)
    try {
      const { rows: applied } = await db.query<{ name: string, applied_at: Date }>('select name, applied_at from nakanai.schema_migrations')
      expect(applied.length).toBeGreaterThan(0)
      for (const { applied_at } of applied) expect(applied_at.getTime()).toBeLessThan(startedAt)
      const { rows: salts } = await db.query<{ value: string }>('select value from nakanai.settings where key = \'client_hash_salt\'')
      expect(salts).toEqual([{ value: expect.stringMatching(/^[0-9a-f]{64}$/) }])
      // initdb leaves its records in the first WAL segment; the seed has moved on.
      expect((await db.query('select pg_walfile_name(pg_current_wal_lsn()) > \'000000010000000000000001\' as moved')).rows).toEqual([{ moved: true }])
    }
    finally {
      await db.close()
    }
  })
})
