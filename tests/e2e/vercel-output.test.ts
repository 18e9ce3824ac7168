import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ROOT } from '../support/build'
import { buildForVercel } from '../support/build-vercel'

interface VercelRoute {
  src?: string
  dest?: string
  headers?: Record<string, string>
  handle?: string
}

describe('the Vercel build output (NITRO_PRESET=vercel)', () => {
  let dir: string
  let output: string
  let config: { version: number, routes: VercelRoute[], crons?: { path: string, schedule: string }[] }
  const vercelJson = JSON.parse(readFileSync(join(ROOT, 'vercel.json'), 'utf8'))

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nakanai-vercel-'))
    output = buildForVercel(dir)
    config = JSON.parse(readFileSync(join(output, 'config.json'), 'utf8'))
  }, 180_000)
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
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

  test('lets the CDN keep GET /api/messages for 2 seconds, never until the next deploy', () => {
    const headerRoute = config.routes.find(route => route.src === '/api/messages' && route.headers)
    expect(headerRoute?.headers?.['cache-control']).toBe('public, max-age=0, s-maxage=2, stale-while-revalidate=10')
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

  test('sends the security headers of vercel.json on every path', () => {
    const all = vercelJson.headers.find((rule: { source: string }) => rule.source === '/(.*)')
    const names = all.headers.map((header: { key: string }) => header.key.toLowerCase())
    expect(names).toEqual(expect.arrayContaining(['x-content-type-options', 'referrer-policy', 'x-frame-options']))
  })
})
