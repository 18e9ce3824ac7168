import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runnableGuideBlock } from '../../bench/lib/guide-nginx.mjs'
import { ROOT } from '../support/build'
import type { Daemon } from '../support/daemon'
import { startFakeInstance, type FakeInstance } from '../support/fake-instance'
import { NginxPrefix } from '../support/nginx'
import { freePort, startServer, type RunningServer } from '../support/server'
import { asNobody, folderOfNobody, installBuild } from '../support/unprivileged'

// The README's worst day, walked as deployed: the build installed as deploy/self-host.md
// says (cp -a), run as another user with the systemd unit's own Environment= lines,
// behind the guide's nginx block with its cache. Everyone arrives from nginx's one
// address, as behind carrier-grade NAT: the case that once locked the admin out.
// The steps are README's "On the worst day" 2-7 and its undo, over the API.

const TOKEN = 'worst-day-admin-token-0123456789'

/** The Environment= lines of deploy/nakanai.service, but where this test must differ. */
function unitEnvironment(): Record<string, string> {
  const unit = readFileSync(join(ROOT, 'deploy/nakanai.service'), 'utf8')
  const env = Object.fromEntries([...unit.matchAll(/^Environment=([A-Z_]+)=(.*)$/gm)].map(([, name, value]) => [name!, value!]))
  expect(env).toMatchObject({ NODE_ENV: 'production', HOST: '127.0.0.1', NUXT_TRUST_PROXY: 'x-forwarded-for' })
  // The port is a free one, the folder a temporary one, the instance a stand-in.
  delete env.PORT
  delete env.NUXT_DATA_DIR
  return env
}

let instance: FakeInstance
let server: RunningServer
let prefix: NginxPrefix
let nginx: Daemon
let site: string
let removeBuild: () => void
let dataParent: string

beforeAll(async () => {
  instance = await startFakeInstance('closed')
  const build = installBuild()
  removeBuild = build.remove
  dataParent = folderOfNobody('nakanai-worst-day-')
  server = await startServer({
    entry: build.entry,
    prefix: asNobody(),
    dataDir: join(dataParent, 'db'),
    // EnvironmentFile=/etc/nakanai/env: the secret.
    env: { ...unitEnvironment(), NUXT_PUBLIC_INSTANCE_URL: instance.url, NUXT_ADMIN_TOKEN: TOKEN },
  })
  prefix = await NginxPrefix.create()
  const port = await freePort()
  const { text } = runnableGuideBlock({ port, redirectPort: await freePort(), upstream: `127.0.0.1:${server.port}`, cacheDir: prefix.path('cache') })
  await prefix.writeMainConfig(text)
  nginx = await prefix.start(port)
  site = `http://127.0.0.1:${port}`
}, 120_000)

afterAll(async () => {
  await nginx?.stop()
  await prefix?.remove()
  await server?.dispose()
  await instance?.close()
  removeBuild?.()
  if (dataParent) rmSync(dataParent, { recursive: true, force: true })
})

