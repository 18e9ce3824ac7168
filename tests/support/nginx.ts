import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The shipped snippet files (the repository's nginx/ folder). */
export const NGINX_SOURCE_DIR = fileURLToPath(new URL('../../nginx/', import.meta.url))

/** Where Misskey listens in the shipped files; tests point it at their fake upstream. */
export const SHIPPED_UPSTREAM = '127.0.0.1:3000'

/**
 * The nginx binary (Debian's package puts it in /usr/sbin, which is not on every PATH).
 * A missing nginx fails the test with a clear message; it is never skipped.
 */
export function nginxBinary(): string {
  const candidates = [
    process.env.NGINX_BIN,
    ...(process.env.PATH ?? '').split(delimiter).map(dir => join(dir, 'nginx')),
    '/usr/sbin/nginx',
    '/usr/local/sbin/nginx',
  ].filter((candidate): candidate is string => !!candidate)
  const found = candidates.find(candidate => existsSync(candidate))
  if (!found) {
    throw new Error('nginx is not installed: the nginx snippet tests need it (Debian: apt-get install nginx; .ci/run installs it).')
  }
  return found
}

export { freePort } from './server'

/**
 * A private nginx prefix in a temporary folder: nginx.conf, logs, pid and every
 * temp path live inside it, so nothing outside it is touched. The shipped files are
 * copied to `<prefix>/nakanai/`, the place the README tells admins to use
 * (/etc/nginx/nakanai/), so relative includes resolve exactly as in production.
 */
export class NginxPrefix {
  private constructor(readonly dir: string) {}

  static async create(): Promise<NginxPrefix> {
    const dir = await mkdtemp(join(tmpdir(), 'nakanai-nginx-'))
    await mkdir(join(dir, 'logs'))
    await mkdir(join(dir, 'temp'))
    await mkdir(join(dir, 'nakanai'))
    return new NginxPrefix(dir)
  }

  path(...parts: string[]): string {
    return join(this.dir, ...parts)
  }

  /**
   * Copies a shipped file into `<prefix>/nakanai/`, applying `replace` (literal
   * search → replacement; each search must occur, so a renamed line fails loudly).
   */
  async install(file: string, replace: Array<[string, string]> = []): Promise<string> {
    const target = this.path('nakanai', file)
    if (replace.length === 0) {
      await copyFile(join(NGINX_SOURCE_DIR, file), target)
      return target
    }
    let text = await readFile(join(NGINX_SOURCE_DIR, file), 'utf8')
    for (const [search, replacement] of replace) {
      if (!text.includes(search)) throw new Error(`${file} does not contain ${JSON.stringify(search)}`)
      text = text.split(search).join(replacement)
    }
    await writeFile(target, text)
    return target
  }

  /** Writes `<prefix>/<name>` with the main context around `http` (the http block's body). */
  async writeMainConfig(http: string, name = 'nginx.conf'): Promise<string> {
    const p = (...parts: string[]) => this.path(...parts)
    const config = [
      // A root master would start its workers as `nobody`, who cannot write the
      // temp folders below; the tests run as root in CI.
      process.getuid?.() === 0 ? 'user root;' : '',
      'daemon off;',
      'worker_processes 1;',
      `pid ${p('nginx.pid')};`,
      `error_log ${p('logs', 'error.log')} info;`,
      'events { worker_connections 256; }',
      'http {',
      `  client_body_temp_path ${p('temp', 'client_body')};`,
      `  proxy_temp_path ${p('temp', 'proxy')};`,
      `  fastcgi_temp_path ${p('temp', 'fastcgi')};`,
      `  uwsgi_temp_path ${p('temp', 'uwsgi')};`,
      `  scgi_temp_path ${p('temp', 'scgi')};`,
      `  access_log ${p('logs', 'access.log')};`,
      '  server_tokens off;',
      http,
      '}',
      '',
    ].filter(line => line !== '').join('\n')
    const file = p(name)
    await writeFile(file, config)
    return file
  }

  /** `nginx -t` on a main config file of this prefix. */
  test(config = 'nginx.conf'): { ok: boolean, output: string } {
    const result = spawnSync(nginxBinary(), ['-t', '-p', this.dir, '-c', this.path(config)], { encoding: 'utf8' })
    return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` }
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true })
  }
}

export interface RunningNginx {
  port: number
  stop(): Promise<void>
}

/** Starts nginx in the foreground on a prefix's nginx.conf and waits for `port`. */
export async function startNginx(prefix: NginxPrefix, port: number, config = 'nginx.conf'): Promise<RunningNginx> {
  const child = spawn(nginxBinary(), ['-p', prefix.dir, '-c', prefix.path(config)], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)))

  await waitForPort(port, async () => {
    if (child.exitCode === null) return null
    const log = await readFile(prefix.path('logs', 'error.log'), 'utf8').catch(() => '')
    return `nginx exited with ${child.exitCode}:\n${stderr}\n${log}`
  }).catch((error) => {
    child.kill('SIGKILL')
    throw error
  })

  return {
    port,
    async stop() {
      if (child.exitCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
    },
  }
}

/**
 * Waits until something listens on `port` (10 s at most). `failed` is asked between
 * attempts and returns why the process will never listen (it exited), or null.
 */
export async function waitForPort(port: number, failed: () => Promise<string | null> | string | null): Promise<void> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const reason = await failed()
    if (reason) throw new Error(reason)
    if (await canConnect(port)) return
    if (Date.now() > deadline) throw new Error(`nothing listened on ${port} within 10 s`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** A self-signed certificate and key for `example.tld`, made with openssl in `dir`. */
export function selfSignedCertificate(dir: string): { cert: string, key: string } {
  const cert = join(dir, 'fullchain.pem')
  const key = join(dir, 'privkey.pem')
  const result = spawnSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
    '-subj', '/CN=example.tld', '-keyout', key, '-out', cert,
  ], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`openssl failed: ${result.stderr}`)
  return { cert, key }
}
