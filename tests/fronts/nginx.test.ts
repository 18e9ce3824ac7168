import { request } from 'node:http'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readFromParam, safeReturnUrl } from '../../shared/utils/return-url'
import { FAKE_MISSKEY_MARK, MASTODON_MISSING_PAGE, useFakeMisskey } from '../support/fake-misskey'
import { HOST, MASTODON_ERROR_PAGE, send } from '../support/fronts'
import { NGINX_SOURCE_DIR, NginxPrefix, SHIPPED_UPSTREAM, exampleVariant, selfSignedCertificate } from '../support/nginx'
import { freePort } from '../support/server'
import { useStarted } from '../support/use-started'
import { DOWN_PAGE, HTML, INSTANCE_URL } from './scenarios'

// What only nginx has: `nginx -t` on every shipped file as shipped, live runs of
// example-misskey.conf and example-mastodon.conf in their plain-HTTP variants (the
// listen and TLS lines, and the folders of this machine, are the only ones that differ)
// for what the request table does not ask (the caches, files from disk, Mastodon's own
// 404), and the minimal root-only.conf. The request table itself runs on every front,
// with both examples, in table.test.ts.

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

  it('accepts example-mastodon.conf with nakanai-fallback.conf, with self-signed certificates in place of Let\'s Encrypt\'s', async () => {
    const p = await prefix('nakanai-http.conf', 'nakanai-fallback.conf')
    const { cert, key } = selfSignedCertificate(p.dir)
    await p.install('example-mastodon.conf', [
      ['/etc/letsencrypt/live/example.com/fullchain.pem', cert],
      ['/etc/letsencrypt/live/example.com/privkey.pem', key],
      ['/var/cache/nginx', p.path('cache')],
    ])
    await p.writeMainConfig('  include nakanai/example-mastodon.conf;')
    expectValid(p.test())
  })

  it('accepts example-mastodon.conf with Mastodon\'s try_files for containers in every file folder', async () => {
    const p = await prefix('nakanai-http.conf', 'nakanai-fallback.conf')
    const { text } = await exampleVariant('example-mastodon.conf', { port: await freePort(), redirectPort: await freePort(), cacheDir: p.path('cache'), container: true })
    expect(text.match(/try_files \$uri @mastodon;/g)?.length).toBeGreaterThanOrEqual(9)
    await writeFile(p.path('nakanai', 'example-mastodon.conf'), text)
    await p.writeMainConfig('  include nakanai/example-mastodon.conf;')
    expectValid(p.test())
  })
})

