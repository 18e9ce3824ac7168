import { resolve } from 'node:path'
import { StoreRefusal } from './refusal'

export interface StoreConfig {
  dataDir: string
  databaseUrl: string
  databaseMigrate: boolean | string
  supabaseUrl: string
  supabaseSecretKey: string
}

export type StoreChoice
  = | { kind: 'supabase', url: string, secretKey: string }
    | { kind: 'postgres', url: string, migrate: boolean }
    | { kind: 'pglite', dataDir: string }

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

function trimmed(value: unknown): string {
  return typeof value === 'string' ? value.trim() : ''
}

function parseUrl(value: string, variable: string, example: string): URL {
  // Without a scheme, "host/path" is no URL at all: say that, not something about passwords.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new StoreRefusal(`${variable} must be a whole URL starting with its scheme, like ${example}.`)
  }
  try {
    return new URL(value)
  }
  catch {
    throw new StoreRefusal(`${variable} is not a valid URL: special characters in the user name or password must be percent-encoded (@ as %40, # as %23, / as %2F, : as %3A).`)
  }
}

/**
 * True when a user name or password holds an unencoded @, # or /. Such a URL may
 * still parse, but not alike everywhere: postgres.js takes the host from after the
 * first @, so `postgres://u:p@ss@db/chat` made it look up a host named "ss@db".
 */
function hasUnencodedCredentials(value: string): boolean {
  const rest = value.slice(value.indexOf('://') + 3)
  const end = rest.search(/[/?]/)
  const authority = end < 0 ? rest : rest.slice(0, end)
  const tail = end < 0 ? '' : rest.slice(end)
  return value.includes('#') || tail.includes('@') || authority.split('@').length > 2
}

/** The payload of a legacy JWT key, or null for the newer sb_… keys and garbage. */
function jwtRole(key: string): string | null {
  const [, payload] = key.split('.')
  if (!payload || key.split('.').length !== 3) return null
  try {
    const role = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))?.role
    return typeof role === 'string' ? role : null
  }
  catch {
    return null
  }
}

function chooseSupabase(url: string, key: string): StoreChoice {
  if (!key) throw new StoreRefusal('NUXT_SUPABASE_URL is set but NUXT_SUPABASE_SECRET_KEY is empty: set both (the secret key is in the Supabase dashboard under Project Settings > API Keys), or neither.')
  if (!url) throw new StoreRefusal('NUXT_SUPABASE_SECRET_KEY is set but NUXT_SUPABASE_URL is empty: set both (https://<project-ref>.supabase.co), or neither.')
  const parsed = parseUrl(url, 'NUXT_SUPABASE_URL', 'https://<project-ref>.supabase.co')
  // The secret key travels in every request: never over plain HTTP except to this machine.
  const secure = parsed.protocol === 'https:' || (parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname))
  if (!secure) throw new StoreRefusal('NUXT_SUPABASE_URL must start with https:// (plain http:// only for localhost).')
  if (parsed.pathname.replace(/\/+$/, '') !== '' || parsed.search || parsed.username) {
    throw new StoreRefusal('NUXT_SUPABASE_URL must be the project URL alone, like https://<project-ref>.supabase.co, without a path.')
  }
  // A publishable/anon key can do nothing here (the migration grants it nothing): say so now.
  const role = jwtRole(key)
  if (key.startsWith('sb_publishable_') || role === 'anon' || role === 'authenticated') {
    throw new StoreRefusal('NUXT_SUPABASE_SECRET_KEY holds a publishable (anon) key; it needs the secret (service_role) key.')
  }
  if (!key.startsWith('sb_secret_') && role !== 'service_role') {
    throw new StoreRefusal('NUXT_SUPABASE_SECRET_KEY does not look like a Supabase secret key (sb_secret_… or the legacy service_role JWT).')
  }
  return { kind: 'supabase', url: parsed.origin, secretKey: key }
}

function choosePostgres(url: string, migrate: boolean | string): StoreChoice {
  const parsed = parseUrl(url, 'NUXT_DATABASE_URL', 'postgres://user:password@host:5432/database')
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new StoreRefusal('NUXT_DATABASE_URL must start with postgres:// or postgresql://.')
  }
  if (hasUnencodedCredentials(url)) {
    throw new StoreRefusal('NUXT_DATABASE_URL has an unencoded @, # or / in its user name or password: percent-encode them (@ as %40, # as %23, / as %2F), e.g. with: node -p "encodeURIComponent(process.argv[1])" \'<password>\'')
  }
  if (!parsed.hostname) {
    throw new StoreRefusal('NUXT_DATABASE_URL names no host.')
  }
  if (typeof migrate === 'string' && migrate !== 'true' && migrate !== 'false') {
    throw new StoreRefusal('NUXT_DATABASE_MIGRATE must be true or false.')
  }
  return { kind: 'postgres', url, migrate: migrate !== false && migrate !== 'false' }
}

/**
 * Which store the configuration asks for: Supabase when its URL or key is set,
 * else PostgreSQL when a database URL is set, else the embedded database.
 * Throws a StoreRefusal naming the variable when the choice is incomplete or unsafe.
 */
export function chooseStore(config: StoreConfig, env: Record<string, string | undefined>): StoreChoice {
  const supabaseUrl = trimmed(config.supabaseUrl)
  const supabaseKey = trimmed(config.supabaseSecretKey)
  const databaseUrl = trimmed(config.databaseUrl)
  if (supabaseUrl || supabaseKey) return chooseSupabase(supabaseUrl, supabaseKey)
  if (databaseUrl) return choosePostgres(databaseUrl, config.databaseMigrate)
  if (env.VERCEL) {
    throw new StoreRefusal('On Vercel the embedded database cannot keep data (the disk does not persist): set NUXT_SUPABASE_URL and NUXT_SUPABASE_SECRET_KEY, or NUXT_DATABASE_URL.')
  }
  const dataDir = trimmed(config.dataDir)
  if (!dataDir) throw new StoreRefusal('NUXT_DATA_DIR is empty: set it to the folder of the embedded database.')
  return { kind: 'pglite', dataDir }
}

/** What the start-up log says about the store in use: which one, and where (never a password). */
export function describeStore(choice: StoreChoice): string {
  switch (choice.kind) {
    case 'supabase':
      return `Supabase project ${choice.url} (REST)`
    case 'postgres': {
      const url = new URL(choice.url)
      const database = decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username) || 'postgres'
      return `PostgreSQL database "${database}" on ${url.hostname}:${url.port || 5432} as ${decodeURIComponent(url.username) || '(default user)'}`
    }
    case 'pglite':
      return `embedded database (PGlite) in ${resolve(choice.dataDir)}`
  }
}
