import { request, type IncomingHttpHeaders } from 'node:http'
import { CaddyDir } from './caddy'
import type { Daemon } from './daemon'
import type { FakeMisskey, UpstreamMode } from './fake-misskey'
import { NginxPrefix, SHIPPED_UPSTREAM } from './nginx'
import { freePort } from './server'
import type { ShippedFiles } from './shipped-files'
import { startWorker } from './worker'

/**
 * Each front nakanai ships (nginx, Caddy, the Cloudflare Worker) running its shipped
 * files in front of one fake Misskey, reachable on a local port, for the shared request
 * table in tests/fronts/scenarios.ts.
 */

export type FrontName = 'nginx' | 'caddy' | 'worker'

export interface Front {
  name: FrontName
  port: number
  /** Puts Misskey in `mode` as this front sees it, with nothing left over from before. */
  setMode(mode: UpstreamMode): Promise<void>
  stop(): Promise<void>
}

/** The host every front serves (the Worker's route, nginx's server_name). */
export const HOST = 'misskey.example'

export async function startNginxFront(upstream: FakeMisskey): Promise<Front> {
  const prefix = await NginxPrefix.create()
  // The shipped files, unchanged except for the Misskey address they proxy to.
  await prefix.install('nakanai-http.conf')
  await prefix.install('nakanai.conf', [[SHIPPED_UPSTREAM, `127.0.0.1:${upstream.port}`]])
  const port = await freePort()
  // A server as an admin would have it; a short read timeout so that "Misskey hangs"
  // takes one second, not a minute.
  await prefix.writeSite(port, [
    `server_name ${HOST};`,
    'client_max_body_size 80m;',
    'proxy_connect_timeout 2s;',
    'proxy_read_timeout 1s;',
    'include nakanai/nakanai.conf;',
  ])
  return programFront('nginx', upstream, await prefix.start(port), prefix)
}

export async function startCaddyFront(upstream: FakeMisskey): Promise<Front> {
  const dir = await CaddyDir.create()
  // The shipped snippet, unchanged except for the Misskey address and a one-second
  // wait for Misskey's answer (60 s as shipped).
  await dir.install('nakanai.caddy', [
    ['127.0.0.1:3000', `127.0.0.1:${upstream.port}`],
    ['response_header_timeout 60s', 'response_header_timeout 1s'],
  ])
  const port = await freePort()
  await dir.writeCaddyfile(`http://${HOST}:${port} {\n\tbind 127.0.0.1\n\timport nakanai/nakanai.caddy\n}`)
  return programFront('caddy', upstream, await dir.start(port), dir)
}

/** A front that is a program (nginx, Caddy) run from a folder of its own; stop() removes both. */
function programFront(name: FrontName, upstream: FakeMisskey, program: Daemon, files: ShippedFiles): Front {
  return {
    name,
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
export async function startWorkerFront(upstream: FakeMisskey): Promise<Front> {
  const worker = await startWorker(HOST, { external: { address: `127.0.0.1:${upstream.port}`, http: {} } })
  return {
    name: 'worker',
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
  body: string
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
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('upgrade', (res, socket) => {
      socket.destroy()
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' })
    })
    req.on('error', reject)
    req.setTimeout(15_000, () => req.destroy(new Error(`${method} ${path} timed out`)))
    req.end(body)
  })
}
