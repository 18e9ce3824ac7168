import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadNuxtConfig } from '@nuxt/kit'
import { describe, expect, test } from 'vitest'
import { ROOT } from '../support/build'

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8')

describe('the self-host defaults', () => {
  const unit = read('deploy/nakanai.service')
  const port = /^Environment=PORT=(\d+)$/m.exec(unit)?.[1]
  const misskeyPorts = [...read('nginx/nakanai.conf').matchAll(/proxy_pass http:\/\/127\.0\.0\.1:(\d+);/g)].map(match => match[1])

  test('nakanai listens on loopback, on a port that is not the one nginx proxies Misskey to', () => {
    expect(unit).toMatch(/^Environment=HOST=127\.0\.0\.1$/m)
    expect(misskeyPorts.length).toBeGreaterThan(0)
    expect(port).toBeDefined()
    expect(misskeyPorts).not.toContain(port)
    // The built server's own default, without PORT, is checked by starting it (tests/e2e/default-address.test.ts).
  })

  test('npm run dev listens there too, and the quick start says so', async () => {
    const { devServer } = await loadNuxtConfig({ cwd: ROOT, overrides: { dev: true } })
    expect(devServer.host).toBe('127.0.0.1')
    expect(String(devServer.port)).toBe(port)
    expect(read('README.md')).toContain(`npm run dev     # http://127.0.0.1:${port} `)
  })

  test('the guide uses the unit\'s port wherever it talks to nakanai', () => {
    const guide = read('deploy/self-host.md')
    // 5432 is PostgreSQL's, in the example NUXT_DATABASE_URL.
    const used = new Set([...guide.matchAll(/127\.0\.0\.1:(\d+)/g)].map(match => match[1]).filter(found => found !== '5432'))
    expect([...used]).toEqual([port])
  })

  test('the guide\'s nginx block adds none of the headers nakanai already sends', () => {
    const guide = read('deploy/self-host.md')
    for (const header of ['X-Content-Type-Options', 'Referrer-Policy', 'X-Frame-Options', 'Content-Security-Policy', 'Permissions-Policy']) {
      expect(guide).not.toMatch(new RegExp(`add_header\\s+${header}`, 'i'))
    }
  })
})
