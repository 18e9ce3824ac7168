import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { waitForPort } from './nginx'

/** The shipped Caddy files (the repository's caddy/ folder). */
export const CADDY_SOURCE_DIR = fileURLToPath(new URL('../../caddy/', import.meta.url))

/** The Caddy binary (Debian's package: /usr/bin/caddy). Missing: the test fails, never skips. */
export function caddyBinary(): string {
  const candidates = [
    process.env.CADDY_BIN,
    ...(process.env.PATH ?? '').split(delimiter).map(dir => join(dir, 'caddy')),
    '/usr/bin/caddy',
  ].filter((candidate): candidate is string => !!candidate)
  const found = candidates.find(candidate => existsSync(candidate))
  if (!found) throw new Error('caddy is not installed: the Caddy snippet tests need it (Debian: apt-get install caddy; .ci/run installs it).')
  return found
}

/**
 * A private Caddy folder: the Caddyfile, the shipped files under `nakanai/` (as the README
 * tells admins to place them in /etc/caddy/nakanai/), and Caddy's own data and config
 * folders (HOME, XDG_*), so nothing outside it is touched.
 */
export class CaddyDir {
  private constructor(readonly dir: string) {}

  static async create(): Promise<CaddyDir> {
    const dir = await mkdtemp(join(tmpdir(), 'nakanai-caddy-'))
    await mkdir(join(dir, 'nakanai'))
    return new CaddyDir(dir)
  }

  path(...parts: string[]): string {
    return join(this.dir, ...parts)
  }

  /**
   * Copies a shipped file to `nakanai/` (or `target` in this folder), applying literal
   * replacements that must each occur.
   */
  async install(file: string, replace: Array<[string, string]> = [], target = join('nakanai', file)): Promise<string> {
    let text = await readFile(join(CADDY_SOURCE_DIR, file), 'utf8')
    for (const [search, replacement] of replace) {
      if (!text.includes(search)) throw new Error(`${file} does not contain ${JSON.stringify(search)}`)
      text = text.split(search).join(replacement)
    }
    await writeFile(this.path(target), text)
    return this.path(target)
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
    const result = spawnSync(caddyBinary(), ['validate', '--adapter', 'caddyfile', '--config', this.path(name)], { encoding: 'utf8', env: this.env() })
    return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` }
  }

  /** Runs Caddy in the foreground on a Caddyfile of this folder and waits for `port`. */
  async start(port: number, name = 'Caddyfile'): Promise<RunningCaddy> {
    const child = spawn(caddyBinary(), ['run', '--adapter', 'caddyfile', '--config', this.path(name)], { stdio: ['ignore', 'ignore', 'pipe'], env: this.env() })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
    await waitForPort(port, () => child.exitCode === null ? null : `caddy exited with ${child.exitCode}:\n${stderr}`).catch((error) => {
      child.kill('SIGKILL')
      throw error
    })
    return {
      port,
      get log() {
        return stderr
      },
      async stop() {
        if (child.exitCode !== null) return
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
        await exited
        clearTimeout(timer)
      },
    }
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true })
  }
}

export interface RunningCaddy {
  port: number
  /** Caddy's log so far (it logs to stderr). */
  readonly log: string
  stop(): Promise<void>
}
