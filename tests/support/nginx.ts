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
