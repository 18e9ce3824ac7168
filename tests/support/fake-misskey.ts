import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { WebSocketServer } from 'ws'
import { listener } from './listen'
import { useStarted } from './use-started'

/**
 * A stand-in for the instance behind the fronts (nginx, Caddy, the Cloudflare Worker):
 * Misskey, or Mastodon (family 'mastodon'), switchable between:
 *   'up'       answers like the instance (pages, API incl. its 4xx/500 JSON errors,
 *              OAuth, ActivityPub, webfinger, nodeinfo, health checks, files and media,
 *              the WebSocket on /streaming and /api/v1/streaming, server-sent events on
 *              /api/v1/streaming/…);
 *   a status   answers every request (and every WebSocket handshake) with it: 500…504
 *              as Misskey or a proxy behind the front would, 520…530 as Cloudflare
 *              answers a Worker for an origin it cannot reach;
 *   'hang'     accepts the connection and never answers;
 *   'closed'   nothing listens on the port (connection refused).
 * Every answer it sends carries `X-Fake-Misskey: 1` and bodies it sends contain
 * FAKE_MISSKEY_MARK, so a test can tell a passed-through answer from nginx's own.
 *
 * Both families answer the shared request table (tests/fronts/scenarios.ts) alike, so
 * that every front's answers can be compared; Mastodon's differ where its proxy
 * configuration must cope with them: Rails' default `Cache-Control` on every answer (what
 * keeps Mastodon's `proxy_cache_valid 200 7d` from keeping pages) and its own 404 page
 * for an account that does not exist (MASTODON_MISSING_PAGE).
 */
export type UpstreamMode = 'up' | number | 'hang' | 'closed'

export type Family = 'misskey' | 'mastodon'

/** A page Mastodon answers with its own 404 page (an account that does not exist). */
export const MASTODON_MISSING_PAGE = '/@nobody'
/** What Rails sends when an answer says nothing about caching (ActionDispatch). */
const RAILS_CACHE_CONTROL = 'max-age=0, private, must-revalidate'
const STREAMING_PATH = /^\/(streaming|api\/v1\/streaming)(\/|$)/

export const FAKE_MISSKEY_MARK = 'fake-misskey'

export interface FakeMisskey {
  readonly port: number
  readonly mode: UpstreamMode
  setMode(mode: UpstreamMode): Promise<void>
  close(): Promise<void>
}

const misskeyError = (code: string, message: string) => JSON.stringify({
  error: { message, code, id: '00000000-0000-4000-8000-000000000000', kind: code === 'INTERNAL_ERROR' ? 'server' : 'client', mark: FAKE_MISSKEY_MARK },
})

function answerUp(family: Family, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://upstream')
  const accept = req.headers.accept ?? ''
  const send = (status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
    const caching = family === 'mastodon' ? { 'Cache-Control': RAILS_CACHE_CONTROL } : {}
    res.writeHead(status, { 'Content-Type': type, 'X-Fake-Misskey': '1', ...caching, ...headers })
    res.end(req.method === 'HEAD' ? undefined : body)
  }

  if (url.pathname === '/api/i/notifications') {
    return send(401, 'application/json; charset=utf-8', misskeyError('CREDENTIAL_REQUIRED', 'Credential required.'))
  }
  if (url.pathname === '/api/notes/show') {
    return send(500, 'application/json; charset=utf-8', misskeyError('INTERNAL_ERROR', 'Internal error occurred.'))
  }
  if (url.pathname.startsWith('/api/v1/streaming') && accept.includes('text/event-stream')) {
    // One event, then the end: enough to see it passed through unbuffered and whole.
    return send(200, 'text/event-stream', `event: update\ndata: ${FAKE_MISSKEY_MARK}\n\n`, { 'Cache-Control': 'no-store' })
  }
  if (url.pathname.startsWith('/api/') || /^\/oauth\/(token|revoke)$/.test(url.pathname)) {
    if (req.method === 'OPTIONS') return send(204, 'text/plain', '', { 'Access-Control-Allow-Origin': '*' })
    return send(200, 'application/json; charset=utf-8', JSON.stringify({ path: url.pathname, mark: FAKE_MISSKEY_MARK }), { 'Access-Control-Allow-Origin': '*' })
  }
  if (/^\/(users\/[^/]+\/)?inbox$/.test(decodeURIComponent(url.pathname))) return send(202, 'text/plain', `accepted ${FAKE_MISSKEY_MARK}`)
  if (/^\/(healthz|health|livez|readyz)$/.test(url.pathname)) return send(200, 'text/plain', FAKE_MISSKEY_MARK, { 'Cache-Control': 'no-store' })
  if (url.pathname.startsWith('/.well-known/')) return send(200, 'application/jrd+json', JSON.stringify({ subject: url.searchParams.get('resource'), mark: FAKE_MISSKEY_MARK }))
  if (url.pathname.startsWith('/nodeinfo/')) return send(200, 'application/json; charset=utf-8', JSON.stringify({ version: '2.1', mark: FAKE_MISSKEY_MARK }))
  if (url.pathname.startsWith('/files/')) return send(200, 'image/webp', Buffer.from(`RIFF....WEBP${FAKE_MISSKEY_MARK}`), { 'Cache-Control': 'public, max-age=300' })
  if (url.pathname.startsWith('/system/')) return send(200, 'image/png', Buffer.from(`PNG ${FAKE_MISSKEY_MARK}`))
  if (/application\/(activity|ld)\+json/.test(accept)) {
    return send(200, 'application/activity+json; charset=utf-8', JSON.stringify({ type: 'Note', id: url.pathname, mark: FAKE_MISSKEY_MARK }))
  }
  if (STREAMING_PATH.test(url.pathname)) return send(400, 'text/plain', `WebSocket only ${FAKE_MISSKEY_MARK}`)
  if (family === 'mastodon' && url.pathname === MASTODON_MISSING_PAGE) {
    return send(404, 'text/html; charset=utf-8', `<!doctype html><title>The page you are looking for isn't here.</title><p>${FAKE_MISSKEY_MARK} 404</p>`)
  }
  return send(200, 'text/html; charset=utf-8', `<!doctype html><title>Misskey</title><p>${FAKE_MISSKEY_MARK} ${url.pathname}</p>`)
}

