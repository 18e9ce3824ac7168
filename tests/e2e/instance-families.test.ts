import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { InstanceSoftwareKind } from '../../shared/types/instance'
import type { PageState } from '../../shared/types/page-state'
import { useFakeInstance, type FakeFamily } from '../support/fake-instance'
import { solidPng } from '../support/png'
import { useSite } from '../support/site'

// The acceptance of issue 21 on the built server: for a stand-in of each kind of server
// (NodeInfo, instance API and health as its source answers them, tests/fixtures/instance/),
// the name and pictures are learned while it is up, shown after it goes down and after a
// restart, and the way back is offered when it returns. One whose NodeInfo is missing or
// broken gets the generic behaviour: probed all the same, named by its host.

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const ICON = solidPng(192, 192, [40, 90, 160])
const BANNER = solidPng(300, 100, [160, 90, 40])
// Enough of a JPEG for the magic-byte check (the server never decodes it).
const JPEG = Buffer.from([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0xFF, 0xD9])

interface FamilyCase {
  family: FakeFamily
  kind: InstanceSoftwareKind | null
  /** The first request of its kind's probe (see server/instance/adapters/). */
  probe: string
  name: string | null
  pictures: Record<string, { type: string, body: Buffer }>
  icon: Buffer | null
  banner: Buffer | null
}

const CASES: FamilyCase[] = [
  {
    family: 'mastodon', kind: 'mastodon', probe: 'GET /health', name: 'Mastodon Example',
    pictures: { '/packs/media/icons/android-chrome-192x192.png': { type: 'image/png', body: ICON }, '/system/site_uploads/files/000/000/001/@1x/thumbnail.png': { type: 'image/png', body: BANNER } },
    icon: ICON, banner: BANNER,
  },
  {
    family: 'gotosocial', kind: 'gotosocial', probe: 'GET /readyz', name: 'GoToSocial Example',
    pictures: { '/fileserver/01AAA/attachment/original/avatar.png': { type: 'image/png', body: ICON } },
    icon: ICON, banner: null,
  },
  {
    family: 'akkoma', kind: 'akkoma', probe: 'GET /api/v1/pleroma/healthcheck', name: 'Akkoma Example',
    pictures: { '/instance/thumbnail.jpeg': { type: 'image/jpeg', body: JPEG } },
    icon: null, banner: JPEG,
  },
  {
    family: 'sharkey', kind: 'misskey', probe: 'GET /healthz', name: 'Shark Town',
    pictures: { '/files/icon.png': { type: 'image/png', body: ICON } },
    icon: ICON, banner: null,
  },
  { family: 'no-nodeinfo', kind: null, probe: 'GET /.well-known/nodeinfo', name: null, pictures: {}, icon: null, banner: null },
  { family: 'broken-nodeinfo', kind: null, probe: 'GET /.well-known/nodeinfo', name: null, pictures: {}, icon: null, banner: null },
]

