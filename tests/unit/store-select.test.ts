import { describe, expect, test } from 'vitest'
import { chooseStore, describeStore, type StoreConfig } from '../../server/store/select'
import { permanentFailure } from '../../server/store/postgres'
import { configText } from '../../server/utils/config-text'
import { urlSettingProblems } from '../../server/utils/url-settings'
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

describe('URLs an admin may well write', () => {
  test.each([
    // postgres.js took the host from after the first @: it looked up "ss@db.example".
    ['postgres://nakanai:p@ss@db.example:5432/nakanai', 'percent-encode'],
    ['postgres://nakanai:12#45@db.example:5432/nakanai', 'percent-encode'],
    ['postgres://nakanai:12/45@db.example:5432/nakanai', 'percent-encode'],
    ['db.example:5432/nakanai', 'must be a whole URL starting with its scheme'],
  ])('NUXT_DATABASE_URL=%s is refused: %s', (databaseUrl, message) => {
    const refusal = refusalFor({ databaseUrl })
    expect(refusal).toContain('NUXT_DATABASE_URL')
    expect(refusal).toContain(message)
  })

  test('encoded special characters are fine', () => {
    expect(chooseStore({ ...nothing, databaseUrl: 'postgres://nakanai:p%40ss%23w%2Frd@db.example:5432/nakanai' }, {})).toMatchObject({ kind: 'postgres' })
  })

  test('the public URLs need their scheme', () => {
    expect(urlSettingProblems({ instanceUrl: 'https://misskey.example', statusPageUrl: '' })).toEqual([])
    expect(urlSettingProblems({ instanceUrl: 'misskey.example' })[0]).toContain('NUXT_PUBLIC_INSTANCE_URL must be a whole URL starting with https://')
    expect(urlSettingProblems({ statusPageUrl: 'status.example:443' })[0]).toContain('NUXT_PUBLIC_STATUS_PAGE_URL')
    expect(urlSettingProblems({ instanceUrl: 'ftp://misskey.example' })).toHaveLength(1)
  })
})

describe('what PostgreSQL says at start-up', () => {
  const url = 'postgres://nakanai:secret@db.example:5432/chat'
  test.each([
    ['28P01', 'refused the password of user "nakanai"'],
    ['28000', 'does not let user "nakanai" in'],
    ['3D000', 'database "chat" does not exist'],
    ['42501', 'may not apply the migrations'],
  ])('%s is permanent: %s', (code, message) => {
    const refusal = permanentFailure({ code, message: 'from the server' }, url)
    expect(refusal?.message).toContain('NUXT_DATABASE_URL')
    expect(refusal?.message).toContain(message)
    expect(refusal?.message).not.toContain('secret')
  })

  test.each(['ECONNREFUSED', 'CONNECT_TIMEOUT', '57P03', '53300', 'ENOTFOUND'])('%s is worth retrying', (code) => {
    expect(permanentFailure({ code }, url)).toBeNull()
  })
})

describe('the start-up log line', () => {
  test('names the store and where it is, never a password', () => {
    expect(describeStore({ kind: 'postgres', url: 'postgres://nakanai:secret@db.example/chat', migrate: true })).toBe('PostgreSQL database "chat" on db.example:5432 as nakanai')
    expect(describeStore({ kind: 'supabase', url: 'https://abcd.supabase.co', secretKey: 'sb_secret_x' })).toBe('Supabase project https://abcd.supabase.co (REST)')
    expect(describeStore({ kind: 'pglite', dataDir: '/var/lib/nakanai/db' })).toBe('embedded database (PGlite) in /var/lib/nakanai/db')
  })
})

describe('secrets are text', () => {
  test('an all-digit value is read as the admin wrote it, not as a number', () => {
    // Nuxt's runtimeConfig holds 12345678901234567000 for this one.
    const env = { NUXT_ADMIN_TOKEN: '12345678901234567890', NUXT_CLIENT_HASH_SALT: '000123' }
    const config = { adminToken: 12345678901234567000, clientHashSalt: 123 }
    expect(configText('adminToken', env, config)).toBe('12345678901234567890')
    expect(configText('clientHashSalt', env, config)).toBe('000123')
    expect(configText('adminToken', {}, { adminToken: 42 })).toBe('42')
    expect(configText('supabaseSecretKey', {}, {})).toBe('')
  })
})
