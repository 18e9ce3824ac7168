import { createHash } from 'node:crypto'
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { defineNuxtModule } from 'nuxt/kit'
import { readMigrations } from '../server/store/migrate'
import { createSeed, SEED_FOLDER } from '../server/store/pglite-seed'

// Bump when createSeed changes what it makes.
const RECIPE = 4

/** The module through which the server finds the seed (declared in server/pglite-seed.d.ts). */
const SEED_MODULE = '#nakanai/pglite-seed'

/**
 * The seed folder for the installed PGlite version and the current migrations, made
 * on first call (initdb in WebAssembly and the migrations: seconds) and kept in
 * node_modules/.cache for later builds; returns its path.
 */
export async function seedFolder(rootDir: string): Promise<string> {
  const pglite = JSON.parse(readFileSync(join(rootDir, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version
  const migrations = readMigrations(join(rootDir, 'supabase/migrations'))
  const hash = createHash('sha256').update(JSON.stringify(migrations)).digest('hex').slice(0, 12)
  const cache = join(rootDir, 'node_modules/.cache/nakanai')
  const folder = join(cache, `pglite-seed-${pglite}-${RECIPE}-${hash}`)
  if (!existsSync(folder)) {
    const started = performance.now()
    mkdirSync(cache, { recursive: true })
    const partial = mkdtempSync(`${folder}.`)
    await createSeed(partial, migrations)
    try {
      renameSync(partial, folder)
    }
    catch (error) {
      // Another build (vitest's Nuxt and `nuxt build` run at once) made it first: use theirs.
      rmSync(partial, { recursive: true, force: true })
      if (!existsSync(folder)) throw error
    }
    // Seeds of other versions or migrations are 40 MB each and will not be used again
    // (one still being made by another build has a suffix after its hash: `<hash>.XXXXXX`).
    for (const old of readdirSync(cache)) {
      const making = old.slice(old.lastIndexOf('-')).includes('.')
      if (old.startsWith('pglite-seed-') && join(cache, old) !== folder && !making) rmSync(join(cache, old), { recursive: true, force: true })
    }
    console.info(`[nakanai] made the embedded database's seed in ${Math.round(performance.now() - started)} ms: ${folder}`)
  }
  return folder
}

/**
 * Makes a copied seed readable by every user and writable by none but its owner. PGlite
 * makes its folder 0700 and its files 0666 (initdb's habits and Emscripten's): copied
 * as is into the build, and by the guide's `cp -a` into /opt/nakanai, the systemd
 * unit's DynamicUser could not read it and every first start fell back to initdb.
 * The copy in the data folder is made the owner's alone again (plantSeed).
 */
function readableByAll(folder: string): void {
  chmodSync(folder, 0o755)
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    chmodSync(join(entry.parentPath, entry.name), entry.isDirectory() ? 0o755 : 0o644)
  }
}

/**
 * Puts the embedded database's seed (server/store/pglite-seed.ts) beside the built
 * server (`.output/server/pglite-seed/`: among the server assets it would be inlined
 * as base64) so that a new install copies it instead of running initdb and the
 * migrations; `nuxt dev` copies it from the cache.
 * Left out of builds that cannot use the embedded database (Vercel) and of `nuxt prepare`.
 */
export default defineNuxtModule({
  meta: { name: 'pglite-seed' },
  setup(_options, nuxt) {
    const none = 'export function seedPath() { return null }'
    // Not `nuxt.options.test`: the system tests build under vitest (TEST=true) and
    // must get the seed like any production build.
    if (nuxt.options._prepare) return
    let folder: string | undefined
    nuxt.hook('nitro:config', async (config) => {
      const preset = String(config.preset ?? process.env.NITRO_PRESET ?? '')
      if (preset.includes('vercel') || process.env.VERCEL) {
        config.virtual = { ...config.virtual, [SEED_MODULE]: none }
        return
      }
      folder = await seedFolder(nuxt.options.rootDir)
      // Resolved when called: in the built server import.meta.url names the entry
      // (.output/server/index.mjs) only once the entry has started.
      config.virtual = {
        ...config.virtual,
        [SEED_MODULE]: nuxt.options.dev
          ? `export function seedPath() { return ${JSON.stringify(folder)} }`
          : `import { fileURLToPath } from 'node:url'\nexport function seedPath() { return fileURLToPath(new URL(${JSON.stringify(`./${SEED_FOLDER}`)}, import.meta.url)) }`,
      }
    })
    nuxt.hook('nitro:init', (nitro) => {
      nitro.hooks.hook('compiled', () => {
        if (!folder || nitro.options.dev) return
        const target = join(nitro.options.output.serverDir, SEED_FOLDER)
        cpSync(folder, target, { recursive: true })
        readableByAll(target)
      })
    })
  },
})
