// A reference, not an import: the page's type check also reaches this file (through
// the typed API routes) and does not include server/ where the declaration lives.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../pglite-seed.d.ts" />
import type { Store } from '../store/types'
import type { Migration } from '../store/migrate'
import { chooseStore, type StoreChoice } from '../store/select'
import { seedPath } from '#nakanai/pglite-seed'

let opening: Promise<Store> | undefined

/** The SQL migration files, bundled into the server build as Nitro server assets. */
async function bundledMigrations(): Promise<Migration[]> {
  const assets = useStorage('assets:migrations')
  const keys = (await assets.getKeys()).filter(key => key.endsWith('.sql'))
  return Promise.all(keys.map(async key => ({ name: key, sql: String(await assets.getItem(key)) })))
}

/** Which store this deployment is configured for; throws a StoreRefusal naming the variable. */
export function storeChoice(): StoreChoice {
  const { databaseMigrate } = useRuntimeConfig()
  return chooseStore({
    dataDir: configText('dataDir'),
    databaseUrl: configText('databaseUrl'),
    databaseMigrate,
    supabaseUrl: configText('supabaseUrl'),
    supabaseSecretKey: configText('supabaseSecretKey'),
  }, process.env)
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
      // The seed folder the build put beside the server (modules/pglite-seed.ts).
      return openPgliteStore(choice.dataDir, await bundledMigrations(), async () => seedPath())
    }
  }
}

/** How long a failed open answers every caller before the next caller tries again. */
const RETRY_AFTER_MS = 5000

export type StoreState
  = | { state: 'opening' }
    | { state: 'open', store: Store }
    | { state: 'failed', error: unknown }

let current: StoreState = { state: 'opening' }

/** Where opening the store stands, for the health check: no query, no waiting. */
export function storeState(): StoreState {
  return current
}

/**
 * The store, opened once on first use and shared by every request of this
 * process. A failed open answers every caller for a few seconds, then the next
 * caller tries again: a database that is down costs one attempt per interval,
 * not one per request (a new embedded database is a child process each time).
 */
export function useStore(): Promise<Store> {
  opening ??= (async () => open(storeChoice()))().then(
    (store) => {
      current = { state: 'open', store }
      return store
    },
    (error) => {
      current = { state: 'failed', error }
      setTimeout(() => {
        if (current.state === 'failed') opening = undefined
      }, RETRY_AFTER_MS).unref()
      throw error
    },
  )
  return opening
}

export async function closeStore(): Promise<void> {
  const store = opening
  opening = undefined
  current = { state: 'opening' }
  if (store) await (await store.catch(() => null))?.close()
}
