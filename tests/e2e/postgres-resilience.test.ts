import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STATS_TOKEN } from '../support/build'
import { usePostgres } from '../support/postgres'
import { readCacheExpired } from '../support/read-cache'
import { startServer, type RunningServer } from '../support/server'

const pg = usePostgres()
let url: string
const servers: RunningServer[] = []

async function serverOnPostgres(): Promise<RunningServer> {
  const server = await startServer({ env: { NUXT_DATABASE_URL: url, NUXT_TRUST_PROXY: 'x-forwarded-for', NUXT_ADMIN_TOKEN: STATS_TOKEN } })
  servers.push(server)
  return server
}

const post = (server: RunningServer, body: string, client: string) => fetch(`${server.url}/api/messages`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
  body: JSON.stringify({ body }),
})

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

/** Posts every 100 ms until one is stored (at most 30 s); how long that took. */
async function msUntilPosting(server: RunningServer, body: string): Promise<number> {
  const started = Date.now()
  for (let attempt = 0; Date.now() - started < 30_000; attempt++) {
    if ((await post(server, body, `198.51.100.${200 + (attempt % 50)}`)).status === 201) return Date.now() - started
    await sleep(100)
  }
  throw new Error(`no message stored within 30 s (${body})`)
}

beforeAll(async () => {
  url = await pg.createDatabase()
  // The durability test posts 200 messages in a second; the global per-minute cap is not under test here.
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  await serverOnPostgres()
  await sql`update nakanai.limits set global_per_minute = 10000`
  await sql.end()
})

afterAll(async () => {
  for (const server of servers) await server.dispose()
})

describe('two servers on one PostgreSQL', () => {
  it('share the rate limit: a client alternating between them is still limited', async () => {
    const [a, b] = await Promise.all([serverOnPostgres(), serverOnPostgres()])
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await post(i % 2 ? b! : a!, `alternating ${i}`, '198.51.100.77')).status)
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429])
  })
})

describe('an acknowledged message survives kill -9', () => {
  it('on PostgreSQL', async () => {
    const sql = postgres(url, { max: 1, onnotice: () => {} })
    try {
      const server = await serverOnPostgres()
      const acknowledged: number[] = []
      for (let i = 0; i < 200; i++) {
        const response = await post(server, `durable ${i}`, `10.1.${i >> 8}.${i & 255}`)
        expect(response.status).toBe(201)
        acknowledged.push((await response.json()).message.id)
      }
      await server.stop('SIGKILL')
      const rows = await sql<{ id: string }[]>`select id from nakanai.messages where body like 'durable %' order by id`
      console.info(`[figure] PostgreSQL: ${rows.length} of ${acknowledged.length} acknowledged messages survived kill -9`)
      expect(rows.map(row => Number(row.id))).toEqual(acknowledged)
    }
    finally {
      await sql.end()
    }
  })
})

