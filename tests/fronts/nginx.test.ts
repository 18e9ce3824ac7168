import { request } from 'node:http'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readFromParam, safeReturnUrl } from '../../shared/utils/return-url'
import { FAKE_MISSKEY_MARK, useFakeMisskey } from '../support/fake-misskey'
import { HOST, send } from '../support/fronts'
import { NGINX_SOURCE_DIR, NginxPrefix, SHIPPED_UPSTREAM, selfSignedCertificate } from '../support/nginx'
import { freePort } from '../support/server'
import { useStarted } from '../support/use-started'
import { DOWN_PAGE, HTML, INSTANCE_URL } from './scenarios'

// What only nginx has: `nginx -t` on every shipped file as shipped, a live run of
// example-misskey.conf in its plain-HTTP variant (the listen and TLS lines are the only
// ones that differ), and the minimal root-only.conf. The request table itself runs on
// every front in table.test.ts.

const prefixes: NginxPrefix[] = []
/** A new prefix (removed after the tests) with `shipped` installed as shipped. */
async function prefix(...shipped: string[]): Promise<NginxPrefix> {
  const created = await NginxPrefix.create()
  prefixes.push(created)
  for (const file of shipped) await created.install(file)
  return created
}

afterAll(async () => {
  await Promise.all(prefixes.map(p => p.remove()))
})

function expectValid({ ok, output }: { ok: boolean, output: string }, allowedWarnings: RegExp[] = []): void {
  expect(ok, output).toBe(true)
  const warnings = output.split('\n').filter(line => /\[(warn|emerg|alert|crit)\]/.test(line))
  expect(warnings.filter(line => !allowedWarnings.some(allowed => allowed.test(line))), output).toEqual([])
}

describe('nginx -t', () => {
  it('accepts nakanai-http.conf and nakanai.conf as shipped', async () => {
    const p = await prefix('nakanai-http.conf', 'nakanai.conf')
    await p.writeSite(await freePort(), ['server_name misskey.example;', 'include nakanai/nakanai.conf;'])
    expectValid(p.test())
  })

  it('accepts root-only.conf as shipped, beside an existing location /', async () => {
    const p = await prefix('nakanai-http.conf', 'root-only.conf')
    await p.writeSite(await freePort(), ['location / { proxy_pass http://127.0.0.1:3000; }', 'include nakanai/root-only.conf;'])
    expectValid(p.test())
  })

  it('refuses nakanai.conf next to a location / it should have replaced', async () => {
    const p = await prefix('nakanai-http.conf', 'nakanai.conf')
    // nakanai.conf next to the admin's old location / (it must replace it).
    await p.writeSite(await freePort(), ['location / { proxy_pass http://127.0.0.1:3000; }', 'include nakanai/nakanai.conf;'], 'kept-location.conf')
    const kept = p.test('kept-location.conf')
    expect(kept.ok).toBe(false)
    expect(kept.output).toMatch(/duplicate location "\/"/)
  })

  // An unedited copy in conf.d/ beside the edited one passed, and its address won.
  it('refuses nakanai-http.conf included twice, naming the second copy', async () => {
    const p = await prefix('nakanai-http.conf', 'nakanai.conf')
    await p.install('nakanai-http.conf', [], 'unedited-nakanai-http.conf')
    await p.writeMainConfig([
      '  include unedited-nakanai-http.conf;',
      '  include nakanai/nakanai-http.conf;',
      `  server { listen 127.0.0.1:${await freePort()}; include nakanai/nakanai.conf; }`,
    ].join('\n'))
    const twice = p.test()
    expect(twice.ok).toBe(false)
    expect(twice.output).toContain(`duplicate upstream "nakanai-http.conf_must_be_included_once" in ${p.path('nakanai', 'nakanai-http.conf')}`)
  })

  it('accepts example-misskey.conf with self-signed certificates in place of Let\'s Encrypt\'s', async () => {
    const p = await prefix('nakanai-http.conf', 'nakanai.conf')
    const { cert, key } = selfSignedCertificate(p.dir)
    await p.install('example-misskey.conf', [
      ['/etc/letsencrypt/live/example.tld/fullchain.pem', cert],
      ['/etc/letsencrypt/live/example.tld/privkey.pem', key],
      // Keep nginx -t from creating /tmp/nginx_cache outside the test's folder.
      ['/tmp/nginx_cache', p.path('cache')],
    ])
    await p.writeMainConfig('  include nakanai/example-misskey.conf;')
    // A self-signed certificate has no issuer to staple an OCSP answer from.
    expectValid(p.test(), [/"ssl_stapling" ignored/])
  })
})

