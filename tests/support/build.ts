import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
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

/** Builds the production server unless .output is already newer than every source. */
export async function buildOnce(): Promise<void> {
  const built = existsSync(SERVER_ENTRY) ? statSync(SERVER_ENTRY).mtimeMs : 0
  const sources = Math.max(...SOURCES.map(path => newestSourceTime(join(ROOT, path))))
  if (built > sources && !process.env.NAKANAI_FORCE_BUILD) return
  execFileSync('npx', ['nuxt', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NITRO_PRESET: 'node-server' } })
}
