import type { Store } from '../store/types'
import type { Migration } from '../store/migrate'
import { chooseStore, type StoreChoice } from '../store/select'
import { SEED_ASSET } from '../store/pglite-seed'

let opening: Promise<Store> | undefined

/** The SQL migration files, bundled into the server build as Nitro server assets. */
async function bundledMigrations(): Promise<Migration[]> {
  const assets = useStorage('assets:migrations')
  const keys = (await assets.getKeys()).filter(key => key.endsWith('.sql'))
  return Promise.all(keys.map(async key => ({ name: key, sql: String(await assets.getItem(key)) })))
}

/** The embedded database's seed, a server asset of builds that can use it (modules/pglite-seed.ts). */
async function bundledSeed(): Promise<Uint8Array | null> {
  const seed = await useStorage('assets:seed').getItemRaw(SEED_ASSET)
  return seed ? new Uint8Array(seed) : null
}

/** Which store this deployment is configured for; throws a StoreRefusal naming the variable. */
export function storeChoice(): StoreChoice {
  return chooseStore(useRuntimeConfig(), process.env)
}

// Each connection is imported only when chosen, so a serverless function that
// talks to Supabase never loads PGlite's WebAssembly, and the reverse.
async function open(choice: StoreChoice): Promise<Store> {
  switch (choice.kind) {
    case 'supabase': {
      const { openSupabaseStore } = await import('../store/supabase')
      return openSupabaseStore(choice.url, choice.secretKey)
    }
    case 'postgres': {
      const { openPostgresStore } = await import('../store/postgres')
      return openPostgresStore(choice.url, await bundledMigrations(), { migrate: choice.migrate })
    }
    case 'pglite': {
      const { openPgliteStore } = await import('../store/pglite')
      return openPgliteStore(choice.dataDir, await bundledMigrations(), bundledSeed)
    }
  }
}

/**
 * The store, opened once on first use and shared by every request of this
 * process. A failed open is forgotten so the next request tries again.
 */
export function useStore(): Promise<Store> {
  opening ??= (async () => open(storeChoice()))().catch((error) => {
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
