import { request } from 'node:http'
import { connect } from 'node:net'
import { describe, expect, it } from 'vitest'
import { readCacheExpired } from '../support/read-cache'
import { useSite } from '../support/site'

const TOKEN = 'moderator-secret'
const site = useSite({ env: { NUXT_ADMIN_TOKEN: TOKEN, NUXT_TRUST_PROXY: 'x-forwarded-for' } })

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A raw HTTP request: path, headers and bytes exactly as given (fetch would normalise them). */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer | Buffer[]): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: site.server.port, method, path, headers: { 'x-forwarded-for': '203.0.113.99', ...headers } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => {
        text += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }))
    })
    req.on('error', reject)
    for (const chunk of Array.isArray(body) ? body : body === undefined ? [] : [body]) req.write(chunk)
    req.end()
  })
}

/** Writes a request by hand (here: a body shorter than announced) and reads the answer the server sends before closing. */
function socket(text: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const connection = connect(site.server.port, '127.0.0.1', () => connection.write(text))
    let received = ''
    connection.setEncoding('utf8')
    connection.on('data', (chunk) => {
      received += chunk
    })
    connection.on('error', reject)
    connection.on('close', () => {
      const [head = '', body = ''] = received.split('\r\n\r\n')
      const [statusLine = '', ...lines] = head.split('\r\n')
      const headers = Object.fromEntries(lines.map(line => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]))
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body })
    })
  })
}