/** A request through nginx, as the admin (with the token) or as a visitor; its status and JSON. */
async function call(method: string, path: string, { body, admin = false }: { body?: unknown, admin?: boolean } = {}) {
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' }
  if (admin) headers.authorization = `Bearer ${TOKEN}`
  const response = await fetch(`${site}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, json: await response.json() as any }
}

/** What every visitor sees through nginx's cache, once it has caught up. */
async function visibleBodies(): Promise<string[]> {
  return ((await call('GET', '/api/messages')).json.messages as { body: string }[]).map(message => message.body)
}

describe('the worst day, as deployed (the unit\'s user and environment, behind the guide\'s nginx)', () => {
  let noticeId: number
  let spamId: number

  it('starts as documented: one summary line, no stack trace, from the build\'s seed', () => {
    const log = server.output()
    expect(log).toMatch(/\[nakanai\] configured: store: embedded database \(PGlite\) in \S+ · instance: http:\/\/127\.0\.0\.1:\d+ \(probed every 10 s, software learned from its NodeInfo\) · status page: none · admin: on · client address: from the x-forwarded-for header/)
    expect(log).not.toContain('could not start the embedded database from the build')
    expect(log).not.toMatch(/^\s+at /m)
  })

  it('the admin posts an update and a badged reply; visitors chat', async () => {
    const expectedBackAt = new Date(Date.now() + 3_600_000).toISOString()
    const notice = await call('POST', '/api/notices', { admin: true, body: { body: 'Database upgrade went wrong; restoring from backup.', expectedBackAt } })
    expect(notice.status).toBe(201)
    noticeId = notice.json.notice.id
    const spam = await call('POST', '/api/messages', { body: { body: 'buy cheap followers', name: 'spammer' } })
    expect(spam.status).toBe(201)
    spamId = spam.json.message.id
    expect((await call('POST', '/api/messages', { body: { body: 'is it down for everyone?', name: 'alice' } })).status).toBe(201)
    const reply = await call('POST', '/api/messages', { admin: true, body: { body: 'We are on it.', name: 'ops' } })
    expect([reply.status, reply.json.message.admin]).toEqual([201, true])
  })

  it('"hide all from this person" hides the one address\'s visitors, says how many names, and spares the admin', async () => {
    const hidden = await call('DELETE', `/api/messages/${spamId}/author`, { admin: true })
    expect(hidden.status).toBe(200)
    expect(hidden.json).toMatchObject({ hidden: 2, names: 2, ban: { id: expect.any(Number), until: expect.any(String) } })
    await expect.poll(visibleBodies, { timeout: 10_000 }).toEqual(['We are on it.'])
    // The admin behind that same address is not a visitor: never refused.
    const again = await call('POST', '/api/messages', { admin: true, body: { body: 'Still restoring, thanks for waiting.' } })
    expect(again.status).toBe(201)
    // A visitor there is.
    const refused = await call('POST', '/api/messages', { body: { body: 'hello?' } })
    expect([refused.status, refused.json.error.code]).toEqual([403, 'banned'])
  })

  it('the admin lifts the ban and restores the message that was caught by mistake', async () => {
    const bans = await call('GET', '/api/bans', { admin: true })
    expect(bans.json.bans).toHaveLength(1)
    expect((await call('DELETE', `/api/bans/${bans.json.bans[0].id}`, { admin: true })).status).toBe(200)
    expect((await call('GET', '/api/bans', { admin: true })).json.bans).toEqual([])
    expect((await call('POST', '/api/messages', { body: { body: 'back in the chat', name: 'alice' } })).status).toBe(201)

    const hidden = await call('GET', '/api/messages/hidden', { admin: true })
    const mistaken = (hidden.json.messages as { id: number, body: string }[]).find(message => message.body === 'is it down for everyone?')!
    expect((await call('POST', `/api/messages/${mistaken.id}/restore`, { admin: true })).status).toBe(200)
    await expect.poll(visibleBodies, { timeout: 10_000 }).toContain('is it down for everyone?')
    expect(await visibleBodies()).not.toContain('buy cheap followers')
  })

  it('once the instance is back, the admin marks the update resolved and every visitor reads it so', async () => {
    await instance.setMode('healthy')
    await expect.poll(async () => (await call('GET', '/api/state')).json.instance.state, { timeout: 30_000, interval: 500 }).toBe('up')
    const resolved = await call('PATCH', `/api/notices/${noticeId}`, { admin: true, body: { resolved: true } })
    expect(resolved.status).toBe(200)
    expect(resolved.json.notice.resolvedAt).toEqual(expect.any(String))
    await expect.poll(async () => (await call('GET', '/api/state')).json.notices[0]?.resolvedAt, { timeout: 10_000 }).toBe(resolved.json.notice.resolvedAt)
  })

  it('the limits can be tuned from the API for a larger crowd', async () => {
    const changed = await call('PATCH', '/api/limits', { admin: true, body: { globalPerMinute: 600 } })
    expect([changed.status, changed.json.limits.globalPerMinute]).toEqual([200, 600])
  })
})
