import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { check, findProgram, startDaemon, type Daemon } from './daemon'
import { ShippedFiles } from './shipped-files'

/** The shipped Caddy files (the repository's caddy/ folder). */
export const CADDY_SOURCE_DIR = fileURLToPath(new URL('../../caddy/', import.meta.url))

/** The Caddy binary (Debian's package: /usr/bin/caddy). */
export function caddyBinary(): string {
  return findProgram('caddy', 'CADDY_BIN', ['/usr/bin/caddy'],
    'caddy is not installed: the Caddy snippet tests need it (Debian: apt-get install caddy; .ci/run installs it).')
}

/**
 * A private Caddy folder: the Caddyfile, the shipped files under `nakanai/` (/etc/caddy/nakanai/
 * in the README), and Caddy's own data and config folders (HOME, XDG_*), so nothing outside
 * it is touched.
 */
export class CaddyDir extends ShippedFiles {
  private constructor(dir: string) {
    super(dir, CADDY_SOURCE_DIR)
  }

  static async create(): Promise<CaddyDir> {
    return new CaddyDir(await ShippedFiles.folder('nakanai-caddy-'))
  }

  /** Writes a Caddyfile whose global options keep Caddy local: no admin endpoint, no ACME. */
  async writeCaddyfile(sites: string, name = 'Caddyfile'): Promise<string> {
    const file = this.path(name)
    await writeFile(file, `{\n\tadmin off\n\tauto_https off\n\tstorage file_system ${this.path('data')}\n}\n${sites}\n`)
    return file
  }

  private env(): NodeJS.ProcessEnv {
    return { ...process.env, HOME: this.dir, XDG_DATA_HOME: this.path('data'), XDG_CONFIG_HOME: this.path('config') }
  }

  /** `caddy validate` on a Caddyfile of this folder. */
  validate(name = 'Caddyfile'): { ok: boolean, output: string } {
    return check(caddyBinary(), ['validate', '--adapter', 'caddyfile', '--config', this.path(name)], this.env())
  }

  /** Runs Caddy in the foreground on a Caddyfile of this folder and waits for `port`; its log is `log`. */
  start(port: number, name = 'Caddyfile'): Promise<Daemon> {
    return startDaemon(caddyBinary(), ['run', '--adapter', 'caddyfile', '--config', this.path(name)], port, { env: this.env() })
  }
}
