import { mkdir } from 'node:fs/promises'
import { PGlite, type Transaction } from '@electric-sql/pglite'
import type { SqlDriver, Store } from './types'
import { migrate, type Migration } from './migrate'
import { createSqlStore } from './sql-store'

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

/**
 * The embedded store: PGlite in a folder on disk (in memory when dataDir is
 * empty, for tests), with the migrations applied. One process at a time.
 */
export async function openPgliteStore(dataDir: string, migrations: Migration[]): Promise<Store> {
  if (dataDir) await mkdir(dataDir, { recursive: true })
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
