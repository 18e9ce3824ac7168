import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { settingsSummary, type SummaryInput } from '../../server/startup/settings-summary'
import { envFileCandidates, unreadEnvFileWarnings } from '../../server/startup/unread-env-file'
import { settingVariables, unknownVariableWarnings } from '../../server/startup/unknown-variables'

const config = {
  adminToken: '',
  trustProxy: '',
  instanceProbeCacheSeconds: 10,
  app: { baseURL: '/', cdnURL: '' },
  public: { instanceName: 'Misskey', instanceUrl: '', statusPageUrl: '' },
}

describe('NUXT_* variables nakanai does not know', () => {
  test('every runtime-config key has its variable, nested ones with their path', () => {
    expect(settingVariables(config)).toEqual([
      'NUXT_ADMIN_TOKEN', 'NUXT_TRUST_PROXY', 'NUXT_INSTANCE_PROBE_CACHE_SECONDS', 'NUXT_APP_BASE_URL', 'NUXT_APP_CDN_URL',
      'NUXT_PUBLIC_INSTANCE_NAME', 'NUXT_PUBLIC_INSTANCE_URL', 'NUXT_PUBLIC_STATUS_PAGE_URL',
    ])
  })

  test('a typo is named with the closest known variable', () => {
    const env = { NUXT_PUBLIC_INSTANCE_ULR: 'https://misskey.example', NUXT_ADMIN_TOKE: 'x', NUXT_TRUSTPROXY: 'x-real-ip' }
    expect(unknownVariableWarnings(env, config)).toEqual([
      'NUXT_ADMIN_TOKE is not a nakanai setting and is ignored; did you mean NUXT_ADMIN_TOKEN?',
      'NUXT_PUBLIC_INSTANCE_ULR is not a nakanai setting and is ignored; did you mean NUXT_PUBLIC_INSTANCE_URL?',
      'NUXT_TRUSTPROXY is not a nakanai setting and is ignored; did you mean NUXT_TRUST_PROXY?',
    ])
  })

  test('a name far from every setting gets no guess', () => {
    expect(unknownVariableWarnings({ NUXT_SOMETHING_ELSE_ENTIRELY: '1' }, config)).toEqual([
      'NUXT_SOMETHING_ELSE_ENTIRELY is not a nakanai setting and is ignored (the README lists every variable).',
    ])
  })

  test('known settings, Nuxt\'s own tool variables and other prefixes pass without a word', () => {
    const env = { NUXT_ADMIN_TOKEN: 'x', NUXT_PUBLIC_INSTANCE_URL: 'https://m.example', NUXT_TELEMETRY_DISABLED: '1', NUXT_PORT: '4870', PORT: '1', NITRO_PORT: '2', NUXTADMIN: 'x' }
    expect(unknownVariableWarnings(env, config)).toEqual([])
  })
})

describe('a .env file the built server does not read', () => {
  const folder = mkdtempSync(join(tmpdir(), 'nakanai-env-'))
  afterAll(() => rmSync(folder, { recursive: true, force: true }))
  const file = join(folder, '.env')
  writeFileSync(file, '# settings\nNUXT_ADMIN_TOKEN=abc\nNUXT_PUBLIC_INSTANCE_URL="https://misskey.example"\n')

  test('is named with the settings it holds that the environment lacks, and how to pass them', () => {
    const [warning, ...rest] = unreadEnvFileWarnings([file], { NUXT_PUBLIC_INSTANCE_URL: 'https://misskey.example' }, [])
    expect(rest).toEqual([])
    expect(warning).toContain(`${file} is not read by the built server, so NUXT_ADMIN_TOKEN is not set.`)
    expect(warning).toContain(`EnvironmentFile=${file}`)
    expect(warning).toContain(`node --env-file=${file}`)
  })

  test('says nothing when every setting in it is in the environment (systemd EnvironmentFile=)', () => {
    expect(unreadEnvFileWarnings([file], { NUXT_ADMIN_TOKEN: 'abc', NUXT_PUBLIC_INSTANCE_URL: 'x' }, [])).toEqual([])
  })

  test('says nothing when node was given the file', () => {
    expect(unreadEnvFileWarnings([file], {}, [`--env-file=${file}`])).toEqual([])
    expect(unreadEnvFileWarnings([file], { NODE_OPTIONS: `--env-file=${file}` }, [])).toEqual([])
  })

  test('says nothing without a file', () => {
    expect(unreadEnvFileWarnings([join(folder, 'missing', '.env')], {}, [])).toEqual([])
  })

  test('looks where the server is started from and beside .output/', () => {
    expect(envFileCandidates('/srv/nakanai', '/srv/nakanai/.output/server/index.mjs')).toEqual(['/srv/nakanai/.env', '/srv/nakanai/.output/.env'])
    expect(envFileCandidates('/', '/opt/n/.output/server/index.mjs')).toEqual(['/.env', '/opt/n/.env', '/opt/n/.output/.env'])
  })
})

describe('the start-up summary', () => {
  const base: SummaryInput = {
    store: 'embedded database (PGlite) in /var/lib/nakanai',
    instanceUrl: 'https://misskey.example',
    instanceProbeSeconds: 10,
    instanceSoftware: '',
    statusPageUrl: 'https://status.misskey.example',
    statusPageProvider: '',
    adminEnabled: true,
    clientAddressHeader: 'x-forwarded-for',
  }

  test('says what is on, in one line', () => {
    expect(settingsSummary(base)).toBe('store: embedded database (PGlite) in /var/lib/nakanai · instance: https://misskey.example (probed every 10 s, software learned from its NodeInfo) · '
      + 'status page: https://status.misskey.example (kind detected on first read) · admin: on · client address: from the x-forwarded-for header')
  })

  test('says what is off and which variable turns it on', () => {
    const line = settingsSummary({ ...base, instanceUrl: '', statusPageUrl: '', adminEnabled: false, clientAddressHeader: '' })
    expect(line).toContain('instance: none (NUXT_PUBLIC_INSTANCE_URL is unset')
    expect(line).toContain('status page: none')
    expect(line).toContain('admin: off (set NUXT_ADMIN_TOKEN')
    expect(line).toContain('client address: from the connection (NUXT_TRUST_PROXY is unset')
    expect(line.split('\n')).toHaveLength(1)
  })

  test('names a forced kind of instance software', () => {
    expect(settingsSummary({ ...base, instanceSoftware: 'mastodon' })).toContain('instance: https://misskey.example (probed every 10 s, as mastodon, set by NUXT_INSTANCE_SOFTWARE)')
  })

  test('names a forced status page kind', () => {
    expect(settingsSummary({ ...base, statusPageProvider: 'uptime-kuma' })).toContain('status page: https://status.misskey.example (uptime-kuma, set by NUXT_STATUS_PAGE_PROVIDER)')
  })
})
