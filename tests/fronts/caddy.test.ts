import { afterAll, describe, expect, it } from 'vitest'
import { FAKE_MISSKEY_MARK, useFakeMisskey } from '../support/fake-misskey'
import { send } from '../support/fronts'
import { CaddyDir, caddyExample } from '../support/caddy'
import { freePort } from '../support/server'
import { useStarted } from '../support/use-started'
import { DOWN_PAGE, HTML } from './scenarios'

// What only Caddy has: `caddy validate` on the shipped examples as shipped, and a live run
// of Misskey's (plain HTTP on a local port instead of automatic HTTPS, the only change),
// with a second site that gives its own down page address. The request table itself runs
// on every front, with both examples, in table.test.ts.

const dirs: CaddyDir[] = []
afterAll(async () => {
  await Promise.all(dirs.map(d => d.remove()))
})

async function caddyDir(): Promise<CaddyDir> {
  const dir = await CaddyDir.create()
  dirs.push(dir)
  return dir
}

describe('caddy validate', () => {
  it.each(['example-misskey.Caddyfile', 'example-gotosocial.Caddyfile'])('accepts %s with nakanai.caddy as shipped', async (example) => {
    const dir = await caddyDir()
    await dir.install('nakanai.caddy')
    // Where admins put it: /etc/caddy/Caddyfile, next to nakanai/ (its import is relative).
    await dir.install(example, [], 'Caddyfile')
    const result = dir.validate()
    expect(result.output).toMatch(/Valid configuration/)
    expect(result.ok).toBe(true)
  })
})

describe('example-misskey.Caddyfile, plain-HTTP variant, live', () => {
  const upstream = useFakeMisskey()
  const caddy = useStarted(async () => {
    const dir = await caddyDir()
    const port = await freePort()
    await dir.install('nakanai.caddy', [['127.0.0.1:3000', `127.0.0.1:${upstream.port}`]])
    // Only the site address differs from what admins copy; a second site shows the
    // per-site down page address the README describes.
    const variant = await caddyExample('example-misskey.Caddyfile', [['\nexample.tld {', `\nhttp://example.tld:${port} {\n\tbind 127.0.0.1`]])
    await dir.writeCaddyfile(`${variant}
http://other.example:${port} {
\tbind 127.0.0.1
\tbasicauth /private/* {
\t\tadmin $2a$14$Zk4jaxf47fvEYUGvGld1te3TMjmcFB22gxPqo9.f9q.mw6FrkHl1y
\t}
\timport nakanai/nakanai.caddy
\tvars nakanai_down_page "https://down.example.org/?lang=ja"
}`)
    return dir.start(port)
  }, program => program.stop())

  it('proxies while up and falls back while down, with each site\'s own down page', async () => {
    await upstream.setMode('up')
    const page = await send(caddy.port, { method: 'GET', path: '/@alice', headers: { Host: 'example.tld', Accept: HTML } })
    expect(page.status).toBe(200)
    expect(page.body).toContain(FAKE_MISSKEY_MARK)

    await upstream.setMode('closed')
    const down = await send(caddy.port, { method: 'GET', path: '/@alice?tab=notes', headers: { Host: 'example.tld', Accept: HTML } })
    expect(down.status).toBe(302)
    expect(down.headers.location).toBe(`${DOWN_PAGE}?from=/@alice?tab=notes`)
    const other = await send(caddy.port, { method: 'GET', path: '/@bob', headers: { Host: 'other.example', Accept: HTML } })
    expect(other.headers.location).toBe('https://down.example.org/?lang=ja&from=/@bob')
    const api = await send(caddy.port, { method: 'POST', path: '/api/meta', headers: { 'Host': 'example.tld', 'Content-Type': 'application/json' }, body: '{}' })
    expect(api.status).toBe(503)
    expect(api.headers['access-control-allow-origin']).toBe('*')
  })

  it('leaves errors of the admin\'s own directives alone', async () => {
    // The second site protects a path with a password: its 401 is the visitor's error,
    // not Misskey being down, whatever state Misskey is in.
    for (const mode of ['up', 'closed'] as const) {
      await upstream.setMode(mode)
      const locked = await send(caddy.port, { method: 'GET', path: '/private/x', headers: { Host: 'other.example', Accept: HTML } })
      expect(locked.status, mode).toBe(401)
      expect(locked.headers['www-authenticate'], mode).toMatch(/^Basic/)
    }
  })
})
