import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '../..')
export const SERVER_ENTRY = join(ROOT, '.output/server/index.mjs')

const SOURCES = ['app.vue', 'components', 'composables', 'locales', 'plugins', 'server', 'shared', 'public', 'supabase/migrations', 'nuxt.config.ts', 'package-lock.json']

function newestSourceTime(path: string): number {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...readdirSync(path).map(entry => newestSourceTime(join(path, entry))))
}

const LOCK = join(ROOT, '.output.lock')

/** Builds the production server unless .output is already newer than every source. */
export async function buildOnce(): Promise<void> {
  // Two test runs in one checkout must not build into the same folder at once.
  const deadline = Date.now() + 300_000
  for (;;) {
    try {
      mkdirSync(LOCK)
      break
    }
    catch {
      if (Date.now() > deadline) throw new Error(`${LOCK} is held for 5 minutes; remove it if no build is running`)
      await new Promise(resolve => setTimeout(resolve, 500))
    }
  }
  try {
    buildIfStale()
  }
  finally {
    rmdirSync(LOCK)
  }
}

function buildIfStale(): void {
  const built = existsSync(SERVER_ENTRY) ? statSync(SERVER_ENTRY).mtimeMs : 0
  const sources = Math.max(...SOURCES.map(path => newestSourceTime(join(ROOT, path))))
  if (built > sources && !process.env.NAKANAI_FORCE_BUILD) return
  execFileSync('npx', ['nuxt', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NITRO_PRESET: 'node-server' } })
}
