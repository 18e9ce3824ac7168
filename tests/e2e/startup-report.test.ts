import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { startServer } from '../support/server'

const folder = mkdtempSync(join(tmpdir(), 'nakanai-report-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

/** The built server's log up to its first answer (the start-up report comes before it). */
async function startLog(env: Record<string, string>, prefix: string[] = []): Promise<string> {
  const server = await startServer({ env, prefix })
  try {
    return server.output()
  }
  finally {
    await server.dispose()
  }
}

describe('the built server says at start what is on and what it ignored', () => {
  test('typos in variable names are named with the closest real one, and the summary shows what they left off', async () => {
    const log = await startLog({ NUXT_PUBLIC_INSTANCE_ULR: 'https://misskey.example', NUXT_ADMIN_TOKE: 'a-secret-token-value' })
    expect(log).toContain('NUXT_PUBLIC_INSTANCE_ULR is not a nakanai setting and is ignored; did you mean NUXT_PUBLIC_INSTANCE_URL?')
    expect(log).toContain('NUXT_ADMIN_TOKE is not a nakanai setting and is ignored; did you mean NUXT_ADMIN_TOKEN?')
    expect(log).toContain('instance: none (NUXT_PUBLIC_INSTANCE_URL is unset')
    expect(log).toContain('admin: off (set NUXT_ADMIN_TOKEN')
    expect(log).not.toContain('a-secret-token-value')
  })

  test('a configured server lists its store, instance, status page, admin and client address header, and no secret', async () => {
    const log = await startLog({
      NUXT_PUBLIC_INSTANCE_URL: 'https://misskey.example',
      NUXT_PUBLIC_STATUS_PAGE_URL: 'https://status.misskey.example',
      NUXT_STATUS_PAGE_PROVIDER: 'gatus',
      NUXT_ADMIN_TOKEN: 'a-secret-token-value',
      NUXT_TRUST_PROXY: 'X-Real-IP',
    })
    const summary = log.split('\n').find(line => line.startsWith('[nakanai] configured: '))
    expect(summary).toMatch(/^\[nakanai\] configured: store: embedded database \(PGlite\) in \/\S+ · instance: https:\/\/misskey\.example \(probed every 10 s, software learned from its NodeInfo\) · status page: https:\/\/status\.misskey\.example \(gatus, set by NUXT_STATUS_PAGE_PROVIDER\) · admin: on · client address: from the x-real-ip header$/)
    expect(log).not.toContain('is not a nakanai setting')
    expect(log).not.toContain('a-secret-token-value')
  })

  test('a .env beside the built server is said to be unread', async () => {
    const env = join(folder, '.env')
    writeFileSync(env, 'NUXT_ADMIN_TOKEN=from-the-file\n')
    // Started from that folder, as `cd /srv/nakanai && node .output/server/index.mjs` would be.
    const log = await startLog({}, ['env', `--chdir=${folder}`])
    expect(log).toContain(`${env} is not read by the built server, so NUXT_ADMIN_TOKEN is not set.`)
    expect(log).toContain('admin: off')
  })
})