describe('example-misskey.conf, plain-HTTP variant, live', () => {
  const upstream = useFakeMisskey()
  const nginx = useStarted(async () => {
    const p = await prefix()
    const redirectPort = await freePort()
    const port = await freePort()
    await p.install('nakanai-http.conf')
    await p.install('nakanai.conf', [[SHIPPED_UPSTREAM, `127.0.0.1:${upstream.port}`]])
    const shipped = await readFile(join(NGINX_SOURCE_DIR, 'example-misskey.conf'), 'utf8')
    const variant = shipped.split('\n').flatMap((line) => {
      const trimmed = line.trim()
      if (trimmed === 'listen 80;') return [line.replace('80', `127.0.0.1:${redirectPort}`)]
      if (trimmed === 'listen 443 ssl http2;') return [line.replace('443 ssl http2', `127.0.0.1:${port}`)]
      if (/^listen \[::\]/.test(trimmed) || /^ssl_/.test(trimmed)) return []
      return [line.replace('/tmp/nginx_cache', p.path('cache'))]
    }).join('\n')
    // Only listen, TLS and the cache folder differ from what admins copy.
    const removed = shipped.split('\n').filter(line => !variant.split('\n').includes(line))
    expect(removed.every(line => /^\s*(listen|ssl_|proxy_cache_path)/.test(line)), removed.join('\n')).toBe(true)
    await p.install('example-misskey.conf', [[shipped, variant]])
    await p.writeMainConfig('  include nakanai/example-misskey.conf;')
    return p.start(port)
  }, program => program.stop())

  const get = (path: string, accept: string, method = 'GET') => new Promise<{ status: number, headers: Record<string, string | string[] | undefined>, body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: nginx.port, path, method, agent: false, headers: { Host: 'example.tld', Accept: accept } }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => body += chunk.toString())
      res.on('end', () => {
        // No header twice: the example's server-level add_header and the snippet's
        // locations must not stack (nginx drops inherited add_header where a location
        // has its own), and nothing may repeat what Misskey sends.
        const names = res.rawHeaders.filter((_, i) => i % 2 === 0).map(name => name.toLowerCase())
        expect(names.filter((name, i) => names.indexOf(name) !== i), `${method} ${path}`).toEqual([])
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body })
      })
    })
    req.on('error', reject)
    req.end()
  })

  it('proxies with misskey-hub\'s cache while up and falls back while down', async () => {
    await upstream.setMode('up')
    const page = await get('/@alice', 'text/html')
    expect(page.status).toBe(200)
    expect(page.body).toContain(FAKE_MISSKEY_MARK)
    expect(page.headers['x-cache']).toBe('MISS')
    const file = await get('/files/x.webp', 'image/webp')
    expect(file.status).toBe(200)

    await upstream.setMode('closed')
    const down = await get('/@alice?tab=notes', 'text/html')
    expect(down.status).toBe(302)
    expect(down.headers.location).toBe('https://down.example.tld/?from=/@alice?tab=notes')
    const api = await get('/api/meta', 'application/json', 'POST')
    expect(api.status).toBe(503)
    expect(api.headers['access-control-allow-origin']).toBe('*')
    const ap = await get('/notes/abc', 'application/activity+json')
    expect(ap.status).toBe(503)
    expect(ap.headers['retry-after']).toBe('30')
    // What Misskey allowed to be cached is still served from the cache (as before nakanai).
    const cached = await get('/files/x.webp', 'image/webp')
    expect(cached.status).toBe(200)
    expect(cached.headers['x-cache']).toBe('HIT')
  })
})

describe('root-only.conf, beside an admin\'s own location /', () => {
  const upstream = useFakeMisskey()
  const nginx = useStarted(async () => {
    const p = await prefix()
    const port = await freePort()
    // A second instance with its own down page, as the README describes (one map line).
    await p.install('nakanai-http.conf', [['    default  https://down.example.tld/;\n', '    default  https://down.example.tld/;\n    other.example  https://down.example.org/?lang=ja;\n']])
    await p.install('root-only.conf', [[SHIPPED_UPSTREAM, `127.0.0.1:${upstream.port}`]])
    await p.writeSite(port, [
      `server_name ${HOST};`,
      'proxy_read_timeout 1s;',
      `location / { proxy_pass http://127.0.0.1:${upstream.port}; proxy_set_header Host $host; }`,
      'include nakanai/root-only.conf;',
    ])
    return p.start(port)
  }, program => program.stop())

  it('redirects only browsers on / (each host to its own down page) and leaves every other path as it was', async () => {
    await upstream.setMode('up')
    expect((await send(nginx.port, { method: 'GET', path: '/', headers: { Accept: HTML } })).status).toBe(200)

    for (const mode of [500, 'closed'] as const) {
      await upstream.setMode(mode)
      const page = await send(nginx.port, { method: 'GET', path: '/', headers: { Accept: HTML } })
      expect(page.status).toBe(302)
      expect(page.headers.location).toBe(`${DOWN_PAGE}?from=/`)
      expect(safeReturnUrl(readFromParam(new URL(page.headers.location!).search), INSTANCE_URL)).toBe(`${INSTANCE_URL}/`)
      const other = await send(nginx.port, { method: 'GET', path: '/', headers: { Host: 'other.example', Accept: HTML } })
      expect(other.headers.location).toBe('https://down.example.org/?lang=ja&from=/')
      const head = await send(nginx.port, { method: 'HEAD', path: '/', headers: { Accept: HTML } })
      expect(head.status).toBe(302)
      const monitor = await send(nginx.port, { method: 'GET', path: '/', headers: { Accept: '*/*' } })
      expect(monitor.status).toBe(503)
      expect(monitor.headers['retry-after']).toBe('30')
      // Other paths keep whatever the admin's own location / does (here: nothing).
      const note = await send(nginx.port, { method: 'GET', path: '/notes/abc', headers: { Accept: HTML } })
      expect(note.status).toBe(mode === 500 ? 500 : 502)
    }
  })

  it('carries the same fallback locations as nakanai.conf', async () => {
    const named = (text: string) => text.slice(text.indexOf('location @nakanai_redirect'))
    const [full, rootOnly] = await Promise.all(['nakanai.conf', 'root-only.conf'].map(f => readFile(join(NGINX_SOURCE_DIR, f), 'utf8')))
    expect(named(rootOnly!)).toBe(named(full!))
  })
})
