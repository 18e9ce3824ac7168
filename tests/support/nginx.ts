import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { check, findProgram, startDaemon, type Daemon } from './daemon'
import { ShippedFiles } from './shipped-files'

/** The shipped snippet files (the repository's nginx/ folder). */
export const NGINX_SOURCE_DIR = fileURLToPath(new URL('../../nginx/', import.meta.url))

/** Where Misskey listens in the shipped files; tests point it at their fake upstream. */
export const SHIPPED_UPSTREAM = '127.0.0.1:3000'

/** The nginx binary (Debian's package puts it in /usr/sbin, which is not on every PATH). */
export function nginxBinary(): string {
  return findProgram('nginx', 'NGINX_BIN', ['/usr/sbin/nginx', '/usr/local/sbin/nginx'],
    'nginx is not installed: the nginx snippet tests need it (Debian: apt-get install nginx; .ci/run installs it).')
}

/**
 * A private nginx prefix in a temporary folder: nginx.conf, logs, pid and every
 * temp path live inside it, so nothing outside it is touched. The shipped files are
 * copied to `<prefix>/nakanai/` (/etc/nginx/nakanai/ in the README).
 */
export class NginxPrefix extends ShippedFiles {
  private constructor(dir: string) {
    super(dir, NGINX_SOURCE_DIR)
  }

  static async create(): Promise<NginxPrefix> {
    return new NginxPrefix(await ShippedFiles.folder('nakanai-nginx-', ['logs', 'temp']))
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

  /**
   * Writes a main config whose http block is a site as an admin has it: nakanai-http.conf
   * included, and one server listening on 127.0.0.1:`port` with `lines` in it.
   */
  writeSite(port: number, lines: string[], name = 'nginx.conf'): Promise<string> {
    return this.writeMainConfig([
      '  include nakanai/nakanai-http.conf;',
      '  server {',
      `    listen 127.0.0.1:${port};`,
      ...lines.map(line => `    ${line}`),
      '  }',
    ].join('\n'), name)
  }

  /** `nginx -t` on a main config file of this prefix. */
  test(config = 'nginx.conf'): { ok: boolean, output: string } {
    return check(nginxBinary(), ['-t', '-p', this.dir, '-c', this.path(config)])
  }

  /** Starts nginx in the foreground on a main config file of this prefix and waits for `port`. */
  start(port: number, config = 'nginx.conf'): Promise<Daemon> {
    return startDaemon(nginxBinary(), ['-p', this.dir, '-c', this.path(config)], port, {
      whyExited: () => readFile(this.path('logs', 'error.log'), 'utf8').catch(() => ''),
    })
  }
}

/** A self-signed certificate and key for `example.tld`, made with openssl in `dir`. */
export function selfSignedCertificate(dir: string): { cert: string, key: string } {
  const cert = join(dir, 'fullchain.pem')
  const key = join(dir, 'privkey.pem')
  const result = check('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
    '-subj', '/CN=example.tld', '-keyout', key, '-out', cert,
  ])
  if (!result.ok) throw new Error(`openssl failed: ${result.output}`)
  return { cert, key }
}

export interface ExampleVariantOptions {
  /** Where the HTTPS server listens instead (127.0.0.1, plain HTTP). */
  port: number
  /** Where the port-80 server (the redirect to HTTPS) listens instead. */
  redirectPort: number
  /** The folder for the example's proxy_cache_path. */
  cacheDir: string
  /** The instance's public/ folder, for an example that serves files from disk (Mastodon). */
  root?: string
  /** The instance's port, for an example with upstream blocks of its own (Mastodon). */
  upstreamPort?: number
  /** Files not on this machine (Mastodon in containers): `try_files $uri @mastodon;` for the file folders. */
  container?: boolean
  /** Lines added to the HTTPS server after its listen line (timeouts for the tests). */
  serverLines?: string[]
}

/**
 * A shipped example (example-misskey.conf, example-mastodon.conf) as it can run here:
 * plain HTTP on 127.0.0.1 instead of 443 with TLS, and the folders and addresses of
 * this machine. Returns the text and the example's lines it changed, for the tests to
 * check that only those lines differ from what admins copy.
 */
export async function exampleVariant(file: string, options: ExampleVariantOptions): Promise<{ text: string, changed: string[] }> {
  const shipped = await readFile(join(NGINX_SOURCE_DIR, file), 'utf8')
  const changed: string[] = []
  const lines = shipped.split('\n').flatMap((line) => {
    const trimmed = line.trim()
    const replace = (...text: string[]) => {
      changed.push(line)
      return text
    }
    if (trimmed === 'listen 80;') return replace(line.replace('80', `127.0.0.1:${options.redirectPort}`))
    if (trimmed === 'listen 443 ssl http2;') {
      const indent = line.slice(0, line.indexOf('listen'))
      return replace(line.replace('443 ssl http2', `127.0.0.1:${options.port}`), ...(options.serverLines ?? []).map(added => `${indent}${added}`))
    }
    if (/^listen \[::\]/.test(trimmed) || /^ssl_/.test(trimmed)) return replace()
    if (trimmed.startsWith('proxy_cache_path ')) return replace(line.replace(/proxy_cache_path \S+/, `proxy_cache_path ${options.cacheDir}`))
    if (options.root && /^root \S+;$/.test(trimmed)) return replace(line.replace(/root \S+;/, `root ${options.root};`))
    if (options.upstreamPort && /^server 127\.0\.0\.1:\d+ fail_timeout=0;$/.test(trimmed)) return replace(line.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${options.upstreamPort}`))
    if (options.container && trimmed === 'try_files $uri =404;') return replace(line.replace('=404', '@mastodon'))
    return [line]
  })
  return { text: lines.join('\n'), changed }
}
