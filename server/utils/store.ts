import type { Store } from '../store/types'
import type { Migration } from '../store/migrate'
import { openPgliteStore } from '../store/pglite'

let opening: Promise<Store> | undefined

/** The SQL migration files, bundled into the server build as Nitro server assets. */
async function bundledMigrations(): Promise<Migration[]> {
  const assets = useStorage('assets:migrations')
  const keys = (await assets.getKeys()).filter(key => key.endsWith('.sql'))
  return Promise.all(keys.map(async key => ({ name: key, sql: String(await assets.getItem(key)) })))
}

/**
 * The store, opened once on first use and shared by every request of this
 * process. A failed open is forgotten so the next request tries again.
 */
export function useStore(): Promise<Store> {
  opening ??= (async () => {
    const { dataDir } = useRuntimeConfig()
    return openPgliteStore(dataDir, await bundledMigrations())
  })().catch((error) => {
    opening = undefined
    throw error
  })
  return opening
}

export async function closeStore(): Promise<void> {
  const store = opening
  opening = undefined
  if (store) await (await store.catch(() => null))?.close()
}
