import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { StatusProvider } from '../../shared/types/status'
import { listener } from './listen'
import { fixtureBody, statusFixture } from './status-fixtures'

/**
 * How the fake status page answers its JSON endpoints:
 *   'ok'            the fixture case's bodies (404 for paths the case does not have);
 *   'hang'          accepts and never answers;
 *   'endless'       200 and a JSON body that never ends;
 *   'huge'          200 and 2 MB of valid JSON;
 *   'invalid-json'  200 and a body that is not JSON;
 *   'wrong-types'   200 and JSON of the wrong types everywhere;
 *   'redirect-away' 302 to another host (a second listener that counts what reaches it);
 *   'redirect-here' 302 to the same path under /moved on this host, which answers as 'ok';
 *   'error'         500.
 * The page itself (its HTML, what an iframe shows) always answers, with the framing headers given.
 */
export type FakeStatusMode = 'ok' | 'hang' | 'endless' | 'huge' | 'invalid-json' | 'wrong-types' | 'redirect-away' | 'redirect-here' | 'error'

export interface FakeStatusPageOptions {
  provider: StatusProvider
  case?: string
  /** Response headers of the HTML page (x-frame-options, content-security-policy); see setPageHeaders. */
  pageHeaders?: Record<string, string>
}

export interface FakeStatusPage {
  /** The status page as the admin configures it (origin + the provider's page path). */
  readonly url: string
  /** Every request, in order ("GET /api/v2/summary.json"). */
  readonly requests: string[]
  /** The headers of the last request of each kind ("GET /api/status-page/main"). */
  headersOf: (request: string) => IncomingHttpHeaders | undefined
  /** Reads of the provider's main endpoint (the first path of the current case). */
  reads: () => number
  /** Requests that reached the other host after a redirect (must stay 0). */
  awayHits: () => number
  setCase: (name: string) => void
  setMode: (mode: FakeStatusMode) => void
  /** New framing headers for the HTML page from the next request on (an admin changing them while it runs). */
  setPageHeaders: (headers: Record<string, string>) => void
  /** Requests for the HTML page itself (what the framing check and an iframe load). */
  pageReads: () => number
  close: () => Promise<void>
}

const PAGE_MARK = 'fake-status-page'

/** A status page of one provider on loopback, answering from tests/fixtures/status/<provider>.json. */
export async function startFakeStatusPage(options: FakeStatusPageOptions): Promise<FakeStatusPage> {
  const fixture = statusFixture(options.provider)
  let caseName = options.case ?? 'operational'
  let mode: FakeStatusMode = 'ok'
  let pageHeaders = options.pageHeaders ?? {}
  const requests: string[] = []
  const lastHeaders = new Map<string, IncomingHttpHeaders>()
  let awayHits = 0
  const timers = new Set<ReturnType<typeof setInterval>>()

  const away = listener(createServer((_, res) => {
    awayHits++
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
  }))
  const awayPort = await away.listen()

  const json = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(body)
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake')
    requests.push(`${req.method} ${url.pathname}${url.search}`)
    lastHeaders.set(`${req.method} ${url.pathname}${url.search}`, req.headers)
    const moved = url.pathname.startsWith('/moved/')
    if (moved) url.pathname = url.pathname.slice('/moved'.length)
    if (url.pathname === fixture.pagePath && !url.search) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...pageHeaders })
      res.end(`<!doctype html><title>${PAGE_MARK}</title><h1>${options.provider} status page</h1>`)
      return
    }
    switch (moved ? 'ok' : mode) {
      case 'hang':
        return
      case 'endless': {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.write('[')
        const chunk = '0,'.repeat(32 * 1024)
        const timer = setInterval(() => res.write(chunk), 5)
        timers.add(timer)
        res.on('close', () => {
          clearInterval(timer)
          timers.delete(timer)
        })
        return
      }
      case 'huge':
        return json(res, 200, JSON.stringify({ padding: 'x'.repeat(2 * 1024 * 1024) }))
      case 'invalid-json':
        return json(res, 200, '{"status": {"indicator": "none"}, "components": [')
      case 'wrong-types':
        return json(res, 200, JSON.stringify({ config: 'x', publicGroupList: 'x', status: 7, components: {}, page: [], data: 5, heartbeatList: null }))
      case 'redirect-away':
        return json(res, 302, '', { location: `http://localhost:${awayPort}${url.pathname}` })
      case 'redirect-here':
        return json(res, 301, '', { location: `/moved${url.pathname}${url.search}` })
      case 'error':
        return json(res, 500, '{"error":"boom"}')
      case 'ok': {
        const body = fixtureBody(fixture, caseName, url)
        return body === undefined ? json(res, 404, '{"message":"Not Found"}') : json(res, 200, JSON.stringify(body))
      }
    }
  })
  const page = listener(server)
  const port = await page.listen()
  const origin = `http://127.0.0.1:${port}`

  return {
    url: new URL(fixture.pagePath, origin).href,
    requests,
    headersOf: request => lastHeaders.get(request),
    reads: () => {
      const main = Object.keys(fixture.cases[caseName] ?? {})[0]
      return requests.filter(request => request === `GET ${main}`).length
    },
    awayHits: () => awayHits,
    setCase: (name) => {
      caseName = name
    },
    // Requests left hanging by a mode end when the reader gives up on them (it closes the
    // connection); destroying sockets here would also kill idle keep-alive ones the reader reuses.
    setMode: (next) => {
      mode = next
    },
    setPageHeaders: (headers) => {
      pageHeaders = headers
    },
    pageReads: () => requests.filter(request => request === `GET ${fixture.pagePath}`).length,
    close: async () => {
      for (const timer of timers) clearInterval(timer)
      await Promise.all([page.stop(), away.stop()])
    },
  }
}
