import { afterEach, describe, expect, it } from 'vitest'
import { INSTANCE_SOFTWARE_KINDS, type InstanceSoftwareKind } from '../../shared/types/instance'
import { ADAPTERS } from '../../server/instance/adapters'
import { parseMastodonInstance } from '../../server/instance/branding/mastodon-instance'
import { nodeInfoHref, parseNodeInfo, readNodeInfo } from '../../server/instance/nodeinfo'
import { probeInstance } from '../../server/instance/probe'
import { forcedSoftwareKind, softwareKind } from '../../server/instance/software-kind'
import { instanceFixture, startFakeInstance, type FakeFamily, type FakeInstance, type FakeInstanceMode } from '../support/fake-instance'

let fake: FakeInstance | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})
const start = async (family: FakeFamily, mode: FakeInstanceMode = 'healthy') => (fake = await startFakeInstance(mode, { family }))
const signal = () => AbortSignal.timeout(3000)

describe('the kind of server, from NodeInfo software.name', () => {
  it.each([
    ['misskey', 'misskey'], ['sharkey', 'misskey'], ['cherrypick', 'misskey'], ['firefish', 'misskey'], ['iceshrimp', 'misskey'],
    ['foundkey', 'misskey'], ['catodon', 'misskey'], ['mastodon', 'mastodon'], ['hometown', 'mastodon'], ['pixelfed', 'mastodon'],
    ['gotosocial', 'gotosocial'], ['akkoma', 'akkoma'], ['pleroma', 'akkoma'], ['Misskey', 'misskey'],
    ['peertube', 'generic'], ['lemmy', 'generic'], [null, 'generic'], ['', 'generic'],
  ] as [string | null, InstanceSoftwareKind][])('%s → %s', (name, kind) => {
    expect(softwareKind(name)).toBe(kind)
  })

  it('NUXT_INSTANCE_SOFTWARE forces one of the kinds; anything else is warned about and ignored', () => {
    const warnings: string[] = []
    for (const kind of INSTANCE_SOFTWARE_KINDS) expect(forcedSoftwareKind(` ${kind.toUpperCase()} `, w => warnings.push(w))).toBe(kind)
    expect(forcedSoftwareKind('', w => warnings.push(w))).toBeNull()
    expect(warnings).toEqual([])
    expect(forcedSoftwareKind('mastdon', w => warnings.push(w))).toBeNull()
    expect(warnings).toEqual(['[nakanai] NUXT_INSTANCE_SOFTWARE=mastdon is not one of misskey, mastodon, gotosocial, akkoma, generic; learning it from NodeInfo instead'])
  })
})