describe('a database outage', () => {
  it('answers 503 quickly, keeps the page up, and recovers without a restart', async () => {
    const server = await serverOnPostgres()
    expect((await post(server, 'before the outage', '198.51.100.90')).status).toBe(201)

    pg.stop()
    // The next read must ask the database.
    await readCacheExpired(server.url)

    let started = Date.now()
    const read = await fetch(`${server.url}/api/messages`)
    const readMs = Date.now() - started
    expect(read.status).toBe(503)
    expect(read.headers.get('retry-after')).toBeTruthy()
    expect((await read.json()).error.code).toBe('store_unavailable')

    started = Date.now()
    const write = await post(server, 'during the outage', '198.51.100.91')
    const writeMs = Date.now() - started
    expect(write.status).toBe(503)
    expect((await write.json()).error.code).toBe('store_unavailable')
    console.info(`[figure] database down: GET answered 503 in ${readMs} ms, POST in ${writeMs} ms`)
    expect(readMs).toBeLessThan(5000)
    expect(writeMs).toBeLessThan(5000)

    const page = await fetch(server.url, { headers: { 'accept-language': 'en' } })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('is down')
    expect(html).toContain('The chat is unreachable')

    pg.start()
    console.info(`[figure] database back: chat working again ${await msUntilPosting(server, 'after the outage')} ms after PostgreSQL accepted connections`)
    const { messages } = await (await fetch(`${server.url}/api/messages`)).json()
    expect(messages.map((m: { body: string }) => m.body)).toContain('after the outage')
  })

  it('gives up on a database that hangs after about 3 s, and recovers when it answers again', async () => {
    const server = await serverOnPostgres()
    pg.freeze(true)
    try {
      await readCacheExpired(server.url)
      const started = Date.now()
      const [read, write] = await Promise.all([fetch(`${server.url}/api/messages`), post(server, 'into the void', '198.51.100.93')])
      const elapsed = Date.now() - started
      console.info(`[figure] database hanging: GET and POST answered ${read.status}/${write.status} after ${elapsed} ms`)
      expect([read.status, write.status]).toEqual([503, 503])
      expect(elapsed).toBeGreaterThanOrEqual(2500)
      expect(elapsed).toBeLessThan(8000)
      const pageStarted = Date.now()
      const page = await fetch(server.url)
      const pageMs = Date.now() - pageStarted
      console.info(`[figure] database hanging: page rendered in ${pageMs} ms`)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('The chat is unreachable')
      expect(pageMs).toBeLessThan(2500)
    }
    finally {
      pg.freeze(false)
    }
    console.info(`[figure] database thawed: chat working again after ${await msUntilPosting(server, 'thawed')} ms`)
  })
})

describe('PostgreSQL restarted under load', () => {
  const TRIALS = 5
  /** Posts by `clients` loops until `running` is false; every acknowledged message by id. */
  function load(server: RunningServer, clients: number) {
    const acknowledged = new Map<number, string>()
    let running = true
    let sent = 0
    const loops = Array.from({ length: clients }, async (_, client) => {
      while (running) {
        const body = `load ${client}-${sent++}`
        const response = await post(server, body, `10.9.${client}.${sent & 255}`).catch(() => null)
        if (response?.status === 201) acknowledged.set((await response.json()).message.id, body)
        else await response?.body?.cancel()
        await sleep(20)
      }
    })
    return { acknowledged, stop: async () => {
      running = false
      await Promise.all(loops)
    } }
  }

  it(`recovers by itself within 10 s of PostgreSQL being back, ${TRIALS} times, losing nothing acknowledged`, async () => {
    const server = await serverOnPostgres()
    const admin = postgres(url, { max: 1, onnotice: () => {} })
    const traffic = load(server, 4)
    try {
      for (let trial = 1; trial <= TRIALS; trial++) {
        await sleep(700)
        // Every other trial also ends nakanai's connections first, as a failover or an admin would.
        if (trial % 2 === 0) await admin`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'nakanai'`
        pg.stop()
        await sleep(300)
        pg.start()
        const recoveredMs = await msUntilPosting(server, `after restart ${trial}`)
        console.info(`[figure] PostgreSQL restart ${trial} under load: chat working again ${recoveredMs} ms after it accepted connections`)
        expect(recoveredMs).toBeLessThan(10_000)
      }
    }
    finally {
      await traffic.stop()
    }
    const rows = await admin<{ id: string, body: string }[]>`select id, body from nakanai.messages where body like 'load %'`
    await admin.end()
    const stored = new Map(rows.map(row => [Number(row.id), row.body]))
    const lost = [...traffic.acknowledged].filter(([id, body]) => stored.get(id) !== body)
    console.info(`[figure] restarts under load: ${traffic.acknowledged.size} acknowledged, ${lost.length} lost`)
    expect(traffic.acknowledged.size).toBeGreaterThan(50)
    expect(lost).toEqual([])
  })
})
