import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { readFromParam, safeReturnUrl } from '../../shared/utils/return-url'
import { FAKE_MISSKEY_MARK, useFakeMisskey, type Family, type UpstreamMode } from '../support/fake-misskey'
import { HOST, send, startCaddyFront, startNginxFront, startWorkerFront, type Front, type FrontName } from '../support/fronts'
import { CASES, DELIBERATE_DIFFERENCES, DOWN_MODES, DOWN_PAGE, HOSTILE_PATHS, HTML, INSTANCE_URL, MODES, expectReply, outcome, passesThrough } from './scenarios'

// The shared request table on every front at once: real nginx and real Caddy from
// Debian's packages running each family's shipped example (nginx: example-misskey.conf
// and example-mastodon.conf; Caddy: example-misskey.Caddyfile and
// example-gotosocial.Caddyfile), and the shipped Worker on workerd (Miniflare), in front
// of a fake Misskey or Mastodon that is up, answers 500/502/503/504, hangs, or is not
// listening.

/** A front with the example of one family; its label names both, e.g. `nginx+mastodon`. */
interface Setup { name: FrontName, family: Family, label: string }
const setup = (name: FrontName, family: Family): Setup => ({ name, family, label: `${name}+${family}` })
const FRONTS: Setup[] = [
  setup('nginx', 'misskey'),
  setup('nginx', 'mastodon'),
  setup('caddy', 'misskey'),
  setup('caddy', 'mastodon'),
  setup('worker', 'misskey'),
  setup('worker', 'mastodon'),
]
const REFERENCE = FRONTS[0]!.label
const starters = { nginx: startNginxFront, caddy: startCaddyFront, worker: startWorkerFront }

const upstreams = { misskey: useFakeMisskey('misskey'), mastodon: useFakeMisskey('mastodon') }
const fronts = new Map<string, Front>()
/** What each front answered, by front, mode and case. */
const measured = new Map<string, ReturnType<typeof outcome>>()
/** Every Location a front sent to the down page, with the request that caused it. */
const redirects: Array<{ front: string, path: string, location: string }> = []

const key = (front: string, mode: UpstreamMode, name: string) => `${front}|${mode}|${name}`

beforeAll(async () => {
  for (const { name, family, label } of FRONTS) fronts.set(label, await starters[name](upstreams[family], family))
}, 60_000)

afterAll(async () => {
  await Promise.all([...fronts.values()].map(front => front.stop()))
})

function front(label: string): Front {
  const found = fronts.get(label)
  if (!found) throw new Error(`${label} did not start`)
  return found
}

