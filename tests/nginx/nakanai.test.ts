import { request, type IncomingHttpHeaders } from 'node:http'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { readFromParam, safeReturnUrl } from '../../shared/utils/return-url'
import { FAKE_MISSKEY_MARK, startFakeMisskey, type FakeMisskey, type UpstreamMode } from '../support/nginx-upstream'
import { NGINX_SOURCE_DIR, NginxPrefix, SHIPPED_UPSTREAM, freePort, startNginx, type RunningNginx } from '../support/nginx'

// The real nginx from Debian's package runs the shipped nakanai-http.conf, nakanai.conf
// and root-only.conf in front of a fake Misskey that the test switches between up,
// answering 500/502/503/504, hanging, and not listening at all.

const HOST = 'misskey.example'
const INSTANCE_URL = `https://${HOST}`
const DOWN_PAGE = 'https://down.example.tld/'
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
const AP = 'application/activity+json'
const LD = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
const WS_HEADERS = { 'Connection': 'Upgrade', 'Upgrade': 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' }

/**
 * page:      a browser asking for a page → 302 to the down page while Misskey is down;
 * api:       /api/… → 503 JSON with CORS (but Misskey's own 500 passes through);
 * preflight: a CORS preflight on /api/ → 204 so that the request after it can read the 503;
 * machine:   federation, streaming, monitors, files → 503 text.
 */
type Kind = 'page' | 'api' | 'preflight' | 'machine'

interface Case {
  name: string
  method: string
  path: string
  headers?: Record<string, string>
  body?: string
  kind: Kind
  /** Status the fake Misskey answers while up (101: WebSocket upgraded). */
  up: number
}

const CASES: Case[] = [
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
  { name: 'streaming handshake', method: 'GET', path: '/streaming?i=token', headers: WS_HEADERS, kind: 'machine', up: 101 },
  { name: 'shared inbox', method: 'POST', path: '/inbox', headers: { 'Content-Type': AP, 'Accept': '*/*' }, body: '{"type":"Create"}', kind: 'machine', up: 202 },
  { name: 'user inbox', method: 'POST', path: '/users/9abc/inbox', headers: { 'Content-Type': LD }, body: '{"type":"Follow"}', kind: 'machine', up: 202 },
  { name: 'user inbox, percent-encoded', method: 'POST', path: '/users/9abc/%69nbox', headers: { 'Content-Type': AP }, body: '{"type":"Like"}', kind: 'machine', up: 202 },
  { name: 'AP content type on a GET', method: 'GET', path: '/notes/abc', headers: { 'Accept': HTML, 'Content-Type': AP }, kind: 'machine', up: 200 },
  { name: 'AP fetch of a note', method: 'GET', path: '/notes/abc', headers: { Accept: AP }, kind: 'machine', up: 200 },
  { name: 'AP fetch preferring AP over HTML', method: 'GET', path: '/@alice', headers: { Accept: `${AP}, text/html;q=0.1` }, kind: 'machine', up: 200 },
  { name: 'AP HEAD with ld+json', method: 'HEAD', path: '/users/9abc', headers: { Accept: LD }, kind: 'machine', up: 200 },
  { name: 'webfinger', method: 'GET', path: '/.well-known/webfinger?resource=acct:a@b', headers: { Accept: 'application/jrd+json' }, kind: 'machine', up: 200 },
  { name: 'well-known in a browser', method: 'GET', path: '/.well-known/nodeinfo', headers: { Accept: HTML }, kind: 'machine', up: 200 },
  { name: 'nodeinfo', method: 'GET', path: '/nodeinfo/2.1', headers: { Accept: 'application/json' }, kind: 'machine', up: 200 },
  { name: 'file', method: 'GET', path: '/files/x.webp', headers: { Accept: 'image/avif,image/webp,*/*' }, kind: 'machine', up: 200 },
  { name: 'health check', method: 'GET', path: '/healthz', headers: { Accept: HTML }, kind: 'machine', up: 200 },
  { name: 'curl on /', method: 'GET', path: '/', headers: { Accept: '*/*' }, kind: 'machine', up: 200 },
  { name: 'form POST to a page', method: 'POST', path: '/notes/abc', headers: { 'Accept': HTML, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a=1', kind: 'machine', up: 200 },
]

const DOWN_MODES: UpstreamMode[] = [500, 502, 503, 504, 'hang', 'closed']

interface Reply {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** One request straight to nginx: no redirects followed, Host set, raw path kept. */
function send(port: number, { method, path, headers = {}, body }: Pick<Case, 'method' | 'path' | 'headers' | 'body'>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent: false, headers: { Host: HOST, ...headers } })
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('upgrade', (res, socket) => {
      socket.destroy()
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' })
    })
    req.on('error', reject)
    req.setTimeout(15_000, () => req.destroy(new Error(`${method} ${path} timed out`)))
    req.end(body)
  })
}

