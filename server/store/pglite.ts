import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { setFlagsFromString } from 'node:v8'
import { PGlite } from '@electric-sql/pglite'
import type { Store } from './types'
import { migrate, type Migration } from './migrate'
import { createSqlStore } from './sql-store'
import { pgliteDriver } from './pglite-driver'
import { plantSeedIfAny, type Seed } from './pglite-seed'
import { claimDataDir, dataDirRefusal, isDiskFull, removeAllBut } from './data-dir'

/**
 * PostgreSQL's 9 MB of WebAssembly is compiled by V8's baseline compiler only.
 * Optimizing its hot functions as well (V8's default) kept ~55 MB more RSS and
 * CPU at start for no visible gain: the chat's queries are tiny and cached reads
 * keep them rare. Measured on the built server: RSS after start 200 → 128 MB, after
 * 300 polls and 30 posts 215–228 → 167–170 MB, start to first answer 1.19–1.33 →
 * 0.90–1.19 s, a post 8–10 → 6–6.5 ms. Applies to WebAssembly compiled from here on.
 */
const BASELINE_WASM_ONLY = '--liftoff-only'

// Exits 28 (ENOSPC) when the disk is full: PGlite reports it as Emscripten's errno 51.
const CREATE_DATABASE = `
const { PGlite } = await import('@electric-sql/pglite')
try {
  const db = await PGlite.create(process.argv[1])
  await db.close()
}
catch (error) {
  console.error(error)
  process.exit(error?.name === 'ErrnoError' && error.errno === 51 ? 28 : 1)
}
`

/**
 * Creates a new database folder in a short-lived child process. Creating it in the
 * server's own process leaves PGlite holding that step's memory for good: about
 * 650 MB of RSS instead of about 200 MB (measured with /proc/<pid>/status). Costs
 * about a second, once per deployment; falls back to creating it in-process, except
 * on a full disk, which is refused at once instead of retried.
 */
async function createDatabaseAside(dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return
  const before = await readdir(dataDir)
  try {
    // The child resolves the package from its working directory: this module's folder
    // (in the built server, .output/server, whose node_modules holds PGlite).
    const cwd = dirname(fileURLToPath(import.meta.url))
    await promisify(execFile)(process.execPath, [BASELINE_WASM_ONLY, '--input-type=module', '-e', CREATE_DATABASE, resolve(dataDir)], { cwd })
  }
  catch (error) {
    await removeAllBut(dataDir, before)
    if ((error as { code?: unknown }).code === 28) throw dataDirRefusal(dataDir, { code: 'ENOSPC' })
    console.warn('[nakanai] could not create the embedded database in a child process; creating it in-process:', error)
  }
}

/**
 * The embedded store: PGlite in a folder on disk (in memory when dataDir is
 * empty, for tests), with the migrations applied. One process at a time.
 * A new folder starts from the build's `seed` when there is one, else from initdb.
 */
export async function openPgliteStore(dataDir: string, migrations: Migration[], seed?: Seed): Promise<Store> {
  const release = dataDir ? await claimDataDir(dataDir) : () => {}
  let db: PGlite | undefined
  try {
    if (dataDir) {
      // Only once the folder is ours: a second process must not unpack over a live database.
      await plantSeedIfAny(dataDir, seed)
      await createDatabaseAside(dataDir)
    }
    setFlagsFromString(BASELINE_WASM_ONLY)
    // PostgreSQL's default 128 MB of shared buffers would be most of the server's
    // memory; the chat's working set (a few thousand short rows) fits in 8 MB.
    db = await PGlite.create(dataDir || undefined, {
      startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=8MB'],
    })
    await migrate(pgliteDriver(db), migrations)
  }
  catch (error) {
    await db?.close().catch(() => {})
    release()
    throw isDiskFull(error) ? dataDirRefusal(dataDir, error) : error
  }
  const driver = pgliteDriver(db)
  // The folder is released only once PGlite has written everything and let go.
  return createSqlStore('pglite', { ...driver, close: () => driver.close().finally(release) })
}
