import { request } from 'node:http'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAKE_MISSKEY_MARK, startFakeMisskey, type FakeMisskey } from '../support/nginx-upstream'
import { NGINX_SOURCE_DIR, NginxPrefix, SHIPPED_UPSTREAM, freePort, selfSignedCertificate, startNginx } from '../support/nginx'

// `nginx -t` on every shipped file, as shipped, plus a live run of example-misskey.conf
// in its plain-HTTP variant (the listen and TLS lines are the only ones that differ).

const prefixes: NginxPrefix[] = []
async function prefix(): Promise<NginxPrefix> {
  const created = await NginxPrefix.create()
  prefixes.push(created)
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
    const p = await prefix()
    await p.install('nakanai-http.conf')
    await p.install('nakanai.conf')
    await p.writeMainConfig(`
  include nakanai/nakanai-http.conf;
  server {
    listen 127.0.0.1:${await freePort()};
    server_name misskey.example;
    include nakanai/nakanai.conf;
  }`)
    expectValid(p.test())
  })

  it('accepts root-only.conf as shipped, beside an existing location /', async () => {
    const p = await prefix()
    await p.install('nakanai-http.conf')
    await p.install('root-only.conf')
    await p.writeMainConfig(`
  include nakanai/nakanai-http.conf;
  server {
    listen 127.0.0.1:${await freePort()};
    location / { proxy_pass http://127.0.0.1:3000; }
    include nakanai/root-only.conf;
  }`)
    expectValid(p.test())
  })

  it('refuses nakanai.conf next to a location / it should have replaced', async () => {
    const p = await prefix()
    await p.install('nakanai-http.conf')
    await p.install('nakanai.conf')
    // nakanai.conf next to the admin's old location / (it must replace it).
    await p.writeMainConfig(`
  include nakanai/nakanai-http.conf;
  server {
    listen 127.0.0.1:${await freePort()};
    location / { proxy_pass http://127.0.0.1:3000; }
    include nakanai/nakanai.conf;
  }`, 'kept-location.conf')
    const kept = p.test('kept-location.conf')
    expect(kept.ok).toBe(false)
    expect(kept.output).toMatch(/duplicate location "\/"/)
  })

  it('accepts example-misskey.conf with self-signed certificates in place of Let\'s Encrypt\'s', async () => {
    const p = await prefix()
    const { cert, key } = selfSignedCertificate(p.dir)
    await p.install('nakanai-http.conf')
    await p.install('nakanai.conf')
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
  let upstream: FakeMisskey
  let port: number
  let stop: () => Promise<void>

  beforeAll(async () => {
    upstream = await startFakeMisskey()
    const p = await prefix()
    const redirectPort = await freePort()
    port = await freePort()
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
    const nginx = await startNginx(p, port)
    stop = () => nginx.stop()
  })

  afterAll(async () => {
    await stop?.()
    await upstream?.close()
  })

  const get = (path: string, accept: string, method = 'GET') => new Promise<{ status: number, headers: Record<string, string | string[] | undefined>, body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent: false, headers: { Host: 'example.tld', Accept: accept } }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => body += chunk.toString())
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
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
