import { execFileSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { freePort } from './server'
import { useStarted } from './use-started'

const BIN = process.env.NAKANAI_PG_BIN ?? '/usr/lib/postgresql/15/bin'

export interface TestPostgres {
  /** Superuser URL of the default database. */
  url: string
  port: number
  /** A new, empty database on this server; its URL. */
  createDatabase: (name?: string) => Promise<string>
  stop: () => void
  start: () => void
  /** Freezes (SIGSTOP) or thaws (SIGCONT) the server and its backends: a database that hangs instead of refusing. */
  freeze: (frozen: boolean) => void
  /** Stops the server and deletes its folder. */
  dispose: () => void
}

// initdb and postgres refuse to run as root (CI runs as root): then they run as
// the postgres user of Debian's package, in a folder it owns.
function asServerUser(): { prefix: string[], uid?: number, gid?: number } {
  if (process.getuid?.() !== 0) return { prefix: [] }
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
  return { prefix: ['runuser', '-u', 'postgres', '--'], uid, gid }
}

function run(prefix: string[], command: string, args: string[]): void {
  const [file, ...rest] = [...prefix, join(BIN, command), ...args]
  try {
    execFileSync(file!, rest, { stdio: ['ignore', 'pipe', 'pipe'], cwd: '/' })
  }
  catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer, stderr?: Buffer }
    throw new Error(`${command} failed: ${String(stderr ?? '')}${String(stdout ?? '')}`, { cause: error })
  }
}

/**
 * A real PostgreSQL 15 in a temporary folder on a free port (trust auth on
 * 127.0.0.1 only), for tests. fsync is off: the data is thrown away anyway.
 */
export async function startPostgres(): Promise<TestPostgres> {
  if (!existsSync(join(BIN, 'initdb'))) {
    // Never a skip: a machine without PostgreSQL cannot vouch for the PostgreSQL store.
    throw new Error(`PostgreSQL 15 is not installed (${BIN}/initdb is missing); install the Debian package postgresql-15.`)
  }
  const user = asServerUser()
  const root = mkdtempSync(join(tmpdir(), 'nakanai-pg-'))
  if (user.uid !== undefined) chownSync(root, user.uid, user.gid!)
  const data = join(root, 'data')
  const port = await freePort()
  run(user.prefix, 'initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'])

  const options = [
    `-p ${port}`, `-k ${root}`, '-c listen_addresses=127.0.0.1',
    '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off',
  ].join(' ')
  let running = false
  const start = () => {
    run(user.prefix, 'pg_ctl', ['-D', data, '-l', join(root, 'server.log'), '-o', options, '-w', '-t', '60', 'start'])
    running = true
  }
  const stop = () => {
    if (!running) return
    run(user.prefix, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'])
    running = false
  }
  start()

  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  let databases = 0
  return {
    url,
    port,
    async createDatabase(name = `test_${process.pid}_${++databases}`) {
      const sql = postgres(url, { max: 1, onnotice: () => {} })
      try {
        await sql.unsafe(`create database ${name}`)
      }
      finally {
        await sql.end()
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`
    },
    stop,
    start,
    freeze(frozen) {
      const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0])
      const backends = execFileSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number)
      for (const pid of [postmaster, ...backends]) process.kill(pid, frozen ? 'SIGSTOP' : 'SIGCONT')
    },
    dispose() {
      try {
        stop()
      }
      finally {
        rmSync(root, { recursive: true, force: true })
      }
    },
  }
}

/**
 * startPostgres() before the tests of this file (or describe block), disposed after them.
 * initdb alone took tens of seconds on a 2-core machine running three test suites.
 */
export function usePostgres(): TestPostgres {
  return useStarted(startPostgres, pg => pg.dispose(), 180_000)
}
