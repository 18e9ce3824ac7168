import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { request, type IncomingHttpHeaders } from 'node:http'
import { join } from 'node:path'
import { CaddyDir, caddyExample } from './caddy'
import type { Daemon } from './daemon'
import type { Family, FakeMisskey, UpstreamMode } from './fake-misskey'
import { NginxPrefix, SHIPPED_UPSTREAM, exampleVariant } from './nginx'
import { freePort } from './server'
import type { ShippedFiles } from './shipped-files'
import { startWorker } from './worker'

/**
 * Each front nakanai ships (nginx, Caddy, the Cloudflare Worker) running its shipped
 * files (for nginx and Caddy: the example of each software family) in front of a fake
 * instance, reachable on a local port, for the shared request table in
 * tests/fronts/scenarios.ts.
 */

export type FrontName = 'nginx' | 'caddy' | 'worker'

export interface Front {
  name: FrontName
  /** The instance's software family, whose shipped example this front runs. */
  family: Family
  port: number
  /** Puts the instance in `mode` as this front sees it, with nothing left over from before. */
  setMode(mode: UpstreamMode): Promise<void>
  stop(): Promise<void>
}

/** The host every front serves (the Worker's route, nginx's server_name). */
export const HOST = 'misskey.example'

/** Mastodon's public/500.html, as nginx serves it for its own errors (error_page). */
export const MASTODON_ERROR_PAGE = '<!doctype html><title>We\'re sorry, but something went wrong</title><p>mastodon-500-html</p>\n'

/**
 * nginx running a shipped example in its plain-HTTP variant (exampleVariant): Misskey's
 * example-misskey.conf with nakanai.conf, or Mastodon's example-mastodon.conf with
 * nakanai-fallback.conf (its file folders as in containers, so that they reach the
 * instance; public/ holds only 500.html). A short read timeout is added so that "the
 * instance hangs" takes one second, not a minute.
 */
export async function startNginxFront(upstream: FakeMisskey, family: Family = 'misskey'): Promise<Front> {
  const prefix = await NginxPrefix.create()
  await prefix.install('nakanai-http.conf')
  const port = await freePort()
  const options = {
    port,
    redirectPort: await freePort(),
    cacheDir: prefix.path('cache'),
    serverLines: ['proxy_connect_timeout 2s;', 'proxy_read_timeout 1s;'],
  }
  let example: string
  if (family === 'misskey') {
    example = 'example-misskey.conf'
    // The shipped file, unchanged except for the Misskey address it proxies to.
    await prefix.install('nakanai.conf', [[SHIPPED_UPSTREAM, `127.0.0.1:${upstream.port}`]])
    await writeFile(prefix.path('nakanai', example), (await exampleVariant(example, options)).text)
  }
  else {
    example = 'example-mastodon.conf'
    await prefix.install('nakanai-fallback.conf')
    await mkdir(prefix.path('public'))
    await writeFile(prefix.path('public', '500.html'), MASTODON_ERROR_PAGE)
    await writeFile(prefix.path('nakanai', example), (await exampleVariant(example, { ...options, root: prefix.path('public'), upstreamPort: upstream.port, container: true })).text)
  }
  await prefix.writeMainConfig(`  include nakanai/${example};`)
  const program = await prefix.start(port)
  return {
    name: 'nginx',
    family,
    port,
    async setMode(mode) {
      await upstream.setMode(mode)
      // Nothing kept from the mode before: what the instance marked cacheable while up
      // is served from the cache while it is down (nginx.test.ts), not what this asks.
      // (Its contents only: nginx writes there and does not make the folder again.)
      const cache = prefix.path('cache')
      const entries = await readdir(cache).catch(() => [])
      await Promise.all(entries.map(entry => rm(join(cache, entry), { recursive: true, force: true })))
    },
    async stop() {
      await program.stop()
      await prefix.remove()
    },
  }
}

/**
 * Caddy running a shipped example (example-misskey.Caddyfile, example-gotosocial.Caddyfile)
 * with nakanai.caddy, on plain HTTP for this host and a local port instead of the
 * example's domain with automatic HTTPS, and a one-second wait for the instance's answer
 * (60 s as shipped). Misskey's address is replaced in the snippet; GoToSocial's in the
 * example's `vars nakanai_instance` line, which overrides the snippet's.
 */
export async function startCaddyFront(upstream: FakeMisskey, family: Family = 'misskey'): Promise<Front> {
  const dir = await CaddyDir.create()
  const port = await freePort()
  const site = `\nhttp://${HOST}:${port} {\n\tbind 127.0.0.1`
  const timeout: [string, string] = ['response_header_timeout 60s', 'response_header_timeout 1s']
  let variant: string
  if (family === 'misskey') {
    await dir.install('nakanai.caddy', [['127.0.0.1:3000', `127.0.0.1:${upstream.port}`], timeout])
    variant = await caddyExample('example-misskey.Caddyfile', [['\nexample.tld {', site]])
  }
  else {
    await dir.install('nakanai.caddy', [timeout])
    variant = await caddyExample('example-gotosocial.Caddyfile', [['\nexample.org {', site], ['nakanai_instance 127.0.0.1:8080', `nakanai_instance 127.0.0.1:${upstream.port}`]])
  }
  await dir.writeCaddyfile(variant)
  return programFront('caddy', family, upstream, await dir.start(port), dir)
}

/** A front that is a program (nginx, Caddy) run from a folder of its own; stop() removes both. */
function programFront(name: FrontName, family: Family, upstream: FakeMisskey, program: Daemon, files: ShippedFiles): Front {
  return {
    name,
    family,
    port: program.port,
    setMode: mode => upstream.setMode(mode),
    async stop() {
      await program.stop()
      await files.remove()
    },
  }
}

/**
 * The Worker's fetches go to the fake Misskey, as Cloudflare sends them to the origin: a
 * refused connection makes the fetch throw. A Misskey that hangs is what Cloudflare
 * answers itself after 100 s, with 524; the fake sends that at once.
 */
export async function startWorkerFront(upstream: FakeMisskey, family: Family = 'misskey'): Promise<Front> {
  const worker = await startWorker(HOST, { external: { address: `127.0.0.1:${upstream.port}`, http: {} } })
  return {
    name: 'worker',
    family,
    port: worker.port,
    async setMode(mode) {
      await upstream.setMode(mode === 'hang' ? 524 : mode)
      await worker.forgetHealth()
    },
    stop: () => worker.stop(),
  }
}

export interface Reply {
  status: number
  headers: IncomingHttpHeaders
  /** The body as UTF-8 text. */
  body: string
  /** The body's bytes as sent (compressed, if the answer says Content-Encoding). */
  raw: Buffer
}

export interface Sent {
  method: string
  path: string
  headers?: Record<string, string>
  body?: string
}

/** One request straight to a front: no redirects followed, Host set, raw path kept. */
export function send(port: number, { method, path, headers = {}, body }: Sent): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent: false, headers: { Host: HOST, ...headers } })
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const raw = Buffer.concat(chunks)
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: raw.toString('utf8'), raw })
      })
      res.on('error', reject)
    })
    req.on('upgrade', (res, socket) => {
      socket.destroy()
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '', raw: Buffer.alloc(0) })
    })
    req.on('error', reject)
    req.setTimeout(15_000, () => req.destroy(new Error(`${method} ${path} timed out`)))
    req.end(body)
  })
}