/** What nginx must answer for `c` while the fake Misskey is in `mode`. */
function expectReply(c: Case, mode: UpstreamMode, reply: Reply): void {
  const where = `${c.name} (${c.method} ${c.path}) with upstream ${mode}`
  const h = reply.headers

  // Misskey's own answers pass through: everything while up, and a 500 on /api/.
  if (mode === 'up' || (mode === 500 && (c.kind === 'api' || c.kind === 'preflight'))) {
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
      expect(h['access-control-allow-headers'], where).toBe('content-type')
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

/** One row of the measured table (printed with NAKANAI_NGINX_TABLE=1). */
const measured: Array<{ mode: UpstreamMode, name: string, request: string, status: number, location?: string, retryAfter?: string, cors?: string, type?: string }> = []
/** Every Location nginx sent to the down page, with the request that caused it. */
const redirects: Array<{ path: string, location: string }> = []

let upstream: FakeMisskey
let prefix: NginxPrefix
let nginx: RunningNginx
let rootOnlyPort: number

beforeAll(async () => {
  upstream = await startFakeMisskey()
  prefix = await NginxPrefix.create()
  // The shipped files, unchanged except for the Misskey address they proxy to.
  const toFake: Array<[string, string]> = [[SHIPPED_UPSTREAM, `127.0.0.1:${upstream.port}`]]
  await prefix.install('nakanai-http.conf')
  await prefix.install('nakanai.conf', toFake)
  await prefix.install('root-only.conf', toFake)
  const port = await freePort()
  rootOnlyPort = await freePort()
  await prefix.writeMainConfig(`
  include nakanai/nakanai-http.conf;
  # One server as an admin would have it with nakanai.conf; short timeouts so that
  # "Misskey hangs" takes one second, not a minute.
  server {
    listen 127.0.0.1:${port};
    server_name ${HOST};
    client_max_body_size 80m;
    proxy_connect_timeout 2s;
    proxy_read_timeout 1s;
    include nakanai/nakanai.conf;
  }
  # One with the minimal root-only.conf next to a plain location /.
  server {
    listen 127.0.0.1:${rootOnlyPort};
    server_name ${HOST};
    proxy_read_timeout 1s;
    location / {
      proxy_pass http://127.0.0.1:${upstream.port};
      proxy_set_header Host $host;
    }
    include nakanai/root-only.conf;
  }`)
  nginx = await startNginx(prefix, port)
})

afterAll(async () => {
  await nginx?.stop()
  await upstream?.close()
  await prefix?.remove()
  if (process.env.NAKANAI_NGINX_TABLE) {
    console.log(['| upstream | case | request | status | Location | Retry-After | CORS | Content-Type |', '|---|---|---|---|---|---|---|---|',
      ...measured.map(r => `| ${r.mode} | ${r.name} | ${r.request} | ${r.status} | ${r.location ?? ''} | ${r.retryAfter ?? ''} | ${r.cors ?? ''} | ${r.type ?? ''} |`)].join('\n'))
  }
})

describe('nakanai.conf in front of Misskey', () => {
  it.each([['up' as UpstreamMode], ...DOWN_MODES.map(mode => [mode])])('upstream %s: every request gets its expected answer', async (mode) => {
    await upstream.setMode(mode)
    // In parallel: with a hanging upstream every request waits out proxy_read_timeout.
    const replies = await Promise.all(CASES.map(c => send(nginx.port, c)))
    CASES.forEach((c, i) => {
      const reply = replies[i]!
      measured.push({
        mode, name: c.name, request: `${c.method} ${c.path}`, status: reply.status,
        location: reply.headers.location, retryAfter: reply.headers['retry-after'] as string | undefined,
        cors: reply.headers['access-control-allow-origin'] as string | undefined, type: reply.headers['content-type'],
      })
      if (reply.status === 302 && reply.headers.location) redirects.push({ path: c.path, location: reply.headers.location })
    })
    for (const [i, c] of CASES.entries()) expectReply(c, mode, replies[i]!)
  })

  it('passes Misskey\'s own API error bodies through while it is up (401 and 500)', async () => {
    await upstream.setMode('up')
    for (const [path, status, code] of [['/api/i/notifications', 401, 'CREDENTIAL_REQUIRED'], ['/api/notes/show', 500, 'INTERNAL_ERROR']] as const) {
      const reply = await send(nginx.port, { method: 'POST', path, headers: { 'Content-Type': 'application/json', 'Accept': HTML }, body: '{}' })
      expect(reply.status, path).toBe(status)
      expect(reply.headers['x-fake-misskey'], path).toBe('1')
      expect(reply.headers['retry-after'], path).toBeUndefined()
      expect(JSON.parse(reply.body).error, path).toMatchObject({ code, mark: FAKE_MISSKEY_MARK })
    }
  })

  it('carries a live WebSocket on /streaming while up, and refuses it with 503 while down', async () => {
    await upstream.setMode('up')
    const ws = new WebSocket(`ws://127.0.0.1:${nginx.port}/streaming?i=token`, { headers: { Host: HOST } })
    const echoed = await new Promise<string>((resolve, reject) => {
      ws.on('open', () => ws.send('hello'))
      ws.on('message', data => resolve(String(data)))
      ws.on('error', reject)
    })
    expect(echoed).toBe('echo:hello')
    ws.close()

    for (const mode of ['closed', 502] as const) {
      await upstream.setMode(mode)
      const refused = new WebSocket(`ws://127.0.0.1:${nginx.port}/streaming`, { headers: { Host: HOST } })
      const status = await new Promise<number>((resolve, reject) => {
        refused.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
        refused.on('open', () => reject(new Error('opened while Misskey is down')))
        refused.on('error', () => {})
      })
      refused.terminate()
      expect(status, String(mode)).toBe(503)
    }
  })

  it('the down page parses the from values nginx actually produced', () => {
    // One redirect per page case and down mode.
    const pages = CASES.filter(c => c.kind === 'page')
    expect(redirects.length).toBe(pages.length * DOWN_MODES.length)
    for (const { path, location } of redirects) {
      const url = new URL(location)
      expect(`${url.origin}${url.pathname}`).toBe(DOWN_PAGE)
      const from = readFromParam(url.search)
      expect(from, location).toBe(path)
      expect(safeReturnUrl(from, INSTANCE_URL), location).toBe(`${INSTANCE_URL}${path}`)
    }
  })

  it('hostile request targets never lead the down page off the instance', async () => {
    await upstream.setMode('closed')
    for (const path of ['//evil.example/x', '/%2F%2Fevil.example', '/a/b/..%2F%2Fevil.example', '/@alice?next=https://evil.example/', '/%5Cevil.example', '/x?from=//evil.example']) {
      const reply = await send(nginx.port, { method: 'GET', path, headers: { Accept: HTML } })
      expect(reply.status, path).toBe(302)
      const target = safeReturnUrl(readFromParam(new URL(reply.headers.location!).search), INSTANCE_URL)
      expect(new URL(target!).origin, path).toBe(INSTANCE_URL)
    }
  })
})

describe('root-only.conf', () => {
  it('redirects only browsers on / and leaves every other path as it was', async () => {
    await upstream.setMode('up')
    expect((await send(rootOnlyPort, { method: 'GET', path: '/', headers: { Accept: HTML } })).status).toBe(200)

    for (const mode of [500, 'closed'] as const) {
      await upstream.setMode(mode)
      const page = await send(rootOnlyPort, { method: 'GET', path: '/', headers: { Accept: HTML } })
      expect(page.status).toBe(302)
      expect(page.headers.location).toBe(`${DOWN_PAGE}?from=/`)
      expect(safeReturnUrl(readFromParam(new URL(page.headers.location!).search), INSTANCE_URL)).toBe(`${INSTANCE_URL}/`)
      const head = await send(rootOnlyPort, { method: 'HEAD', path: '/', headers: { Accept: HTML } })
      expect(head.status).toBe(302)
      const monitor = await send(rootOnlyPort, { method: 'GET', path: '/', headers: { Accept: '*/*' } })
      expect(monitor.status).toBe(503)
      expect(monitor.headers['retry-after']).toBe('30')
      // Other paths keep whatever the admin's own location / does (here: nothing).
      const note = await send(rootOnlyPort, { method: 'GET', path: '/notes/abc', headers: { Accept: HTML } })
      expect(note.status).toBe(mode === 500 ? 500 : 502)
    }
  })

  it('carries the same fallback locations as nakanai.conf', async () => {
    const named = (text: string) => text.slice(text.indexOf('location @nakanai_redirect'))
    const [full, rootOnly] = await Promise.all(['nakanai.conf', 'root-only.conf'].map(f => readFile(join(NGINX_SOURCE_DIR, f), 'utf8')))
    expect(named(rootOnly!)).toBe(named(full!))
  })
})
