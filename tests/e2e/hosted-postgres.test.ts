import { existsSync } from 'node:fs'
import postgres from 'postgres'
import { describe, expect, test } from 'vitest'
import { version } from '../../package.json'
import { usePostgres } from '../support/postgres'
import { startServer } from '../support/server'
import { useSite } from '../support/site'

const CRON_SECRET = 'cron-secret-for-tests'

describe('the built server on PostgreSQL (NUXT_DATABASE_URL)', () => {
  const pg = usePostgres()
  let url: string
  const site = useSite(async () => {
    url = await pg.createDatabase()
    return { env: { NUXT_DATABASE_URL: url, CRON_SECRET, NUXT_TRUST_PROXY: 'x-forwarded-for' } }
  })

  const post = (body: unknown) => fetch(`${site.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

  test('serves the chat: a post comes back in the read, stored in PostgreSQL', async () => {
    const created = await post({ body: 'hello from postgres', name: 'ねこ' })
    expect(created.status).toBe(201)
    expect(created.headers.get('cache-control')).toBe('no-store')
    const { message } = await created.json()
    expect(message).toMatchObject({ body: 'hello from postgres', name: 'ねこ' })

    const read = await fetch(`${site.url}/api/messages`)
    expect(read.status).toBe(200)
    expect(read.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=2, stale-while-revalidate=10')
    expect(read.headers.get('etag')).toBeTruthy()
    expect((await read.json()).messages[0]).toEqual(message)

    const sql = postgres(url, { max: 1 })
    const rows = await sql`select body, client_hash from nakanai.messages where id = ${message.id}`
    await sql.end()
    expect(rows[0]).toMatchObject({ body: 'hello from postgres' })
    expect(rows[0]!.client_hash).toMatch(/^[0-9a-f]{32}$/)
    // The embedded database was never created.
    expect(existsSync(site.server.dataDir)).toBe(false)
  })

  test('answers the SQL limits as the embedded store does (429 with Retry-After)', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await post({ body: `limit ${i}` })).status)
    // One message was posted by the test above from the same address.
    expect(statuses.slice(0, 4)).toEqual([201, 201, 201, 201])
    const refused = await post({ body: 'limit 7' })
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await refused.json()).error.code).toBe('rate_limited')
  })

  test('GET /api/health answers quickly without asking the database', async () => {
    const response = await fetch(`${site.url}/api/health`)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(await response.json()).toEqual({ ok: true, store: 'postgres', version })
  })

  test('the deep check runs one query, only with the cron secret when one is set', async () => {
    for (const path of ['/api/health?deep=1', '/api/health/deep']) {
      expect((await fetch(`${site.url}${path}`)).status).toBe(401)
      expect((await fetch(`${site.url}${path}`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401)
      const response = await fetch(`${site.url}${path}`, { headers: { authorization: `Bearer ${CRON_SECRET}` } })
      expect(response.status).toBe(200)
      expect(await response.json()).toMatchObject({ ok: true, store: 'postgres', version, queryMs: expect.any(Number), purged: 0 })
    }
  })

  test('the deep check says 503 while the database is down, and recovers', async () => {
    const deep = () => fetch(`${site.url}/api/health/deep`, { headers: { authorization: `Bearer ${CRON_SECRET}` } })
    pg.stop()
    try {
      const response = await deep()
      expect(response.status).toBe(503)
      expect(await response.json()).toMatchObject({ ok: false, store: 'postgres', error: 'store_unavailable' })
      // Every post fails alike: the log says so once, on one line, not once per post.
      const before = site.server.output().length
      for (let i = 0; i < 5; i++) expect((await post({ body: `while down ${i}` })).status).toBe(503)
      const logged = site.server.output().slice(before).split('\n').filter(Boolean)
      expect(logged).toEqual([expect.stringMatching(/^\[nakanai\] request failed: .*(refuses connections|shutting down)/)])
    }
    finally {
      pg.start()
    }
    expect((await deep()).status).toBe(200)
  })

  test('two servers posting at once never store more than the global cap', async () => {
    const second = await startServer({ env: { NUXT_DATABASE_URL: url, NUXT_TRUST_PROXY: 'x-forwarded-for' } })
    const sql = postgres(url, { max: 2, onnotice: () => {} })
    try {
      await sql`delete from nakanai.messages`
      await sql`update nakanai.limits set global_per_minute = 5`
      // Inserts wait behind this lock while counting goes on: every post in flight has
      // counted before any is stored, the race of servers posting at once made certain.
      let release!: () => void
      const held = sql.begin(async (tx) => {
        await tx`lock table nakanai.messages in share mode`
        await new Promise<void>(resolve => release = resolve)
      })
      await new Promise(resolve => setTimeout(resolve, 100))
      const statuses = Promise.all([site.server, second].flatMap((target, s) => Array.from({ length: 10 }, (_, i) =>
        fetch(`${target.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.18.${s}.${i + 1}` },
          body: JSON.stringify({ body: `at once ${s}.${i}` }),
        }).then(response => response.status))))
      // Until each server's pool (4 connections) has posts waiting.
      for (let tries = 0; tries < 20; tries++) {
        const [row] = await sql<{ waiting: number }[]>`select count(*)::int as waiting from pg_locks where not granted`
        if (row!.waiting >= 8) break
        await new Promise(resolve => setTimeout(resolve, 100))
      }
      release()
      await held
      const answered = await statuses
      const stored = (await sql<{ stored: number }[]>`select count(*)::int as stored from nakanai.messages`)[0]!.stored
      console.info(`[figure] global cap 5, 20 posts at once on two servers: ${stored} stored`)
      expect(stored).toBe(5)
      expect(answered.filter(status => status === 201)).toHaveLength(5)
      expect(answered.filter(status => status === 429)).toHaveLength(15)
    }
    finally {
      await sql`update nakanai.limits set global_per_minute = 120`
      await sql.end()
      await second.dispose()
    }
  })
})
