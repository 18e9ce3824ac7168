import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { describe, expect, it, vi } from 'vitest'
import { openPgliteStore } from '../../server/store/pglite'
import type { Store } from '../../server/store/types'
import { loadMigrations } from '../support/migrations'
import { storeContract } from '../support/store-contract'

storeContract('embedded PGlite in a folder', async () => {
  const root = mkdtempSync(join(tmpdir(), 'nakanai-pglite-'))
  // A folder whose parent does not exist yet, as on a first start.
  const dir = join(root, 'state', 'db')
  const migrations = loadMigrations()
  let store: Store = await openPgliteStore(dir, migrations)
  return {
    store: () => store,
    // PGlite allows one open instance per folder: step aside for the admin's session.
    async admin(text, params) {
      await store.close()
      const db = await PGlite.create(dir)
      try {
        return (await db.query(text, params)).rows
      }
      finally {
        await db.close()
        store = await openPgliteStore(dir, migrations)
      }
    },
    async restart() {
      await store.close()
      store = await openPgliteStore(dir, migrations)
    },
    async dispose() {
      await store.close()
      rmSync(root, { recursive: true, force: true })
    },
  }
})

describe('a new embedded database', () => {
  it('is created in a child process (whose memory is returned), not in the server\'s', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nakanai-pglite-new-'))
    const dir = join(root, 'db')
    // What the folder held each time this process started PGlite on it: created in this
    // process, the first would find it empty (and the server would keep ~650 MB of RSS, not ~200).
    const heldDatabase: boolean[] = []
    const original = PGlite.create.bind(PGlite)
    const create = vi.spyOn(PGlite, 'create').mockImplementation(((...args: Parameters<typeof original>) => {
      heldDatabase.push(existsSync(join(dir, 'PG_VERSION')))
      return original(...args)
    }) as typeof PGlite.create)
    const warn = vi.spyOn(console, 'warn')
    try {
      const store = await openPgliteStore(dir, loadMigrations())
      await store.close()
      expect(heldDatabase).toEqual([true])
      expect(warn).not.toHaveBeenCalled()
    }
    finally {
      create.mockRestore()
      warn.mockRestore()
      rmSync(root, { recursive: true, force: true })
    }
  })
})
