import { expect } from 'vitest'
import { FAKE_MISSKEY_MARK, type UpstreamMode } from '../support/fake-misskey'
import type { FrontName, Reply, Sent } from '../support/fronts'

/**
 * The one request table every front follows (nginx/, caddy/, cloudflare/), for every
 * software family (Misskey's paths and Mastodon's, which GoToSocial shares): what each
 * request gets while the instance is up, refuses connections, hangs, or answers
 * 500/502/503/504. tests/fronts/table.test.ts runs it against nginx and Caddy with each
 * family's example and against the Worker, and checks they all answer alike.
 */

export const INSTANCE_URL = 'https://misskey.example'
export const DOWN_PAGE = 'https://down.example.tld/'
export const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
const AP = 'application/activity+json'
const LD = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
const WS_HEADERS = { 'Connection': 'Upgrade', 'Upgrade': 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' }
const FORM = 'application/x-www-form-urlencoded'

/**
 * page:      a browser asking for a page → 302 to the down page while the instance is down;
 * api:       /api/…, /oauth/token → 503 JSON with CORS (but the API's own 500 passes through);
 * preflight: a CORS preflight on those → 204 so that the request after it can read the 503;
 * machine:   federation, streaming, monitors, files → 503 text.
 */
export type Kind = 'page' | 'api' | 'preflight' | 'machine'

export interface Case extends Sent {
  name: string
  kind: Kind
  /** Status the fake Misskey answers while up (101: WebSocket upgraded). */
  up: number
}

export const CASES: Case[] = [
  { name: 'page /', method: 'GET', path: '/', headers: { Accept: HTML }, kind: 'page', up: 200 },
  { name: 'profile', method: 'GET', path: '/@alice', headers: { Accept: HTML }, kind: 'page', up: 200 },
  { name: 'note with query', method: 'GET', path: '/notes/abc?x=1&y=2', headers: { Accept: HTML }, kind: 'page', up: 200 },
  { name: 'percent escapes', method: 'GET', path: '/@%E3%81%82%E3%81%84?q=%25&r=a%26b%3Dc&s=%2F%3F', headers: { Accept: HTML }, kind: 'page', up: 200 },
  { name: 'query holding from= and ?', method: 'GET', path: '/search?from=https://evil.example/&q=a?b&c=/x', headers: { Accept: HTML }, kind: 'page', up: 200 },
  { name: 'HEAD page', method: 'HEAD', path: '/notes/abc?x=1', headers: { Accept: HTML }, kind: 'page', up: 200 },
  { name: '/api-doc is a page', method: 'GET', path: '/api-doc', headers: { Accept: HTML }, kind: 'page', up: 200 },
  { name: 'API timeline', method: 'POST', path: '/api/notes/timeline', headers: { 'Accept': '*/*', 'Content-Type': 'application/json' }, body: '{"limit":10}', kind: 'api', up: 200 },
  { name: 'API ping', method: 'POST', path: '/api/ping', headers: { 'Content-Type': 'application/json' }, body: '{}', kind: 'api', up: 200 },
  { name: 'API opened in a browser', method: 'GET', path: '/api/ping', headers: { Accept: HTML }, kind: 'api', up: 200 },
  { name: 'API CORS preflight', method: 'OPTIONS', path: '/api/notes/create', headers: { 'Origin': 'https://client.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' }, kind: 'preflight', up: 204 },
  { name: 'API preflight asking for no headers', method: 'OPTIONS', path: '/api/meta', headers: { 'Origin': 'https://client.example', 'Access-Control-Request-Method': 'POST' }, kind: 'preflight', up: 204 },
  { name: 'WebSocket handshake on a page', method: 'GET', path: '/@alice', headers: { Accept: HTML, ...WS_HEADERS }, kind: 'machine', up: 400 },
  { name: 'streaming handshake', method: 'GET', path: '/streaming?i=token', headers: WS_HEADERS, kind: 'machine', up: 101 },
  { name: 'shared inbox', method: 'POST', path: '/inbox', headers: { 'Content-Type': AP, 'Accept': '*/*' }, body: '{"type":"Create"}', kind: 'machine', up: 202 },
  { name: 'user inbox', method: 'POST', path: '/users/9abc/inbox', headers: { 'Content-Type': LD }, body: '{"type":"Follow"}', kind: 'machine', up: 202 },
  { name: 'user inbox, percent-encoded', method: 'POST', path: '/users/9abc/%69nbox', headers: { 'Content-Type': AP }, body: '{"type":"Like"}', kind: 'machine', up: 202 },
  { name: 'AP content type on a GET', method: 'GET', path: '/notes/abc', headers: { 'Accept': HTML, 'Content-Type': AP }, kind: 'machine', up: 200 },
  { name: 'HTML content type, no HTML accepted', method: 'GET', path: '/notes/abc', headers: { 'Accept': '*/*', 'Content-Type': 'text/html' }, kind: 'machine', up: 200 },
  { name: 'AP fetch of a note', method: 'GET', path: '/notes/abc', headers: { Accept: AP }, kind: 'machine', up: 200 },
  { name: 'AP fetch preferring AP over HTML', method: 'GET', path: '/@alice', headers: { Accept: `${AP}, text/html;q=0.1` }, kind: 'machine', up: 200 },
  { name: 'AP HEAD with ld+json', method: 'HEAD', path: '/users/9abc', headers: { Accept: LD }, kind: 'machine', up: 200 },
  { name: 'webfinger', method: 'GET', path: '/.well-known/webfinger?resource=acct:a@b', headers: { Accept: 'application/jrd+json' }, kind: 'machine', up: 200 },
  { name: 'well-known in a browser', method: 'GET', path: '/.well-known/nodeinfo', headers: { Accept: HTML }, kind: 'machine', up: 200 },
  { name: 'nodeinfo', method: 'GET', path: '/nodeinfo/2.1', headers: { Accept: 'application/json' }, kind: 'machine', up: 200 },
  { name: 'file', method: 'GET', path: '/files/x.webp', headers: { Accept: 'image/avif,image/webp,*/*' }, kind: 'machine', up: 200 },
  { name: 'health check', method: 'GET', path: '/healthz', headers: { Accept: HTML }, kind: 'machine', up: 200 },
  { name: 'curl on /', method: 'GET', path: '/', headers: { Accept: '*/*' }, kind: 'machine', up: 200 },
  { name: 'form POST to a page', method: 'POST', path: '/notes/abc', headers: { 'Accept': HTML, 'Content-Type': FORM }, body: 'a=1', kind: 'machine', up: 200 },
  // Mastodon's paths (GoToSocial's are the same, but for its health checks).
  { name: 'Mastodon status page', method: 'GET', path: '/@alice/109876543210', headers: { Accept: HTML }, kind: 'page', up: 200 },
  { name: 'Mastodon home', method: 'GET', path: '/home', headers: { Accept: HTML }, kind: 'page', up: 200 },
  { name: 'Mastodon explore', method: 'GET', path: '/explore', headers: { Accept: HTML }, kind: 'page', up: 200 },
  { name: 'OAuth sign-in page', method: 'GET', path: '/oauth/authorize?client_id=x&redirect_uri=urn:ietf:wg:oauth:2.0:oob&response_type=code&scope=read', headers: { Accept: HTML }, kind: 'page', up: 200 },
  { name: 'OAuth token', method: 'POST', path: '/oauth/token', headers: { 'Accept': 'application/json', 'Content-Type': FORM }, body: 'grant_type=authorization_code&code=x', kind: 'api', up: 200 },
  { name: 'OAuth token CORS preflight', method: 'OPTIONS', path: '/oauth/token', headers: { 'Origin': 'https://client.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' }, kind: 'preflight', up: 204 },
  { name: 'Mastodon streaming WebSocket', method: 'GET', path: '/api/v1/streaming?stream=user&access_token=x', headers: WS_HEADERS, kind: 'api', up: 101 },
  { name: 'Mastodon streaming, server-sent events', method: 'GET', path: '/api/v1/streaming/public', headers: { Accept: 'text/event-stream' }, kind: 'api', up: 200 },
  { name: 'Mastodon search', method: 'GET', path: '/api/v2/search?q=alice&resolve=true', headers: { Accept: 'application/json', Authorization: 'Bearer x' }, kind: 'api', up: 200 },
  { name: 'AP fetch of an actor', method: 'GET', path: '/users/alice', headers: { Accept: AP }, kind: 'machine', up: 200 },
  { name: 'nodeinfo 2.0', method: 'GET', path: '/nodeinfo/2.0', headers: { Accept: 'application/json' }, kind: 'machine', up: 200 },
  { name: 'Mastodon health check in a browser', method: 'GET', path: '/health', headers: { Accept: HTML }, kind: 'machine', up: 200 },
  { name: 'GoToSocial readiness check', method: 'GET', path: '/readyz', headers: { Accept: HTML }, kind: 'machine', up: 200 },
  { name: 'Mastodon media', method: 'GET', path: '/system/media_attachments/files/000/000/001/original/x.png', headers: { Accept: 'image/avif,image/webp,*/*' }, kind: 'machine', up: 200 },
]

/** The ways Misskey is down that every front covers. */
export const DOWN_MODES: UpstreamMode[] = [500, 502, 503, 504, 'hang', 'closed']
export const MODES: UpstreamMode[] = ['up', ...DOWN_MODES]

/** Request targets that must never lead the down page off the instance. */
export const HOSTILE_PATHS = ['//evil.example/x', '/%2F%2Fevil.example', '/a/b/..%2F%2Fevil.example', '/@alice?next=https://evil.example/', '/%5Cevil.example', '/x?from=//evil.example']

/**
 * The instance's own answers pass through: everything while up, and a 500 on /api/ (its
 * API's JSON errors). A 500 from /oauth/token is down, as on every page.
 */
export function passesThrough(c: Case, mode: UpstreamMode): boolean {
  return mode === 'up' || (mode === 500 && /^\/api(\/|$)/.test(c.path))
}

/** What a front must answer for `c` while the fake Misskey is in `mode`. */
export function expectReply(front: string, c: Case, mode: UpstreamMode, reply: Reply): void {
  const where = `${front}: ${c.name} (${c.method} ${c.path}) with the instance ${mode}`
  const h = reply.headers

  if (passesThrough(c, mode)) {
    expect(reply.status, where).toBe(mode === 'up' ? c.up : 500)
    if (reply.status !== 101) expect(h['x-fake-misskey'], where).toBe('1')
    if (c.method !== 'HEAD' && reply.status !== 101 && reply.status !== 204) expect(reply.body, where).toContain(FAKE_MISSKEY_MARK)
    expect(h['retry-after'], where).toBeUndefined()
    return
  }

  expect(h['x-fake-misskey'], where).toBeUndefined()
  expect(reply.body, where).not.toContain(FAKE_MISSKEY_MARK)
  expect(h['cache-control'], where).toBe('no-store')
  switch (c.kind) {
    case 'page':
      expect(reply.status, where).toBe(302)
      expect(h.location, where).toBe(`${DOWN_PAGE}?from=${c.path}`)
      expect(h['retry-after'], where).toBeUndefined()
      break
    case 'preflight':
      expect(reply.status, where).toBe(204)
      expect(h['access-control-allow-origin'], where).toBe('*')
      expect(h['access-control-allow-methods'], where).toContain('POST')
      expect(h['access-control-allow-headers'], where).toBe(c.headers?.['Access-Control-Request-Headers'])
      break
    case 'api':
      expect(reply.status, where).toBe(503)
      expect(h['retry-after'], where).toBe('30')
      expect(h['access-control-allow-origin'], where).toBe('*')
      expect(h['content-type'], where).toBe('application/json; charset=utf-8')
      expect(JSON.parse(reply.body).error, where).toMatchObject({ code: 'SERVICE_UNAVAILABLE', kind: 'server' })
      break
    case 'machine':
      expect(reply.status, where).toBe(503)
      expect(h['retry-after'], where).toBe('30')
      expect(h['access-control-allow-origin'], where).toBe('*')
      expect(h.location, where).toBeUndefined()
      expect(h['content-type'], where).toBe('text/plain; charset=utf-8')
      if (c.method === 'HEAD') expect(reply.body, where).toBe('')
      else expect(reply.body, where).toMatch(/^503 Service Unavailable/)
      break
  }
}

/**
 * What the table compares between fronts: everything a client acts on. Headers a front
 * adds for itself (Server, Date, Content-Length, Via) are left out.
 */
export function outcome(reply: Reply): Record<string, string | number | undefined> {
  const h = reply.headers
  const text = (name: string) => {
    const value = h[name]
    return Array.isArray(value) ? value.join(', ') : value
  }
  return {
    'status': reply.status,
    'location': text('location'),
    'retry-after': text('retry-after'),
    'cache-control': text('cache-control'),
    'content-type': reply.status === 101 || reply.status === 204 || reply.status === 302 ? undefined : text('content-type'),
    'access-control-allow-origin': text('access-control-allow-origin'),
    'access-control-allow-methods': text('access-control-allow-methods'),
    'access-control-allow-headers': text('access-control-allow-headers'),
    'access-control-max-age': text('access-control-max-age'),
    'x-fake-misskey': text('x-fake-misskey'),
    // nginx's redirect carries a small HTML page of its own; no browser shows it.
    'body': reply.status === 302 ? undefined : reply.body,
  }
}

/**
 * Where a front answers differently from the others on purpose, and why. The comparison
 * in table.test.ts allows exactly these; anything else that differs fails it.
 */
export interface DeliberateDifference {
  front: FrontName
  case?: string
  mode?: UpstreamMode
  field: keyof ReturnType<typeof outcome>
  why: string
}

export const DELIBERATE_DIFFERENCES: DeliberateDifference[] = []

// Differences outside this table, each documented in its front's README:
// - "Misskey hangs": nginx gives up after proxy_read_timeout (60 s between reads), Caddy
//   after response_header_timeout (60 s); behind Cloudflare the Worker sees Cloudflare's
//   own 524 after 100 s (the table runs the Worker's "hang" as that 524).
// - Only the Worker treats 520–527 and 530 as down: those are Cloudflare's answers for an
//   origin it cannot reach (worker.test.ts); Misskey behind nginx or Caddy never sends them.
// - Only the Worker asks /healthz before page requests, so that pages cached at the edge
//   are not served while Misskey is dead (worker.test.ts).
// - Caddy 2.6 reports a request body over `request_body max_size` as a proxy error, which
//   its snippet answers as down; nginx answers 413 before proxying (caddy/README.md).
