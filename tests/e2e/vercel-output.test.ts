import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { migrate } from '../../server/store/migrate'
import { pgliteDriver } from '../../server/store/pglite-driver'
import { POLL_CACHE_CONTROL } from '../../shared/utils/cache-control'
import { ROOT } from '../support/build'
import { buildForVercel } from '../support/build-vercel'
import { startDaemon, type Daemon } from '../support/daemon'
import { loadMigrations } from '../support/migrations'
import { freePort } from '../support/server'
import { startSupabaseStub, type SupabaseStub } from '../support/supabase-stub'

interface VercelRoute {
  src?: string
  dest?: string
  headers?: Record<string, string>
  handle?: string
}

// One build for the whole file: it takes as long as every test below together.
let dir: string
let output: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nakanai-vercel-'))
  output = buildForVercel(dir)
}, 420_000)
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('the Vercel build output (NITRO_PRESET=vercel)', () => {
  let config: { version: number, routes: VercelRoute[], crons?: { path: string, schedule: string }[] }
  const vercelJson = JSON.parse(readFileSync(join(ROOT, 'vercel.json'), 'utf8'))

  beforeAll(() => {
    config = JSON.parse(readFileSync(join(output, 'config.json'), 'utf8'))
  })

  test('has one Node.js function that every dynamic route falls back to', () => {
    expect(config.version).toBe(3)
    const fn = JSON.parse(readFileSync(join(output, 'functions/__fallback.func/.vc-config.json'), 'utf8'))
    expect(fn).toMatchObject({ handler: 'index.mjs', launcherType: 'Nodejs' })
    expect(fn.runtime).toMatch(/^nodejs2\d\.x$/)
    expect(config.routes.at(-1)).toEqual({ src: '/(.*)', dest: '/__fallback' })
    for (const path of ['api/messages', 'api/health', 'api/health/deep']) {
      expect(config.routes.some(route => route.src === `/${path}` && route.dest === `/${path}`), path).toBe(true)
      expect(existsSync(join(output, `functions/${path}.func`)), path).toBe(true)
    }
  })

  test('lets the CDN keep the polled reads for 2 seconds, never until the next deploy', () => {
    expect(POLL_CACHE_CONTROL).toBe('public, max-age=0, s-maxage=2, stale-while-revalidate=10')
    for (const path of ['/api/state', '/api/messages']) {
      const headerRoute = config.routes.find(route => route.src === path && route.headers)
      expect(headerRoute?.headers?.['cache-control'], path).toBe(POLL_CACHE_CONTROL)
    }
    // No prerender (ISR) function anywhere: its cache would also answer the POST to this path.
    expect(config.routes.some(route => route.dest?.includes('-isr'))).toBe(false)
    expect(existsSync(join(output, 'functions/api/messages-isr.prerender-config.json'))).toBe(false)
  })

  test('schedules the daily deep health check from vercel.json', () => {
    expect(vercelJson.framework).toBe('nuxtjs')
    expect(vercelJson.crons).toEqual([{ path: '/api/health/deep', schedule: expect.stringMatching(/^\d+ \d+ \* \* \*$/) }])
    expect(config.crons).toEqual(vercelJson.crons)
    expect(config.routes.some(route => route.src === '/api/health/deep')).toBe(true)
  })

  test('sends the security headers of nuxt.config.ts on every path, from the build output alone', () => {
    const everyPath = config.routes.find(route => route.src === '/(.*)' && route.headers)
    expect(everyPath?.headers).toEqual({
      'referrer-policy': 'strict-origin-when-cross-origin',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
    })
    // One source: a second list in vercel.json would be applied too, and drift.
    expect(vercelJson.headers).toBeUndefined()
  })
})

describe('the Vercel function, run locally against a PostgREST stub', () => {
  let db: PGlite
  let stub: SupabaseStub
  let fn: Daemon
  let url: string

  // Vercel's Node launcher calls the default export as (req, res); so does this.
  async function runFunction(env: Record<string, string>): Promise<void> {
    const port = await freePort()
    url = `http://127.0.0.1:${port}`
    const entry = join(output, 'functions/__fallback.func/index.mjs')
    const script = `
      const { createServer } = await import('node:http')
      const { default: listener } = await import(${JSON.stringify(entry)})
      createServer(listener).listen(${port}, '127.0.0.1')
    `
    fn = await startDaemon(process.execPath, ['--input-type=module', '-e', script], port, {
      env: { PATH: process.env.PATH, VERCEL: '1', NODE_ENV: 'production', ...env },
      // Loading the whole server bundle: seconds on a loaded machine.
      readyWithinMs: 60_000,
    })
  }

  beforeAll(async () => {
    db = await PGlite.create()
    const driver = pgliteDriver(db)
    await migrate(driver, loadMigrations())
    stub = await startSupabaseStub(driver)
    await runFunction({ NUXT_SUPABASE_URL: stub.url, NUXT_SUPABASE_SECRET_KEY: stub.secretKey, NUXT_TRUST_PROXY: 'x-forwarded-for' })
  })
  afterAll(async () => {
    await fn?.stop()
    await stub?.close()
    await db?.close()
  })

  const post = (body: string, address: string) => fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ body }),
  })

  test('serves the chat through supabase-js, with each visitor limited by the address Vercel forwards', async () => {
    expect(await (await fetch(`${url}/api/health`)).json()).toMatchObject({ ok: true, store: 'supabase' })
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await post(`from vercel ${i}`, '203.0.113.7')).status)
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429])
    expect((await post('another visitor', '198.51.100.4')).status).toBe(201)
    const { messages } = await (await fetch(`${url}/api/messages`)).json()
    expect(messages[0].body).toBe('another visitor')
    expect(stub.violations).toEqual([])
    expect(stub.requests.every(request => request.path.startsWith('/rest/v1/rpc/'))).toBe(true)
  })
})
