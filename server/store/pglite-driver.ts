import type { PGlite, Transaction } from '@electric-sql/pglite'
import type { SqlDriver } from './types'

/** The SqlDriver over a PGlite database (or one of its transactions). */
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
