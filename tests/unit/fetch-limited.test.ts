import { createServer, type ServerResponse } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fetchLimited, LimitedFetchError, type LimitedFetchOptions } from '../../server/utils/fetch-limited'
import { freePort } from '../support/server'
import { listener, type Listener } from '../support/listen'

const CHUNK = Buffer.alloc(64 * 1024, 'x')

/** What the server saw of the last endless answer: bytes written, and whether the client hung up. */
let endless: { written: number, closed: Promise<void> } | undefined

function pour(res: ServerResponse) {
  let written = 0
  const closed = new Promise<void>(resolve => res.on('close', resolve))
  const more = () => {
    while (!res.destroyed && res.write(CHUNK)) written += CHUNK.byteLength
  }
  endless = {
    get written() {
      return written
    },
    closed,
  }
  res.on('drain', more)
  more()
}

let server: Listener
let base: string
let elsewhere: string

beforeAll(async () => {
  const http = createServer((req, res) => {
    const path = req.url ?? '/'
    req.resume()
    if (path === '/small') return res.writeHead(200, { 'content-type': 'text/plain' }).end('hello')
    if (path === '/endless') return (res.writeHead(200), pour(res))
    if (path === '/declared-large') return res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) }).end()
    if (path === '/hang') return
    if (path === '/to-small') return res.writeHead(302, { location: '/small' }).end()
    if (path === '/loop') return res.writeHead(302, { location: '/loop' }).end()
    if (path === '/away') return res.writeHead(302, { location: `${elsewhere}/small` }).end()
    if (path === '/to-file') return res.writeHead(302, { location: 'file:///etc/passwd' }).end()
    res.writeHead(404).end()
  })
  server = listener(http)
  base = `http://127.0.0.1:${await server.listen()}`
  // Same address, another port: another host.
  elsewhere = `http://127.0.0.1:${await freePort()}`
})
afterAll(() => server.stop())

const options = (extra: Partial<LimitedFetchOptions> = {}): LimitedFetchOptions => ({ maxBytes: 1024, signal: AbortSignal.timeout(5000), ...extra })
const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error)

describe('fetchLimited', () => {
  it('reads a small answer whole, with its status, headers and URL', async () => {
    const answer = await fetchLimited(`${base}/small`, options())
    expect(answer.status).toBe(200)
    expect(answer.headers.get('content-type')).toBe('text/plain')
    expect(Buffer.from(answer.bytes).toString()).toBe('hello')
    expect(answer.url).toBe(`${base}/small`)
  })

  it('refuses an endless answer once past the cap, and stops its download', async () => {
    const error = await failure(fetchLimited(`${base}/endless`, options({ maxBytes: 100 * 1024 })))
    expect(error).toBeInstanceOf(LimitedFetchError)
    expect(error).toMatchObject({ reason: 'too_large', message: 'answer over 102400 bytes' })
    // The connection is closed: the server stops writing within moments, not at the deadline.
    await endless!.closed
    expect(endless!.written).toBeLessThan(16 * 1024 * 1024)
  })

  it('refuses an answer that declares more than the cap without reading it', async () => {
    expect(await failure(fetchLimited(`${base}/declared-large`, options()))).toMatchObject({ reason: 'too_large' })
  })

  it('reads no body at all with maxBytes 0, however long it is', async () => {
    const answer = await fetchLimited(`${base}/endless`, options({ maxBytes: 0 }))
    expect(answer.status).toBe(200)
    expect(answer.bytes.byteLength).toBe(0)
    await endless!.closed
  })

  it('ends with the deadline when nothing answers', async () => {
    const error = await failure(fetchLimited(`${base}/hang`, options({ signal: AbortSignal.timeout(200) })))
    expect(error).toMatchObject({ reason: 'timeout' })
  })

  it('says that nothing listens', async () => {
    const error = await failure(fetchLimited(`${elsewhere}/small`, options()))
    expect(error).toMatchObject({ reason: 'unreachable', message: expect.stringContaining('ECONNREFUSED') })
  })

  it('returns a redirect as the answer unless told to follow it', async () => {
    expect((await fetchLimited(`${base}/to-small`, options())).status).toBe(302)
    const followed = await fetchLimited(`${base}/to-small`, options({ maxRedirects: 1 }))
    expect(Buffer.from(followed.bytes).toString()).toBe('hello')
    expect(followed.url).toBe(`${base}/small`)
  })

  it('never follows a redirect for a POST', async () => {
    expect((await fetchLimited(`${base}/to-small`, options({ method: 'POST', body: '{}', maxRedirects: 2 }))).status).toBe(302)
  })

  it.each([
    ['another port', '/away', 'redirect_refused'],
    ['another scheme', '/to-file', 'redirect_refused'],
    ['itself, over and over', '/loop', 'too_many_redirects'],
  ])('refuses a redirect to %s', async (_label, path, reason) => {
    expect(await failure(fetchLimited(`${base}${path}`, options({ maxRedirects: 3 })))).toMatchObject({ reason })
  })
})