describe('NodeInfo', () => {
  it.each([
    ['misskey', { name: 'misskey', version: '2024.11.0', nodeName: 'Misskey Example' }],
    ['sharkey', { name: 'sharkey', version: '2024.11.2', nodeName: 'Shark Town' }],
    ['mastodon', { name: 'mastodon', version: '4.3.2', nodeName: null }],
    ['gotosocial', { name: 'gotosocial', version: '0.17.3+git-1a2b3c4', nodeName: 'GoToSocial Example' }],
    ['akkoma', { name: 'akkoma', version: '3.13.2', nodeName: 'Akkoma Example' }],
  ] as const)('%s: read through the discovery document (or past a 403 one, as Misskey without federation answers)', async (family, software) => {
    await start(family)
    expect(await readNodeInfo(fake!.url, signal())).toEqual({ software, answered: true })
  })

  it('missing or broken: nothing read, but the instance answered; down: not answered', async () => {
    await start('no-nodeinfo')
    expect(await readNodeInfo(fake!.url, signal())).toEqual({ software: null, answered: true })
    await fake!.setMode('unhealthy')
    expect(await readNodeInfo(fake!.url, signal())).toEqual({ software: null, answered: false })
    await fake!.close()
    await start('broken-nodeinfo')
    expect(await readNodeInfo(fake!.url, signal())).toEqual({ software: null, answered: true })
    await fake!.setMode('redirect')
    expect(await readNodeInfo(fake!.url, signal())).toEqual({ software: null, answered: false })
  })

  it('stops reading an endless document at its byte cap, long before the deadline', async () => {
    await start('misskey')
    fake!.serve('GET /nodeinfo/2.1', { body: `{"software":{"name":"misskey","x":"${'x'.repeat(64 * 1024)}`, endless: true })
    const started = Date.now()
    expect(await readNodeInfo(fake!.url, AbortSignal.timeout(10_000))).toEqual({ software: null, answered: true })
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('refuses a name not of the schema\'s form, keeps a readable document without its bad fields', () => {
    expect(parseNodeInfo({ software: { name: 'Evil Name<script>' } })).toBeNull()
    expect(parseNodeInfo({ software: { name: 42 } })).toBeNull()
    expect(parseNodeInfo(['misskey'])).toBeNull()
    expect(parseNodeInfo({ software: { name: 'Iceshrimp.NET', version: 7 }, metadata: { nodeName: `  ${'n'.repeat(300)}` } }))
      .toEqual({ name: 'iceshrimp.net', version: null, nodeName: 'n'.repeat(128) })
  })

  it('follows a link only on the instance\'s own origin, the newest 2.x first', () => {
    const root = 'https://social.example'
    const link = (version: string, href: string) => ({ rel: `http://nodeinfo.diaspora.software/ns/schema/${version}`, href })
    expect(nodeInfoHref({ links: [link('2.0', '/nodeinfo/2.0'), link('2.1', '/nodeinfo/2.1')] }, root)?.href).toBe('https://social.example/nodeinfo/2.1')
    expect(nodeInfoHref({ links: [link('2.1', 'https://elsewhere.example/ni'), link('2.0', '/ni/2.0')] }, root)?.href).toBe('https://social.example/ni/2.0')
    expect(nodeInfoHref({ links: [link('1.0', '/nodeinfo/1.0')] }, root)).toBeNull()
    expect(nodeInfoHref({ links: 'none' }, root)).toBeNull()
  })
})

describe('each kind\'s probe, against a stand-in answering as its source does', () => {
  const cases: [FakeFamily, InstanceSoftwareKind, string[]][] = [
    ['misskey', 'misskey', ['GET /healthz']],
    ['mastodon', 'mastodon', ['GET /health', 'GET /api/v1/instance']],
    ['gotosocial', 'gotosocial', ['GET /readyz']],
    // Akkoma's healthcheck is off by default and answers 503 {}: no answer, and never "down".
    ['akkoma', 'akkoma', ['GET /api/v1/pleroma/healthcheck', 'GET /api/v1/instance']],
    ['mastodon', 'generic', ['GET /.well-known/nodeinfo', 'GET /nodeinfo/2.0']],
    ['no-nodeinfo', 'generic', ['GET /.well-known/nodeinfo', 'GET /nodeinfo/2.1', 'GET /nodeinfo/2.0', 'GET /']],
  ]
  it.each(cases)('%s as %s: up while healthy, down without its database, down when redirected or gone', async (family, kind, requests) => {
    await start(family)
    expect((await probeInstance(fake!.url, kind)).state).toBe('up')
    expect(fake!.requests).toEqual(requests)
    expect(fake!.probes()).toBe(1)
    for (const mode of ['unhealthy', 'redirect', 'closed'] as const) {
      await fake!.setMode(mode)
      expect((await probeInstance(fake!.url, kind)).state, mode).toBe('down')
    }
  })

  it('Mastodon: /health says OK while the app behind it fails, and that is not "up"', async () => {
    await start('mastodon', 'unhealthy')
    fake!.serve('GET /health', { type: 'text/plain', body: 'OK' })
    expect((await probeInstance(fake!.url, 'mastodon')).state).toBe('down')
    expect(fake!.requests).toEqual(['GET /health', 'GET /api/v1/instance'])
  })

  it('Akkoma: an enabled healthcheck decides alone, healthy or not', async () => {
    await start('akkoma')
    fake!.serve('GET /api/v1/pleroma/healthcheck', { body: JSON.stringify({ healthy: true, database: 'ok' }) })
    expect((await probeInstance(fake!.url, 'akkoma')).state).toBe('up')
    fake!.serve('GET /api/v1/pleroma/healthcheck', { status: 503, body: JSON.stringify({ healthy: false, database: 'error' }) })
    expect((await probeInstance(fake!.url, 'akkoma')).state).toBe('down')
    expect(fake!.requests).toEqual(['GET /api/v1/pleroma/healthcheck', 'GET /api/v1/pleroma/healthcheck'])
  })

  it('every kind has an adapter', () => {
    expect(Object.keys(ADAPTERS).sort()).toEqual([...INSTANCE_SOFTWARE_KINDS].sort())
  })
})

describe('the face from a Mastodon-API instance document', () => {
  const root = 'https://mastodon.example'
  const document = (family: string, path: string) =>
    JSON.parse(JSON.stringify(instanceFixture(family).up[path]!.body).replaceAll('{root}', root)) as Record<string, unknown>

  it('Mastodon 4.3 v2: the title, the square icon nearest above 144 px, the thumbnail as a banner', () => {
    expect(parseMastodonInstance(document('mastodon', 'GET /api/v2/instance'), root, 'banner')).toEqual({
      branding: {
        name: 'Mastodon Example',
        description: 'A small server',
        themeColor: null,
        iconUrl: `${root}/packs/media/icons/android-chrome-192x192.png`,
        serverErrorImageUrl: null,
        bannerUrl: `${root}/system/site_uploads/files/000/000/001/@1x/thumbnail.png`,
      },
      keep: [],
    })
  })

  it('v1 (Akkoma, older Mastodon): the thumbnail URL string as a banner, no icon', () => {
    expect(parseMastodonInstance(document('akkoma', 'GET /api/v1/instance'), root, 'banner')?.branding)
      .toMatchObject({ name: 'Akkoma Example', iconUrl: null, bannerUrl: `${root}/instance/thumbnail.jpeg` })
  })

  it('GoToSocial: the thumbnail is the instance\'s avatar, so it is the icon', () => {
    expect(parseMastodonInstance(document('gotosocial', 'GET /api/v2/instance'), root, 'icon')?.branding)
      .toMatchObject({ name: 'GoToSocial Example', description: 'A tiny server', iconUrl: `${root}/fileserver/01AAA/attachment/original/avatar.png`, bannerUrl: null })
  })

  it('refuses what is not an instance document; keeps the stored picture for a refused URL', () => {
    expect(parseMastodonInstance(['x'], root, 'banner')).toBeNull()
    expect(parseMastodonInstance({ title: 42, domain: 'x' }, root, 'banner')).toBeNull()
    expect(parseMastodonInstance({ description: 'no title, no domain' }, root, 'banner')).toBeNull()
    expect(parseMastodonInstance({ title: 'T', thumbnail: { url: 'javascript:alert(1)' } }, root, 'banner')).toEqual({
      branding: { name: 'T', description: null, themeColor: null, iconUrl: null, serverErrorImageUrl: null, bannerUrl: null },
      keep: ['banner'],
    })
  })
})
