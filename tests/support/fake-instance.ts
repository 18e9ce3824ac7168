import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { listener } from './listen'
import { useStarted } from './use-started'

/**
 * A stand-in for a Misskey instance as the probe sees it, switchable between:
 *   'healthy'    GET /healthz → 200 (Misskey 2024 and later);
 *   'unhealthy'  GET /healthz → 503;
 *   'legacy'     no /healthz (404), POST /api/ping → 200 {"pong": <ms>} (older Misskey);
 *   'legacy-down' no /healthz (404), POST /api/ping → 503 (nginx's answer for the API);
 *   'redirect'   GET /healthz → 302 to a down page (nginx's answer for pages);
 *   'hang'       accepts connections and never answers;
 *   'closed'     nothing listens on the port (connection refused).
 * Any other GET answers 200 with a page naming its path, so a test can see where a
 * browser was sent. Routes given with `serve` (its /api/meta, its pictures) answer
 * as told while the instance is reachable. Every request is logged.
 */
export type FakeInstanceMode = 'healthy' | 'unhealthy' | 'legacy' | 'legacy-down' | 'redirect' | 'hang' | 'closed'

/** A canned answer for `serve`: what a Misskey (or a hostile one) would send. */
export interface FakeRoute {
  status?: number
  type?: string
  body: string | Uint8Array
  headers?: Record<string, string>
  /** Wait this long before answering (a slow instance). */
  delayMs?: number
  /** Send `body` over and over, never ending the answer, as fast as the client reads it. */
  endless?: boolean
}

export interface FakeInstance {
  readonly url: string
  readonly mode: FakeInstanceMode
  /** Every request received, in order ("GET /healthz"). */
  readonly requests: string[]
  /** Probes received: each probe starts with GET /healthz. */
  probes(): number
  setMode(mode: FakeInstanceMode): Promise<void>
  /** Answers "METHOD /path" (query ignored) as told; null removes the route. */
  serve(route: string, answer: FakeRoute | null): void
  close(): Promise<void>
}

export const FAKE_PAGE_MARK = 'fake-instance-page'

/** Writes `chunk` again whenever the client has taken the last one, until it hangs up. */
function pour(res: ServerResponse, chunk: string | Uint8Array) {
  const more = () => {
    while (!res.destroyed && res.write(chunk));
  }
  res.on('drain', more)
  more()
}

export async function startFakeInstance(initial: FakeInstanceMode = 'healthy', options: { port?: number } = {}): Promise<FakeInstance> {
  let mode = initial
  const requests: string[] = []
  const routes = new Map<string, FakeRoute>()

  const send = (res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': type, ...headers })
    res.end(body)
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/'
    requests.push(`${req.method} ${path}`)
    if (mode === 'hang') return
    const route = routes.get(`${req.method} ${path.split('?')[0]}`)
    if (route) {
      req.resume()
      const answer = () => {
        res.writeHead(route.status ?? 200, { 'content-type': route.type ?? 'application/json', ...route.headers })
        if (route.endless) pour(res, route.body)
        else res.end(route.body)
      }
      if (route.delayMs) setTimeout(answer, route.delayMs)
      else answer()
      return
    }
    const legacy = mode === 'legacy' || mode === 'legacy-down'
    if (req.method === 'GET' && path === '/healthz') {
      if (legacy) return send(res, 404, 'text/plain', 'Not Found')
      if (mode === 'redirect') return send(res, 302, 'text/plain', '', { location: 'http://down.invalid/?from=/healthz' })
      return send(res, mode === 'healthy' ? 200 : 503, 'text/plain', mode === 'healthy' ? 'OK' : 'Service Unavailable')
    }
    if (req.method === 'POST' && path === '/api/ping') {
      // Misskey reads the JSON body; make sure the probe sends one.
      let body = ''
      req.on('data', (chunk) => {
        body += chunk
      })
      req.on('end', () => {
        if (mode !== 'legacy' && mode !== 'healthy') return send(res, 503, 'application/json', '{"error":{"code":"SERVICE_UNAVAILABLE"}}')
        if (body !== '{}') return send(res, 400, 'application/json', '{"error":{"code":"INVALID_PARAM"}}')
        send(res, 200, 'application/json; charset=utf-8', JSON.stringify({ pong: Date.now() }))
      })
      return
    }
    send(res, 200, 'text/html; charset=utf-8', `<!doctype html><title>${FAKE_PAGE_MARK}</title><p id="path">${path.replace(/[<&]/g, '')}</p>`)
  })
  const upstream = listener(server)

  const port = await upstream.listen(options.port ?? 0)
  if (initial === 'closed') await upstream.stop()

  return {
    url: `http://127.0.0.1:${port}`,
    get mode() {
      return mode
    },
    requests,
    probes: () => requests.filter(request => request === 'GET /healthz').length,
    async setMode(next) {
      // Hanging requests must not linger into the next mode.
      if (mode === 'hang') upstream.dropConnections()
      if (next === 'closed') await upstream.stop()
      else if (!upstream.listening) await upstream.listen()
      mode = next
    },
    serve(route, answer) {
      if (answer) routes.set(route, answer)
      else routes.delete(route)
    },
    close: upstream.stop,
  }
}

/**
 * A fake instance started before the tests of this file (or describe block) and closed
 * after them. Register it before the site that probes it: it starts first and stops last.
 */
export function useFakeInstance(initial: FakeInstanceMode = 'healthy'): FakeInstance {
  return useStarted(() => startFakeInstance(initial), fake => fake.close())
}
