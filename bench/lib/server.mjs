import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { sleep } from './util.mjs'

export const ROOT = resolve(import.meta.dirname, '../..')
export const SERVER_ENTRY = join(ROOT, '.output/server/index.mjs')

// The one helper that builds, spawns and stops the production server, for the bench
// and the tests alike (tests/support/server.ts re-exports it; types in server.d.mts).

// Same sources and lock as tests/support/build.ts, so a bench and a test run in one
// checkout never build into .output at the same time.
const SOURCES = ['app.vue', 'components', 'composables', 'locales', 'modules', 'plugins', 'server', 'shared', 'public', 'supabase/migrations', 'nuxt.config.ts', 'package-lock.json']
const LOCK = join(ROOT, '.output.lock')

function newestSourceTime(path) {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...readdirSync(path).map(entry => newestSourceTime(join(path, entry))))
}

/** Builds the production server unless .output is newer than every source; returns whether it built. */
export async function buildIfStale({ log = () => {} } = {}) {
  const deadline = Date.now() + 300_000
  for (;;) {
    try {
      mkdirSync(LOCK)
      break
    }
    catch {
      if (Date.now() > deadline) throw new Error(`${LOCK} is held for 5 minutes; remove it if no build is running`)
      await sleep(500)
    }
  }
  try {
    const built = existsSync(SERVER_ENTRY) ? statSync(SERVER_ENTRY).mtimeMs : 0
    const sources = Math.max(...SOURCES.map(path => newestSourceTime(join(ROOT, path))))
    if (built > sources && !process.env.NAKANAI_FORCE_BUILD) return false
    log('building the production server (npx nuxt build)…')
    execFileSync('npx', ['nuxt', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NITRO_PRESET: 'node-server' } })
    return true
  }
  finally {
    rmdirSync(LOCK)
  }
}

/** A TCP port free on 127.0.0.1 at the time of asking. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/**
 * Sends `signal` (SIGTERM unless told), then SIGKILL if the process has not exited
 * after `graceMs`; resolves once it has exited. For every process the tests and the
 * bench start (the server here, nginx, Caddy and the Vercel function in tests/support).
 */
export async function stopProcess(child, { signal = 'SIGTERM', graceMs }) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise(resolve => child.once('exit', resolve))
  child.kill(signal)
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}

// The built server gets 10 s to close its database after SIGTERM, as systemd's
// default stop timeout would allow, then is killed.
const STOP_GRACE_MS = 10_000

/**
 * Spawns `node .output/server/index.mjs` as production runs it (NODE_ENV=production,
 * the environment given and nothing inherited but PATH; `prefix` runs it under another
 * command, e.g. unshare for a file system of its own; `entry` is another copy of the
 * build) on a free port, on `dataDir`
 * or a new temporary data folder, without waiting for it to answer.
 */
export async function spawnServer({ dataDir, env = {}, prefix = [], entry = SERVER_ENTRY } = {}) {
  const port = await freePort()
  const temporary = dataDir ? null : mkdtempSync(join(tmpdir(), 'nakanai-'))
  const folder = dataDir ?? join(temporary, 'data')
  let log = ''
  const startedAt = performance.now()
  const [command, ...args] = [...prefix, process.execPath, entry]
  const child = spawn(command, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: String(port),
      NODE_ENV: 'production',
      NUXT_DATA_DIR: folder,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const append = (chunk) => {
    log = (log + chunk).slice(-50_000)
  }
  child.stdout.on('data', append)
  child.stderr.on('data', append)
  const exited = new Promise(resolve => child.once('exit', code => resolve(code)))

  const stop = (signal = 'SIGTERM') => stopProcess(child, { signal, graceMs: STOP_GRACE_MS })
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid,
    process: child,
    dataDir: folder,
    startedAt,
    exited,
    output: () => log,
    stop,
    dispose: async () => {
      await stop()
      if (temporary) rmSync(temporary, { recursive: true, force: true })
    },
  }
}

/**
 * Spawns the server (see spawnServer) and resolves once GET /api/messages answers
 * 200, with `readyMs`: process start to that first answer.
 */
export async function startServer({ timeoutMs = 60_000, ...options } = {}) {
  const server = await spawnServer(options)
  for (;;) {
    if (server.process.exitCode !== null) {
      await server.dispose()
      throw new Error(`server exited early:\n${server.output()}`)
    }
    try {
      const response = await fetch(`${server.url}/api/messages`)
      await response.arrayBuffer()
      if (response.ok) return { ...server, readyMs: performance.now() - server.startedAt }
    }
    catch {
      // not listening yet
    }
    if (performance.now() - server.startedAt > timeoutMs) {
      await server.stop('SIGKILL')
      await server.dispose()
      throw new Error(`server did not answer within ${timeoutMs / 1000} s:\n${server.output()}`)
    }
    await sleep(20)
  }
}

/** The admin token that the bench and the tests give a server whose counters they read: GET /api/stats is admin-only. */
export const STATS_TOKEN = 'nakanai-stats-token'

/** GET /api/stats of a server started with NUXT_ADMIN_TOKEN=STATS_TOKEN (or the token given). */
export async function readStats(url, token = STATS_TOKEN) {
  const response = await fetch(`${url}/api/stats`, { headers: { authorization: `Bearer ${token}` } })
  if (!response.ok) throw new Error(`GET /api/stats answered ${response.status}`)
  return response.json()
}

export async function storeReads(url) {
  const { storeReads } = await readStats(url)
  if (typeof storeReads !== 'number') throw new Error('GET /api/stats has no storeReads counter')
  return storeReads
}
