import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { PGlite, type Transaction } from '@electric-sql/pglite'
import type { SqlDriver, Store } from './types'
import { migrate, type Migration } from './migrate'
import { createSqlStore } from './sql-store'
import { plantSeedIfAny, type Seed } from './pglite-seed'

export function pgliteDriver(db: PGlite | Transaction): SqlDriver {
  return {
    async query(text, params) {
      return (await db.query(text, params)).rows as never
    },
    async exec(script) {
      await db.exec(script)
    },
    transaction(fn) {
      if (!('transaction' in db)) return fn(pgliteDriver(db))
      return db.transaction(tx => fn(pgliteDriver(tx)))
    },
    async close() {
      if ('close' in db) await db.close()
    },
  }
}

const CREATE_DATABASE = `
const { PGlite } = await import('@electric-sql/pglite')
const db = await PGlite.create(process.argv[1])
await db.close()
`

/**
 * Creates a new database folder in a short-lived child process. Creating it in the
 * server's own process leaves PGlite holding that step's memory for good: about
 * 650 MB of RSS instead of about 200 MB (measured with /proc/<pid>/status). Costs
 * about a second, once per deployment; falls back to creating it in-process.
 */
async function createDatabaseAside(dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return
  try {
    // The child resolves the package from its working directory: this module's folder
    // (in the built server, .output/server, whose node_modules holds PGlite).
    const cwd = dirname(fileURLToPath(import.meta.url))
    await promisify(execFile)(process.execPath, ['--input-type=module', '-e', CREATE_DATABASE, resolve(dataDir)], { cwd })
  }
  catch (error) {
    console.warn('[nakanai] could not create the embedded database in a child process; creating it in-process:', error)
  }
}

/**
 * The embedded store: PGlite in a folder on disk (in memory when dataDir is
 * empty, for tests), with the migrations applied. One process at a time.
 * A new folder starts from the build's `seed` when there is one, else from initdb.
 */
export async function openPgliteStore(dataDir: string, migrations: Migration[], seed?: Seed): Promise<Store> {
  if (dataDir) {
    await mkdir(dataDir, { recursive: true })
    await plantSeedIfAny(dataDir, seed)
    await createDatabaseAside(dataDir)
  }
  // PostgreSQL's default 128 MB of shared buffers would be most of the server's
  // memory; the chat's working set (a few thousand short rows) fits in 8 MB, which
  // keeps the server's RSS around 160–200 MB (measured by `npm run bench`).
  const db = await PGlite.create(dataDir || undefined, {
    startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=8MB'],
  })
  const driver = pgliteDriver(db)
  try {
    await migrate(driver, migrations)
  }
  catch (error) {
    await db.close()
    throw error
  }
  return createSqlStore('pglite', driver)
}
