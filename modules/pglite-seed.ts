import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { defineNuxtModule } from 'nuxt/kit'
import { createSeed, SEED_ASSET } from '../server/store/pglite-seed'

// Bump when createSeed changes what it makes.
const RECIPE = 1

/**
 * The folder holding the seed for the installed PGlite version, made on first call
 * (initdb in WebAssembly: seconds) and kept in node_modules/.cache for later builds.
 */
export async function seedFolder(rootDir: string): Promise<string> {
  const pglite = JSON.parse(readFileSync(join(rootDir, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version
  const dir = join(rootDir, 'node_modules/.cache/nakanai', `pglite-seed-${pglite}-${RECIPE}`)
  const file = join(dir, SEED_ASSET)
  if (!existsSync(file)) {
    const started = performance.now()
    mkdirSync(dir, { recursive: true })
    const partial = `${file}.${process.pid}`
    writeFileSync(partial, await createSeed())
    renameSync(partial, file)
    console.info(`[nakanai] made the embedded database's seed in ${Math.round(performance.now() - started)} ms: ${file}`)
  }
  return dir
}

/**
 * Puts the embedded database's seed (server/store/pglite-seed.ts) among the server
 * assets of `nuxt build` and `nuxt dev`, so a new install unpacks it instead of
 * running initdb. Left out of builds that cannot use the embedded database (Vercel)
 * and of `nuxt prepare`.
 */
export default defineNuxtModule({
  meta: { name: 'pglite-seed' },
  setup(_options, nuxt) {
    if (nuxt.options._prepare || nuxt.options.test) return
    nuxt.hook('nitro:config', async (config) => {
      const preset = String(config.preset ?? process.env.NITRO_PRESET ?? '')
      if (preset.includes('vercel') || process.env.VERCEL) return
      config.serverAssets = [...(config.serverAssets ?? []), { baseName: 'seed', dir: await seedFolder(nuxt.options.rootDir) }]
    })
  },
})