const JSON_TYPE = { 'content-type': 'application/json' }
const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded' }
const json = (value: string) => raw('POST', '/api/messages', JSON_TYPE, value)
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`

// [label, request, status, error code]
const HOSTILE: [string, () => Promise<Answer>, number, string][] = [
  ['PUT /api/messages', () => raw('PUT', '/api/messages', JSON_TYPE, '{"body":"x"}'), 405, 'method_not_allowed'],
  ['PATCH /api/messages', () => raw('PATCH', '/api/messages', JSON_TYPE, '{"body":"x"}'), 405, 'method_not_allowed'],
  ['DELETE /api/messages', () => raw('DELETE', '/api/messages'), 405, 'method_not_allowed'],
  ['POST to the page', () => raw('POST', '/', FORM_TYPE, 'body=x'), 405, 'method_not_allowed'],
  ['PUT to the page', () => raw('PUT', '/?from=/x', JSON_TYPE, '{}'), 405, 'method_not_allowed'],
  ['10 KB JSON body', () => json(JSON.stringify({ body: 'x'.repeat(10 * 1024) })), 413, 'payload_too_large'],
  ['1 MB chunked body', () => raw('POST', '/api/messages', { ...JSON_TYPE, 'transfer-encoding': 'chunked' }, Array.from({ length: 64 }, () => Buffer.alloc(16 * 1024, 0x20))), 413, 'payload_too_large'],
  ['Content-Length claiming 1 GB', () => socket(`POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${2 ** 30}\r\n\r\n{"body":"x"}`), 413, 'payload_too_large'],
  ['deeply nested arrays', () => json(nested(3000)), 422, 'invalid_type'],
  ['deeply nested body', () => json(`{"body":${nested(3000)}}`), 422, 'invalid_type'],
  ['number body', () => json('{"body":42}'), 422, 'invalid_type'],
  ['boolean body', () => json('{"body":true}'), 422, 'invalid_type'],
  ['object body', () => json('{"body":{"text":"x"}}'), 422, 'invalid_type'],
  ['array body', () => json('{"body":["x"]}'), 422, 'invalid_type'],
  ['null body', () => json('{"body":null}'), 422, 'invalid_type'],
  ['number name', () => json('{"body":"x","name":7}'), 422, 'invalid_type'],
  ['array name', () => json('{"body":"x","name":["a"]}'), 422, 'invalid_type'],
  ['a JSON string', () => json('"hello"'), 422, 'invalid_type'],
  ['a JSON number', () => json('12'), 422, 'invalid_type'],
  ['JSON null', () => json('null'), 422, 'invalid_type'],
  ['empty JSON body', () => json(''), 400, 'invalid_json'],
  ['truncated JSON', () => json('{"body":"x"'), 400, 'invalid_json'],
  ['trailing garbage', () => json('{"body":"x"} x'), 400, 'invalid_json'],
  ['single quotes', () => json(`{'body':'x'}`), 400, 'invalid_json'],
  ['NaN literal', () => json('{"body":NaN}'), 400, 'invalid_json'],
  ['duplicated keys, the last empty', () => json('{"body":"spam","body":""}'), 422, 'body_required'],
  ['__proto__ carrying the body', () => json('{"__proto__":{"body":"polluted"}}'), 422, 'invalid_type'],
  ['constructor.prototype carrying the body', () => json('{"constructor":{"prototype":{"body":"polluted"}}}'), 422, 'invalid_type'],
  ['invalid UTF-8', () => raw('POST', '/api/messages', JSON_TYPE, Buffer.from([0x7B, 0x22, 0x62, 0x6F, 0x64, 0x79, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D])), 400, 'invalid_encoding'],
  ['overlong UTF-8 encoding of "/"', () => raw('POST', '/api/messages', JSON_TYPE, Buffer.from([0x7B, 0x22, 0x62, 0x6F, 0x64, 0x79, 0x22, 0x3A, 0x22, 0xC0, 0xAF, 0x22, 0x7D])), 400, 'invalid_encoding'],
  ['UTF-16 body declared as such', () => raw('POST', '/api/messages', { 'content-type': 'application/json; charset=utf-16' }, Buffer.from('{"body":"x"}', 'utf16le')), 415, 'unsupported_charset'],
  ['gzip-encoded body', () => raw('POST', '/api/messages', { ...JSON_TYPE, 'content-encoding': 'gzip' }, '{"body":"x"}'), 415, 'unsupported_encoding'],
  ['text/plain', () => raw('POST', '/api/messages', { 'content-type': 'text/plain' }, '{"body":"x"}'), 415, 'unsupported_media_type'],
  ['no Content-Type', () => raw('POST', '/api/messages', {}, '{"body":"x"}'), 415, 'unsupported_media_type'],
  ['multipart form', () => raw('POST', '/api/messages', { 'content-type': 'multipart/form-data; boundary=b' }, '--b\r\nContent-Disposition: form-data; name="body"\r\n\r\nx\r\n--b--'), 415, 'unsupported_media_type'],
  ['XML', () => raw('POST', '/api/messages', { 'content-type': 'application/xml' }, '<body>x</body>'), 415, 'unsupported_media_type'],
  ['form in latin1', () => raw('POST', '/api/messages', { 'content-type': 'application/x-www-form-urlencoded; charset=iso-8859-1' }, 'body=%E9t%E9'), 415, 'unsupported_charset'],
  ['form with a latin1 escape', () => raw('POST', '/api/messages', FORM_TYPE, 'body=%E9t%E9'), 400, 'invalid_encoding'],
  ['form with a broken escape', () => raw('POST', '/api/messages', FORM_TYPE, 'body=%E3%81%'), 400, 'invalid_encoding'],
  ['form without a body field', () => raw('POST', '/api/messages', FORM_TYPE, 'text=hello'), 422, 'invalid_type'],
  ['empty body', () => json('{"body":""}'), 422, 'body_required'],
  ['only bidi and zero-width characters', () => json('{"body":"\\u202e\\u200b\\u2066\\u2069"}'), 422, 'body_required'],
  ['only control characters', () => json('{"body":"\\u0000\\u0007\\u001b"}'), 422, 'body_required'],
  ['501 characters', () => json(JSON.stringify({ body: '字'.repeat(501) })), 422, 'body_too_long'],
  ['overlong name', () => json(JSON.stringify({ body: 'x', name: 'n'.repeat(200) })), 422, 'name_too_long'],
  ['header injection in a name', () => json(JSON.stringify({ body: 'x', name: 'a\r\nSet-Cookie: admin=1' })), 422, 'name_invalid'],
  ['header injection in a form name', () => raw('POST', '/api/messages', FORM_TYPE, 'body=x&name=a%0D%0ALocation:%20https://evil.example'), 422, 'name_invalid'],
  ['POST /api/instance', () => raw('POST', '/api/instance', JSON_TYPE, '{}'), 405, 'method_not_allowed'],
  ['POST /api/health', () => raw('POST', '/api/health', JSON_TYPE, '{}'), 405, 'method_not_allowed'],
  ['DELETE /api/stats', () => raw('DELETE', '/api/stats'), 405, 'method_not_allowed'],
  ['GET on an admin-only DELETE route', () => raw('GET', '/api/messages/1'), 405, 'method_not_allowed'],
  ['GET /api/stats without the admin token', () => raw('GET', '/api/stats'), 401, 'unauthorized'],
  ['only invisible characters (U+034F, U+FE0F, U+17B4, a bare U+0301)', () => json('{"body":"\\u034f\\ufe0f\\u17b4 \\u0301"}'), 422, 'body_required'],
  ['a letter with 499 combining marks', () => json(JSON.stringify({ body: `a${'\u0301\u0316'.repeat(249)}\u0301` })), 422, 'too_many_marks'],
  ['admin route without a token', () => raw('DELETE', '/api/messages/1'), 401, 'unauthorized'],
  ['admin route with a wrong token', () => raw('DELETE', '/api/messages/1', { authorization: 'Bearer guess' }), 401, 'unauthorized'],
  ['admin route with the token in the query', () => raw('DELETE', `/api/messages/1?token=${TOKEN}`), 401, 'unauthorized'],
  ['admin route with a path-trick id', () => raw('DELETE', '/api/messages/1%2F..', { authorization: `Bearer ${TOKEN}` }), 400, 'invalid_id'],
  ['path with a double slash', () => raw('POST', '/api//messages', JSON_TYPE, '{"body":"x"}'), 404, 'not_found'],
  ['path with dot segments', () => raw('POST', '/api/messages/../messages', JSON_TYPE, '{"body":"x"}'), 404, 'not_found'],
  ['path with an encoded NUL', () => raw('POST', '/api/messages%00', JSON_TYPE, '{"body":"x"}'), 404, 'not_found'],
  ['path with a matrix parameter', () => raw('POST', '/api/messages;admin=1', JSON_TYPE, '{"body":"x"}'), 404, 'not_found'],
]

describe(`${HOSTILE.length} hostile requests`, () => {
  it.each(HOSTILE)('%s -> %i %s', async (_label, send, status, code) => {
    const answer = await send()
    expect(answer.status).toBe(status)
    expect(answer.headers['content-type']).toContain('application/json')
    expect(JSON.parse(answer.body).error).toEqual({ code, message: expect.any(String) })
  })

  it('said which methods a known route takes', async () => {
    expect((await raw('POST', '/api/instance')).headers.allow).toBe('GET, HEAD')
    expect((await raw('GET', '/api/messages/1')).headers.allow).toBe('DELETE')
    expect((await raw('PUT', '/api/messages/')).headers.allow).toBe('GET, HEAD, POST')
  })

  it('logged nothing: refusals are not failures (no uncaughtException for a chunked 413)', () => {
    expect(site.server.output()).not.toMatch(/uncaught|error|\n\s+at /i)
  })

  it('left the server up and stored nothing', async () => {
    // The answer comes from the store, not from the cached read.
    await readCacheExpired(site.url, TOKEN)
    const response = await fetch(`${site.url}/api/messages`)
    expect(response.status).toBe(200)
    expect((await response.json()).messages).toEqual([])
    expect(({} as Record<string, unknown>).body).toBeUndefined()
  })
})

describe('HEAD', () => {
  it('answers HEAD /api/messages as GET, without a body', async () => {
    const [head, get] = [await raw('HEAD', '/api/messages'), await raw('GET', '/api/messages')]
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
    for (const name of ['content-type', 'cache-control', 'etag']) expect(head.headers[name]).toBe(get.headers[name])
  })

  it('answers HEAD on an unknown API path 404', async () => {
    expect((await raw('HEAD', '/api/nothing')).status).toBe(404)
  })
})

describe('junk in reads', () => {
  it('ignores an absurd If-None-Match and query string', async () => {
    const response = await raw('GET', `/api/messages?${'a=1&'.repeat(500)}`, { 'if-none-match': `"${'x'.repeat(6000)}", W/"y", *x` })
    expect(response.status).toBe(200)
    expect(JSON.parse(response.body)).toEqual({ messages: [] })
  })

  it('refuses headers beyond Node\'s limit with 431', async () => {
    const response = await raw('GET', '/api/messages', { 'if-none-match': `"${'x'.repeat(20_000)}"` })
    expect(response.status).toBe(431)
  })
})

describe('form posts without JavaScript', () => {
  const formPost = (fields: Record<string, string>, client: string) => raw('POST', '/api/messages', { ...FORM_TYPE, 'accept': 'text/html', 'x-forwarded-for': client }, new URLSearchParams(fields).toString())
  const redirect = (answer: Answer) => new URL(answer.headers.location as string, 'http://x')

  it('reports a stored message as stored when `from` is cut through an emoji', async () => {
    // 4,096 characters, 4,097 UTF-16 units: the old cut split the emoji.
    const from = `/${'a'.repeat(4094)}😀`
    const answer = await formPost({ body: 'stored, then cut', from }, '198.51.100.1')
    expect(answer.status).toBe(303)
    expect(redirect(answer).searchParams.get('error')).toBeNull()
    expect(redirect(answer).searchParams.get('from')).toBe(from)
  })

  it('keeps the draft cut at a whole character when the message is refused', async () => {
    const body = `${'a'.repeat(1999)}😀${'b'.repeat(100)}`
    const answer = await formPost({ body }, '198.51.100.2')
    expect(redirect(answer).searchParams.get('error')).toBe('body_too_long')
    expect(redirect(answer).searchParams.get('draft')).toBe(`${'a'.repeat(1999)}😀`)
  })
})
