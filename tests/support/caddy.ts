import { readFileSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
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

/** A shipped Caddyfile with `replace` applied (each search must occur). */
export async function caddyExample(file: string, replace: Array<[string, string]>): Promise<string> {
  let text = await readFile(join(CADDY_SOURCE_DIR, file), 'utf8')
  for (const [search, replacement] of replace) {
    if (!text.includes(search)) throw new Error(`${file} does not contain ${JSON.stringify(search)}`)
    text = text.replace(search, replacement)
  }
  return text
}

/**
 * The site block for the down page itself from caddy/README.md ("The down page itself
 * behind Caddy"), as it can run here: plain HTTP on 127.0.0.1:`port` instead of the
 * page's domain with automatic HTTPS, nakanai at `upstream` (host:port) instead of
 * 127.0.0.1:4870. What admins copy is what the tests run.
 */
export function runnableGuideCaddyBlock({ port, upstream }: { port: number, upstream: string }): string {
  const readme = readFileSync(join(CADDY_SOURCE_DIR, 'README.md'), 'utf8')
  const block = /^## The down page itself behind Caddy$[\s\S]*?^```caddyfile\n([\s\S]*?)^```$/m.exec(readme)?.[1]
  if (!block) throw new Error('caddy/README.md: no ```caddyfile block under "## The down page itself behind Caddy"')
  const replace = (text: string, search: string, replacement: string) => {
    if (!text.includes(search)) throw new Error(`caddy/README.md's block does not contain ${JSON.stringify(search)}`)
    return text.replace(search, replacement)
  }
  return replace(replace(block, 'down.example {', `http://127.0.0.1:${port} {\n\tbind 127.0.0.1`), 'reverse_proxy 127.0.0.1:4870', `reverse_proxy ${upstream}`)
}
