import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { freePort, sleep } from './util.mjs'

export const ROOT = resolve(import.meta.dirname, '../..')
export const SERVER_ENTRY = join(ROOT, '.output/server/index.mjs')

// Same sources and lock as tests/support/build.ts, so a bench and a test run in one
// checkout never build into .output at the same time.
const SOURCES = ['app.vue', 'components', 'composables', 'locales', 'plugins', 'server', 'shared', 'public', 'supabase/migrations', 'nuxt.config.ts', 'package-lock.json']
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

/**
 * Starts `node .output/server/index.mjs` on `dataDir` and resolves once GET
 * /api/messages answers 200, with `readyMs`: process start to that first answer.
 */
export async function startServer({ dataDir, env = {}, timeoutMs = 60_000 }) {
  const port = await freePort()
  let log = ''
  const startedAt = performance.now()
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: String(port),
      NODE_ENV: 'production',
      NUXT_DATA_DIR: dataDir,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const append = (chunk) => {
    log = (log + chunk).slice(-20_000)
  }
  child.stdout.on('data', append)
  child.stderr.on('data', append)
  const url = `http://127.0.0.1:${port}`

  const stop = async (signal = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise(resolve => child.once('exit', resolve))
    child.kill(signal)
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
  }

  let readyMs
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${log}`)
    try {
      const response = await fetch(`${url}/api/messages`)
      await response.arrayBuffer()
      if (response.ok) {
        readyMs = performance.now() - startedAt
        break
      }
    }
    catch {
      // not listening yet
    }
    if (performance.now() - startedAt > timeoutMs) {
      await stop('SIGKILL')
      throw new Error(`server did not answer within ${timeoutMs / 1000} s:\n${log}`)
    }
    await sleep(20)
  }
  return { url, pid: child.pid, readyMs, output: () => log, stop }
}

/** The admin token that the bench and the tests give a server whose counters they read: GET /api/stats is admin-only. */
export const STATS_TOKEN = 'nakanai-stats-token'

/** GET /api/stats of a server started with NUXT_ADMIN_TOKEN=STATS_TOKEN. */
export async function readStats(url) {
  const response = await fetch(`${url}/api/stats`, { headers: { authorization: `Bearer ${STATS_TOKEN}` } })
  if (!response.ok) throw new Error(`GET /api/stats answered ${response.status}`)
  return response.json()
}

export async function storeReads(url) {
  const { storeReads } = await readStats(url)
  if (typeof storeReads !== 'number') throw new Error('GET /api/stats has no storeReads counter')
  return storeReads
}