/** A GET (or `method`) to nginx on `port` that fails if any header comes twice. */
function getFrom(port: number, host: string) {
  return (path: string, accept: string, method = 'GET') => new Promise<{ status: number, headers: Record<string, string | string[] | undefined>, body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent: false, headers: { Host: host, Accept: accept } }, (res) => {
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
}

/** Only listen, TLS, the folders of this machine and the instance's address differ from what admins copy. */
function expectOnlyMachineLinesChanged(changed: string[]): void {
  expect(changed.every(line => /^\s*(listen|ssl_|proxy_cache_path|root|server 127\.0\.0\.1:)/.test(line)), changed.join('\n')).toBe(true)
}

describe('example-misskey.conf, plain-HTTP variant, live', () => {
  const upstream = useFakeMisskey()
  const nginx = useStarted(async () => {
    const p = await prefix()
    const port = await freePort()
    await p.install('nakanai-http.conf')
    await p.install('nakanai.conf', [[SHIPPED_UPSTREAM, `127.0.0.1:${upstream.port}`]])
    const variant = await exampleVariant('example-misskey.conf', { port, redirectPort: await freePort(), cacheDir: p.path('cache') })
    expectOnlyMachineLinesChanged(variant.changed)
    await writeFile(p.path('nakanai', 'example-misskey.conf'), variant.text)
    await p.writeMainConfig('  include nakanai/example-misskey.conf;')
    return p.start(port)
  }, program => program.stop())

  const get = (path: string, accept: string, method = 'GET') => getFrom(nginx.port, 'example.tld')(path, accept, method)

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

describe('example-mastodon.conf, plain-HTTP variant, live', () => {
  const upstream = useFakeMisskey('mastodon')
  /** An uploaded picture that exists on this machine's disk (public/system/…). */
  const MEDIA = '/system/media_attachments/files/000/000/002/original/on-disk.png'
  const nginx = useStarted(async () => {
    const p = await prefix('nakanai-http.conf', 'nakanai-fallback.conf')
    const port = await freePort()
    await mkdir(p.path('public', 'system', 'media_attachments', 'files', '000', '000', '002', 'original'), { recursive: true })
    await writeFile(p.path('public', '500.html'), MASTODON_ERROR_PAGE)
    await writeFile(p.path('public', ...MEDIA.split('/').filter(Boolean)), 'PNG on disk')
    const variant = await exampleVariant('example-mastodon.conf', { port, redirectPort: await freePort(), cacheDir: p.path('cache'), root: p.path('public'), upstreamPort: upstream.port, serverLines: ['proxy_read_timeout 2s;'] })
    expectOnlyMachineLinesChanged(variant.changed)
    await writeFile(p.path('nakanai', 'example-mastodon.conf'), variant.text)
    await p.writeMainConfig('  include nakanai/example-mastodon.conf;')
    return p.start(port)
  }, program => program.stop())

  const get = (path: string, accept: string, method = 'GET') => getFrom(nginx.port, 'example.com')(path, accept, method)

  it('passes Mastodon\'s own 404 page through, never the down page nor public/500.html', async () => {
    await upstream.setMode('up')
    const missing = await get(MASTODON_MISSING_PAGE, HTML)
    expect(missing.status).toBe(404)
    expect(missing.body).toContain(FAKE_MISSKEY_MARK)
    expect(missing.body).not.toContain('mastodon-500-html')
    expect(missing.headers.location).toBeUndefined()
  })

  it('answers a file missing from disk with public/500.html and 404, whether Mastodon is up or down', async () => {
    for (const mode of ['up', 'closed', 503] as const) {
      await upstream.setMode(mode)
      for (const path of ['/packs/missing.js', '/system/media_attachments/files/000/000/009/original/gone.png']) {
        const reply = await get(path, HTML)
        expect(reply.status, `${mode} ${path}`).toBe(404)
        expect(reply.body, `${mode} ${path}`).toBe(MASTODON_ERROR_PAGE)
      }
    }
  })

  it('serves media from disk while Mastodon is down, and sends browsers to the down page', async () => {
    await upstream.setMode('closed')
    const media = await get(MEDIA, 'image/avif,image/webp,*/*')
    expect(media.status).toBe(200)
    expect(media.body).toBe('PNG on disk')
    expect(media.headers['cache-control']).toBe('public, max-age=2419200, immutable')
    const page = await get('/@alice/109876543210', HTML)
    expect(page.status).toBe(302)
    expect(page.headers.location).toBe(`${DOWN_PAGE}?from=/@alice/109876543210`)
  })

  it('keeps no page in Mastodon\'s cache (Rails marks them private), so a page is never served stale while down', async () => {
    await upstream.setMode('up')
    for (let i = 0; i < 2; i++) {
      const page = await get('/@alice', HTML)
      expect(page.status).toBe(200)
      expect(page.headers['x-cached']).toBe('MISS')
    }
    await upstream.setMode(502)
    expect((await get('/@alice', HTML)).status).toBe(302)
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

  it('carries the same fallback locations as nakanai.conf and nakanai-fallback.conf', async () => {
    const named = (text: string) => text.slice(text.indexOf('location @nakanai_redirect'))
    const [full, rootOnly, fallback] = await Promise.all(['nakanai.conf', 'root-only.conf', 'nakanai-fallback.conf'].map(f => readFile(join(NGINX_SOURCE_DIR, f), 'utf8')))
    expect(named(rootOnly!)).toBe(named(full!))
    expect(named(fallback!)).toBe(named(full!))
  })
})
