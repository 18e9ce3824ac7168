import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { join } from 'node:path'
import { ROOT } from './build'
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
 *
 * `family` makes it another server software, answering from tests/fixtures/instance/
 * <family>.json (NodeInfo, instance API, health routes as that software's source
 * answers them): its `up` answers while 'healthy', with its `unhealthy` ones laid over
 * them while 'unhealthy' (its database gone), and a 302 to the down page for each of
 * them while 'redirect'. 'no-nodeinfo' answers NodeInfo 404 and 'broken-nodeinfo' with
 * an HTML page, while 'unhealthy' 503. Without `family` it is the Misskey it always was,
 * answering NodeInfo from misskey.json (503 while down, as Misskey's needs its database).
 */
export type FakeInstanceMode = 'healthy' | 'unhealthy' | 'legacy' | 'legacy-down' | 'redirect' | 'hang' | 'closed'

export type FakeFamily = 'misskey' | 'sharkey' | 'mastodon' | 'gotosocial' | 'akkoma' | 'no-nodeinfo' | 'broken-nodeinfo'

interface FixtureAnswer {
  status?: number
  type?: string
  body: unknown
}

/** tests/fixtures/instance/<family>.json: where its answers come from, and per state the answer of each "METHOD /path". */
export interface InstanceFixture {
  source: string
  up: Record<string, FixtureAnswer>
  unhealthy: Record<string, FixtureAnswer>
}

export function instanceFixture(family: string): InstanceFixture {
  return JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'instance', `${family}.json`), 'utf8')) as InstanceFixture
}

const NODEINFO_PATHS = ['GET /.well-known/nodeinfo', 'GET /nodeinfo/2.1', 'GET /nodeinfo/2.0']
// The first request of each kind of probe (server/instance/adapters/): counted by probes().
const PROBE_STARTS = new Set(['GET /healthz', 'GET /health', 'GET /readyz', 'GET /api/v1/pleroma/healthcheck', 'GET /.well-known/nodeinfo'])

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
  /** Probes received: each starts with its kind's first request (GET /healthz for Misskey), sent as nakanai-probe. */
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

export async function startFakeInstance(initial: FakeInstanceMode = 'healthy', options: { port?: number, family?: FakeFamily } = {}): Promise<FakeInstance> {
  let mode = initial
  const requests: string[] = []
  let probeCount = 0
  const routes = new Map<string, FakeRoute>()
  const family = options.family
  const fixture = instanceFixture(family && !family.endsWith('-nodeinfo') ? family : 'misskey')
  let root = ''

  /** The family's own answer to this request in this mode, or undefined when it has none. */
  const familyAnswer = (route: string): FixtureAnswer | undefined => {
    const down = mode === 'unhealthy' || mode === 'legacy-down'
    // nginx's answer for pages (and, here, everything) while the instance is down.
    if (family && mode === 'redirect') return { status: 302, type: 'text/plain', body: '' }
    if (family === 'no-nodeinfo' || family === 'broken-nodeinfo') {
      if (!NODEINFO_PATHS.includes(route)) return undefined
      if (down) return { status: 503, type: 'text/html', body: '<!doctype html><h1>503</h1>' }
      return family === 'no-nodeinfo' ? { status: 404, type: 'text/html', body: '<!doctype html><h1>Not Found</h1>' } : { type: 'text/html', body: '<!doctype html><p>not NodeInfo</p>' }
    }
    // Without a family only NodeInfo comes from the fixture: the rest is the modes' Misskey below.
    if (!family && !NODEINFO_PATHS.includes(route)) return undefined
    const answer = (down && family ? fixture.unhealthy[route] : undefined) ?? fixture.up[route]
    if (!answer) return undefined
    if (mode === 'redirect') return { status: 302, type: 'text/plain', body: '' }
    if (down && !family) return { status: 503, type: 'text/html', body: '<!doctype html><h1>503</h1>' }
    return answer
  }

  const send = (res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': type, ...headers })
    res.end(body)
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/'
    requests.push(`${req.method} ${path}`)
    if (PROBE_STARTS.has(`${req.method} ${path}`) && req.headers['user-agent'] === 'nakanai-probe') probeCount++
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
    const own = familyAnswer(`${req.method} ${path.split('?')[0]}`)
    if (own) {
      req.resume()
      const body = typeof own.body === 'string' ? own.body : JSON.stringify(own.body).replaceAll('{root}', root)
      const headers: Record<string, string> = own.status === 302 ? { location: `http://down.invalid/?from=${path}` } : {}
      return send(res, own.status ?? 200, own.type ?? 'application/json; charset=utf-8', body, headers)
    }
    const legacy = mode === 'legacy' || mode === 'legacy-down'
    if (family && family !== 'misskey' && family !== 'sharkey') {
      // Not Misskey: no /healthz, no /api/ping. A server without its database answers 503 everywhere.
      if (mode === 'unhealthy') return send(res, 503, 'text/html', '<!doctype html><h1>503</h1>')
    }
    else if (req.method === 'GET' && path === '/healthz') {
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
  root = `http://127.0.0.1:${port}`
  if (initial === 'closed') await upstream.stop()

  return {
    url: `http://127.0.0.1:${port}`,
    get mode() {
      return mode
    },
    requests,
    probes: () => probeCount,
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
export function useFakeInstance(initial: FakeInstanceMode = 'healthy', family?: FakeFamily): FakeInstance {
  return useStarted(() => startFakeInstance(initial, { family }), fake => fake.close())
}