/** The page's words as a visitor reads them: no scripts (the payload carries the settings), no tags; <wbr> (a break opportunity after a host name's dots) is no space. */
const visibleText = (html: string) => html.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, ' ').replace(/<wbr>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')

describe.each(CASES)('$family', ({ family, kind, probe, name, pictures, icon, banner }) => {
  const fake = useFakeInstance('healthy', family)
  const site = useSite(() => ({
    env: {
      NUXT_PUBLIC_INSTANCE_URL: fake.url,
      NUXT_INSTANCE_PROBE_CACHE_SECONDS: '0',
      NUXT_INSTANCE_META_REFRESH_SECONDS: '0',
    },
  }))
  const shownName = () => name ?? new URL(fake.url).hostname
  const state = async (): Promise<PageState> => (await fetch(`${site.url}/api/state`)).json() as Promise<PageState>
  async function until(what: string, condition: (state: PageState) => boolean): Promise<PageState> {
    const deadline = Date.now() + 15_000
    for (;;) {
      const current = await state()
      if (condition(current)) return current
      if (Date.now() > deadline) throw new Error(`${what}: never happened; last state ${JSON.stringify(current)}\n${fake.requests.slice(-8).join('\n')}`)
      await new Promise(resolve => setTimeout(resolve, 100))
    }
  }
  const page = async () => (await fetch(site.url)).text()

  it('learns the software, name and pictures while it is up', async () => {
    for (const [path, answer] of Object.entries(pictures)) fake.serve(`GET ${path}`, answer)
    const learned = await until('learned', current => current.instance.state === 'up'
      && (kind === null || (current.branding?.kind === kind && (icon === null || current.branding.iconUrl !== null) && (banner === null || current.branding.bannerUrl !== null))))
    if (kind === null) {
      expect(learned.branding).toBeNull()
      return
    }
    expect(learned.branding).toMatchObject({
      name,
      kind,
      iconUrl: icon ? `/api/branding/icon/${sha(icon)}` : null,
      bannerUrl: banner ? `/api/branding/banner/${sha(banner)}` : null,
    })
    for (const [url, bytes] of [[learned.branding!.iconUrl, icon], [learned.branding!.bannerUrl, banner]] as const) {
      if (!url) continue
      const picture = await fetch(`${site.url}${url}`)
      expect(picture.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      expect(Buffer.from(await picture.arrayBuffer()).equals(bytes!)).toBe(true)
    }
  })

  it('shows them when it goes down, probed its own way, and says "Misskey" only for Misskey', async () => {
    await fake.setMode('unhealthy')
    await until('down', current => current.instance.state === 'down')
    const html = await page()
    const text = visibleText(html)
    expect(text).toContain(`${shownName()} is down`)
    expect(text).toContain(`your account and ${kind === 'misskey' ? 'notes' : 'posts'} on ${shownName()} are safe`)
    expect(text).toContain(`Try ${shownName()} again`)
    if (kind !== 'misskey') expect(text).not.toMatch(/misskey/i)
    if (icon) expect(html).toContain(`class="instance-icon" src="/api/branding/icon/${sha(icon)}"`)
    if (banner) expect(html).toContain(`class="instance-cover" src="/api/branding/banner/${sha(banner)}"`)
    else expect(html).not.toContain('class="instance-cover"')
    fake.requests.length = 0
    await state()
    await until('probed', () => fake.requests.includes(probe))
  })

  it('keeps them across a restart, knowing how to probe it while it is still down', async () => {
    const before = (await state()).branding
    await site.restart()
    fake.requests.length = 0
    const after = await until('down after the restart', current => current.instance.state === 'down')
    expect(after.branding).toEqual(before)
    expect(fake.requests[0]).toBe(probe)
    expect(visibleText(await page())).toContain(`${shownName()} is down`)
  })

  it('offers the way back when it returns', async () => {
    await fake.setMode('healthy')
    await until('up again', current => current.instance.state === 'up')
    const html = await page()
    expect(visibleText(html)).toContain(`Go back to ${shownName()}`)
    expect(html).toMatch(new RegExp(`href="${fake.url.replace(/[.]/g, '\\.')}/?"`))
  })
})

describe('NUXT_INSTANCE_SOFTWARE=gotosocial for a GoToSocial whose NodeInfo is off', () => {
  const fake = useFakeInstance('healthy', 'gotosocial')
  const site = useSite(() => ({
    env: {
      NUXT_PUBLIC_INSTANCE_URL: fake.url,
      NUXT_INSTANCE_SOFTWARE: 'gotosocial',
      NUXT_INSTANCE_PROBE_CACHE_SECONDS: '0',
      NUXT_INSTANCE_META_REFRESH_SECONDS: '0',
    },
  }))

  it('is probed its own way from the first probe, and its face learned all the same', async () => {
    for (const path of ['/.well-known/nodeinfo', '/nodeinfo/2.0']) fake.serve(`GET ${path}`, { status: 404, type: 'text/plain', body: 'Not Found' })
    fake.serve('GET /fileserver/01AAA/attachment/original/avatar.png', { type: 'image/png', body: ICON })
    const deadline = Date.now() + 15_000
    let state: PageState
    do {
      if (Date.now() > deadline) throw new Error('the face was never learned')
      await new Promise(resolve => setTimeout(resolve, 100))
      state = await (await fetch(`${site.url}/api/state`)).json() as PageState
    } while (state.branding?.iconUrl == null)
    expect(state.instance.state).toBe('up')
    expect(state.branding).toMatchObject({ name: 'GoToSocial Example', kind: 'gotosocial', iconUrl: `/api/branding/icon/${sha(ICON)}` })
    expect(fake.requests.find(request => request !== 'GET /.well-known/nodeinfo' && request !== 'GET /nodeinfo/2.0' && request !== 'GET /nodeinfo/2.1')).toBe('GET /readyz')
  })
})
