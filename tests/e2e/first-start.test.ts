import { readdirSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { afterAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer, type StartOptions } from '../support/server'
import { asNobody, folderOfNobody, installBuild } from '../support/unprivileged'

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

  // The systemd unit's DynamicUser could not read a seed the build made root's alone
  // (drwx------): every first start logged a stack trace and fell back to initdb.
  it('as the systemd unit\'s user, from the build installed with cp -a: no stack trace, about a restart\'s time', async () => {
    const build = installBuild()
    const parent = folderOfNobody('nakanai-first-start-')
    try {
      const seed = join(dirname(build.entry), 'pglite-seed')
      const modes = new Set(readdirSync(seed, { recursive: true, encoding: 'utf8' }).concat('')
        .map(entry => statSync(join(seed, entry))).map(entry => `${entry.isDirectory() ? 'd' : 'f'}${(entry.mode & 0o777).toString(8)}`))
      expect([...modes].sort()).toEqual(['d755', 'f644'])

      // Three rounds of a first start on a new folder and a restart on it.
      const firsts: number[] = []
      const restarts: number[] = []
      for (const round of ['a', 'b', 'c']) {
        const options: StartOptions = { dataDir: join(parent, round), prefix: asNobody(), entry: build.entry }
        const first = await startServer(options)
        await first.stop()
        expect(first.output()).not.toContain('could not start the embedded database from the build')
        expect(first.output()).not.toMatch(/^\s+at /m)
        // initdb writes its records into the first WAL segment; the seed has moved past it.
        expect(readdirSync(join(options.dataDir!, 'pg_wal')).filter(name => /^[0-9A-F]{24}$/.test(name)).sort()[0]).not.toBe('000000010000000000000001')
        firsts.push(first.readyMs)
        const restart = await startServer(options)
        await restart.stop()
        restarts.push(restart.readyMs)
      }
      // Noise on a shared machine only ever adds time: the faster first start against the
      // slower restart. initdb instead of the seed made a first start 3-7 s slower.
      expect(Math.min(...firsts)).toBeLessThanOrEqual(1.5 * Math.max(...restarts))
    }
    finally {
      rmSync(parent, { recursive: true, force: true })
      build.remove()
    }
  }, 120_000)
})
