import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { readFromParam, safeReturnUrl } from '../../shared/utils/return-url'
import { FAKE_MISSKEY_MARK, useFakeMisskey, type UpstreamMode } from '../support/fake-misskey'
import { HOST, send, startCaddyFront, startNginxFront, startWorkerFront, type Front, type FrontName } from '../support/fronts'
import { CASES, DELIBERATE_DIFFERENCES, DOWN_MODES, DOWN_PAGE, HOSTILE_PATHS, HTML, INSTANCE_URL, MODES, expectReply, outcome } from './scenarios'

// The shared request table on every front at once: real nginx and real Caddy from
// Debian's packages running the shipped files, and the shipped Worker on workerd
// (Miniflare), all in front of one fake Misskey that is up, answers 500/502/503/504,
// hangs, or is not listening.

const FRONTS: FrontName[] = ['nginx', 'caddy', 'worker']
const starters = { nginx: startNginxFront, caddy: startCaddyFront, worker: startWorkerFront }

const upstream = useFakeMisskey()
const fronts = new Map<FrontName, Front>()
/** What each front answered, by front, mode and case. */
const measured = new Map<string, ReturnType<typeof outcome>>()
/** Every Location a front sent to the down page, with the request that caused it. */
const redirects: Array<{ front: FrontName, path: string, location: string }> = []

const key = (front: FrontName, mode: UpstreamMode, name: string) => `${front}|${mode}|${name}`

beforeAll(async () => {
  for (const name of FRONTS) fronts.set(name, await starters[name](upstream))
})

afterAll(async () => {
  await Promise.all([...fronts.values()].map(front => front.stop()))
})

function front(name: FrontName): Front {
  const found = fronts.get(name)
  if (!found) throw new Error(`${name} did not start`)
  return found
}

describe.each(FRONTS)('%s in front of Misskey', (name) => {
  it.each(MODES.map(mode => [mode]))('Misskey %s: every request gets its expected answer', async (mode) => {
    const f = front(name)
    await f.setMode(mode)
    // In parallel: with a hanging Misskey every request waits out the front's timeout.
    const replies = await Promise.all(CASES.map(c => send(f.port, c)))
    CASES.forEach((c, i) => {
      const reply = replies[i]!
      measured.set(key(name, mode, c.name), outcome(reply))
      if (reply.status === 302 && reply.headers.location) redirects.push({ front: name, path: c.path, location: reply.headers.location })
    })
    for (const [i, c] of CASES.entries()) expectReply(name, c, mode, replies[i]!)
  })

  it('passes Misskey\'s own API error bodies through while it is up (401 and 500)', async () => {
    const f = front(name)
    await f.setMode('up')
    for (const [path, status, code] of [['/api/i/notifications', 401, 'CREDENTIAL_REQUIRED'], ['/api/notes/show', 500, 'INTERNAL_ERROR']] as const) {
      const reply = await send(f.port, { method: 'POST', path, headers: { 'Content-Type': 'application/json', 'Accept': HTML }, body: '{}' })
      expect(reply.status, path).toBe(status)
      expect(reply.headers['x-fake-misskey'], path).toBe('1')
      expect(reply.headers['retry-after'], path).toBeUndefined()
      expect(JSON.parse(reply.body).error, path).toMatchObject({ code, mark: FAKE_MISSKEY_MARK })
    }
  })

  it('carries a live WebSocket on /streaming while up, and refuses it with 503 while down', async () => {
    const f = front(name)
    await f.setMode('up')
    const ws = new WebSocket(`ws://127.0.0.1:${f.port}/streaming?i=token`, { headers: { Host: HOST } })
    const echoed = await new Promise<string>((resolve, reject) => {
      ws.on('open', () => ws.send('hello'))
      ws.on('message', data => resolve(String(data)))
      ws.on('error', reject)
    })
    expect(echoed).toBe('echo:hello')
    ws.close()

    for (const mode of ['closed', 502] as const) {
      await f.setMode(mode)
      const refused = new WebSocket(`ws://127.0.0.1:${f.port}/streaming`, { headers: { Host: HOST } })
      const status = await new Promise<number>((resolve, reject) => {
        refused.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
        refused.on('open', () => reject(new Error('opened while Misskey is down')))
        refused.on('error', () => {})
      })
      refused.terminate()
      expect(status, String(mode)).toBe(503)
    }
  })

  it('hostile request targets never lead the down page off the instance', async () => {
    const f = front(name)
    await f.setMode('closed')
    for (const path of HOSTILE_PATHS) {
      const reply = await send(f.port, { method: 'GET', path, headers: { Accept: HTML } })
      expect(reply.status, path).toBe(302)
      const target = safeReturnUrl(readFromParam(new URL(reply.headers.location!).search), INSTANCE_URL)
      expect(new URL(target!).origin, path).toBe(INSTANCE_URL)
    }
  })

  it('the down page parses every Location it sent back to the original URL', () => {
    const mine = redirects.filter(r => r.front === name)
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
    const allowed = (f: FrontName, mode: UpstreamMode, c: string, field: string) => {
      const index = DELIBERATE_DIFFERENCES.findIndex(d =>
        d.front === f && d.field === field && (d.case === undefined || d.case === c) && (d.mode === undefined || d.mode === mode))
      if (index >= 0) used.add(index)
      return index >= 0
    }
    const differences: string[] = []
    let compared = 0
    for (const mode of MODES) {
      for (const c of CASES) {
        const reference = measured.get(key('nginx', mode, c.name))
        for (const f of FRONTS) {
          const answer = measured.get(key(f, mode, c.name))
          if (!reference || !answer) {
            differences.push(`${f}: no answer measured for ${c.name} with Misskey ${mode}`)
            continue
          }
          compared++
          for (const field of Object.keys(reference)) {
            if (answer[field] === reference[field] || allowed(f, mode, c.name, field)) continue
            differences.push(`${f} vs nginx, ${c.name} with Misskey ${mode}: ${field} ${JSON.stringify(answer[field])} ≠ ${JSON.stringify(reference[field])}`)
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