function answerStatus(status: number, req: IncomingMessage, res: ServerResponse): void {
  const isApi = (req.url ?? '').startsWith('/api/')
  res.writeHead(status, { 'Content-Type': isApi ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8', 'X-Fake-Misskey': '1' })
  res.end(isApi ? misskeyError('INTERNAL_ERROR', `upstream said ${status}`) : `<!doctype html><h1>${status} from ${FAKE_MISSKEY_MARK}</h1>`)
}

export async function startFakeMisskey(family: Family = 'misskey'): Promise<FakeMisskey> {
  let mode: UpstreamMode = 'up'
  const wss = new WebSocketServer({ noServer: true })
  wss.on('connection', (ws) => {
    ws.on('message', data => ws.send(`echo:${String(data)}`))
  })

  const server = createServer((req, res) => {
    // No kept-alive connections: setMode drops every socket, and a front that reused a
    // pooled one the drop had just closed answered a POST with its own 502 (Caddy, seen
    // once in CI: "POST /api/notes/timeline with the instance 500: 503"), not the table's answer.
    res.shouldKeepAlive = false
    if (mode === 'hang') return
    if (mode === 'up') return answerUp(family, req, res)
    if (typeof mode === 'number') return answerStatus(mode, req, res)
  })
  server.on('upgrade', (req, socket, head) => {
    if (mode === 'hang') return
    if (mode === 'up' && STREAMING_PATH.test(new URL(req.url ?? '/', 'http://upstream').pathname)) {
      wss.handleUpgrade(req, socket, head, ws => wss.emit('connection', ws, req))
      return
    }
    const status = typeof mode === 'number' ? mode : 400
    socket.end(`HTTP/1.1 ${status} Nope\r\nContent-Type: text/plain\r\nX-Fake-Misskey: 1\r\nContent-Length: ${FAKE_MISSKEY_MARK.length}\r\nConnection: close\r\n\r\n${FAKE_MISSKEY_MARK}`)
  })

  const upstream = listener(server)
  const stop = async () => {
    for (const client of wss.clients) client.terminate()
    await upstream.stop()
  }
  const port = await upstream.listen()

  return {
    port,
    get mode() {
      return mode
    },
    async setMode(next) {
      // Cut whatever is pending (a hung request, an open WebSocket) so that every
      // scenario starts from a clean slate.
      upstream.dropConnections()
      for (const client of wss.clients) client.terminate()
      if (next === 'closed' && upstream.listening) await stop()
      if (next !== 'closed' && !upstream.listening) await upstream.listen()
      mode = next
    },
    async close() {
      await stop()
      wss.close()
    },
  }
}

/** A fake instance started before the tests of this file (or describe block), closed after them. */
export function useFakeMisskey(family: Family = 'misskey'): FakeMisskey {
  return useStarted(() => startFakeMisskey(family), misskey => misskey.close())
}
