import { describe, expect, test } from 'vitest'
import { chooseStore, type StoreConfig } from '../../server/store/select'
import { StoreRefusal } from '../../server/store/refusal'

const nothing: StoreConfig = { dataDir: '.data/nakanai', databaseUrl: '', databaseMigrate: true, supabaseUrl: '', supabaseSecretKey: '' }
const secret = 'sb_secret_0123456789abcdefghij'
const jwt = (role: string) => ['e30', Buffer.from(JSON.stringify({ role })).toString('base64url'), 'sig'].join('.')

function refusalFor(config: Partial<StoreConfig>, env: Record<string, string> = {}): string {
  try {
    chooseStore({ ...nothing, ...config }, env)
  }
  catch (error) {
    expect(error).toBeInstanceOf(StoreRefusal)
    return (error as Error).message
  }
  throw new Error('expected a refusal')
}

describe('choosing the store', () => {
  test('embedded PGlite when nothing is configured', () => {
    expect(chooseStore(nothing, {})).toEqual({ kind: 'pglite', dataDir: '.data/nakanai' })
  })

  test('PostgreSQL when a database URL is set, migrating unless told not to', () => {
    const url = 'postgresql://postgres.ref:pa%23ss@aws-0-eu-central-1.pooler.supabase.com:6543/postgres'
    expect(chooseStore({ ...nothing, databaseUrl: url }, {})).toEqual({ kind: 'postgres', url, migrate: true })
    expect(chooseStore({ ...nothing, databaseUrl: url, databaseMigrate: false }, {})).toMatchObject({ migrate: false })
    expect(chooseStore({ ...nothing, databaseUrl: url, databaseMigrate: 'false' }, {})).toMatchObject({ migrate: false })
  })

  test('Supabase when its URL and secret key are set, even with a database URL', () => {
    const config = { ...nothing, supabaseUrl: 'https://abcd.supabase.co/', supabaseSecretKey: secret, databaseUrl: 'postgres://x@y/z' }
    expect(chooseStore(config, {})).toEqual({ kind: 'supabase', url: 'https://abcd.supabase.co', secretKey: secret })
    expect(chooseStore({ ...config, supabaseSecretKey: jwt('service_role') }, {})).toMatchObject({ kind: 'supabase' })
    expect(chooseStore({ ...config, supabaseUrl: 'http://127.0.0.1:54321' }, {})).toMatchObject({ kind: 'supabase' })
  })

  test('on Vercel, anything but the embedded database', () => {
    expect(refusalFor({}, { VERCEL: '1' })).toMatch(/NUXT_SUPABASE_URL.*NUXT_DATABASE_URL/)
    expect(chooseStore({ ...nothing, databaseUrl: 'postgres://x@y/z' }, { VERCEL: '1' })).toMatchObject({ kind: 'postgres' })
  })
})

describe('refusing a configuration, naming the variable', () => {
  test.each([
    [{ supabaseUrl: 'https://abcd.supabase.co' }, 'NUXT_SUPABASE_SECRET_KEY'],
    [{ supabaseSecretKey: secret }, 'NUXT_SUPABASE_URL'],
    [{ supabaseUrl: 'abcd.supabase.co', supabaseSecretKey: secret }, 'NUXT_SUPABASE_URL'],
    [{ supabaseUrl: 'http://abcd.supabase.co', supabaseSecretKey: secret }, 'NUXT_SUPABASE_URL'],
    [{ supabaseUrl: 'https://abcd.supabase.co/rest/v1', supabaseSecretKey: secret }, 'NUXT_SUPABASE_URL'],
    [{ supabaseUrl: 'https://abcd.supabase.co', supabaseSecretKey: 'sb_publishable_abc' }, 'NUXT_SUPABASE_SECRET_KEY'],
    [{ supabaseUrl: 'https://abcd.supabase.co', supabaseSecretKey: jwt('anon') }, 'NUXT_SUPABASE_SECRET_KEY'],
    [{ supabaseUrl: 'https://abcd.supabase.co', supabaseSecretKey: 'hunter2' }, 'NUXT_SUPABASE_SECRET_KEY'],
    [{ databaseUrl: 'not a url' }, 'NUXT_DATABASE_URL'],
    [{ databaseUrl: 'mysql://u:p@host/db' }, 'NUXT_DATABASE_URL'],
    [{ databaseUrl: 'https://abcd.supabase.co' }, 'NUXT_DATABASE_URL'],
    [{ databaseUrl: 'postgres://x@y/z', databaseMigrate: 'no' }, 'NUXT_DATABASE_MIGRATE'],
    [{ dataDir: '' }, 'NUXT_DATA_DIR'],
  ] as [Partial<StoreConfig>, string][])('%j → %s', (config, variable) => {
    expect(refusalFor(config)).toContain(variable)
  })

  test('never repeats a secret in the message', () => {
    const message = refusalFor({ databaseUrl: 'mysql://user:s3cr3t-pw@host/db' })
    expect(message).not.toContain('s3cr3t-pw')
    expect(refusalFor({ supabaseSecretKey: secret })).not.toContain(secret)
  })
})