// Caddy's example for the Mastodon family is GoToSocial's (whose documentation
// recommends Caddy); the fake speaks Mastodon's paths, which GoToSocial shares.
describe.each(FRONTS.map(f => [f.label, f.family] as const))('%s', (label, family) => {
  it.each(MODES.map(mode => [mode]))(`${family} %s: every request gets its expected answer`, async (mode) => {
    const f = front(label)
    await f.setMode(mode)
    // In parallel: with a hanging instance every request waits out the front's timeout.
    const replies = await Promise.all(CASES.map(c => send(f.port, c)))
    CASES.forEach((c, i) => {
      const reply = replies[i]!
      measured.set(key(label, mode, c.name), outcome(reply))
      if (reply.status === 302 && reply.headers.location) redirects.push({ front: label, path: c.path, location: reply.headers.location })
    })
    for (const [i, c] of CASES.entries()) expectReply(label, c, mode, replies[i]!)
  })

  it('passes the instance\'s own API error bodies through while it is up (401 and 500)', async () => {
    const f = front(label)
    await f.setMode('up')
    for (const [path, status, code] of [['/api/i/notifications', 401, 'CREDENTIAL_REQUIRED'], ['/api/notes/show', 500, 'INTERNAL_ERROR']] as const) {
      const reply = await send(f.port, { method: 'POST', path, headers: { 'Content-Type': 'application/json', 'Accept': HTML }, body: '{}' })
      expect(reply.status, path).toBe(status)
      expect(reply.headers['x-fake-misskey'], path).toBe('1')
      expect(reply.headers['retry-after'], path).toBeUndefined()
      expect(JSON.parse(reply.body).error, path).toMatchObject({ code, mark: FAKE_MISSKEY_MARK })
    }
  })

  // Misskey's streaming is /streaming; Mastodon's and GoToSocial's /api/v1/streaming.
  const streaming = family === 'misskey' ? '/streaming' : '/api/v1/streaming'
  it(`carries a live WebSocket on ${streaming} while up, and refuses it with 503 while down`, async () => {
    const f = front(label)
    await f.setMode('up')
    const ws = new WebSocket(`ws://127.0.0.1:${f.port}${streaming}?i=token`, { headers: { Host: HOST } })
    const echoed = await new Promise<string>((resolve, reject) => {
      ws.on('open', () => ws.send('hello'))
      ws.on('message', data => resolve(String(data)))
      ws.on('error', reject)
    })
    expect(echoed).toBe('echo:hello')
    ws.close()

    for (const mode of ['closed', 502] as const) {
      await f.setMode(mode)
      const refused = new WebSocket(`ws://127.0.0.1:${f.port}${streaming}`, { headers: { Host: HOST } })
      const status = await new Promise<number>((resolve, reject) => {
        refused.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
        refused.on('open', () => reject(new Error('opened while the instance is down')))
        refused.on('error', () => {})
      })
      refused.terminate()
      expect(status, String(mode)).toBe(503)
    }
  })

  it('hostile request targets never lead the down page off the instance', async () => {
    const f = front(label)
    await f.setMode('closed')
    for (const path of HOSTILE_PATHS) {
      const reply = await send(f.port, { method: 'GET', path, headers: { Accept: HTML } })
      expect(reply.status, path).toBe(302)
      const target = safeReturnUrl(readFromParam(new URL(reply.headers.location!).search), INSTANCE_URL)
      expect(new URL(target!).origin, path).toBe(INSTANCE_URL)
    }
  })

  it('the down page parses every Location it sent back to the original URL', () => {
    const mine = redirects.filter(r => r.front === label)
    // One redirect per page case and down mode.
    expect(mine.length).toBe(CASES.filter(c => c.kind === 'page').length * DOWN_MODES.length)
    for (const { path, location } of mine) {
      const url = new URL(location)
      expect(`${url.origin}${url.pathname}`).toBe(DOWN_PAGE)
      const from = readFromParam(url.search)
      expect(from, location).toBe(path)
      expect(safeReturnUrl(from, INSTANCE_URL), location).toBe(`${INSTANCE_URL}${path}`)
    }
  })
})

describe('every front answers alike', () => {
  it('the same scenarios, the same answers, except the documented deliberate differences', () => {
    const used = new Set<number>()
    const allowed = (f: Setup, mode: UpstreamMode, c: string, field: string) => {
      const index = DELIBERATE_DIFFERENCES.findIndex(d =>
        d.front === f.name && d.field === field && (d.case === undefined || d.case === c) && (d.mode === undefined || d.mode === mode))
      if (index >= 0) used.add(index)
      return index >= 0
    }
    const differences: string[] = []
    let compared = 0
    for (const mode of MODES) {
      for (const c of CASES) {
        for (const f of FRONTS) {
          // The instance's own answers (while up, and its API's 500) are compared within
          // the family, as each family's fake sends its own; every answer of a front's
          // own is compared with one front, whatever the family.
          const referenceLabel = passesThrough(c, mode) ? `nginx+${f.family}` : REFERENCE
          const reference = measured.get(key(referenceLabel, mode, c.name))
          const answer = measured.get(key(f.label, mode, c.name))
          if (!reference || !answer) {
            differences.push(`${f.label}: no answer measured for ${c.name} with the instance ${mode}`)
            continue
          }
          compared++
          for (const field of Object.keys(reference)) {
            if (answer[field] === reference[field] || allowed(f, mode, c.name, field)) continue
            differences.push(`${f.label} vs ${referenceLabel}, ${c.name} with the instance ${mode}: ${field} ${JSON.stringify(answer[field])} ≠ ${JSON.stringify(reference[field])}`)
          }
        }
      }
    }
    expect(differences).toEqual([])
    expect(compared).toBe(FRONTS.length * MODES.length * CASES.length)
    // A documented difference that no longer occurs is stale documentation.
    expect(DELIBERATE_DIFFERENCES.filter((_, i) => !used.has(i))).toEqual([])
  })
})
