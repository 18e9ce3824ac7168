import { join } from 'node:path'
import { describe, expect, test, vi } from 'vitest'
import { SETTING_DEFAULTS } from '../../shared/settings'
import { ROOT } from '../support/build'

// Issue 18 item 17: the status cache's 30 s and the meta refresh's 600 s were written both
// in nuxt.config.ts and in the server code that falls back on them. Each default is
// written once, in shared/settings.ts; nuxt.config.ts takes it from there.
// Read as Nuxt reads it (defineNuxtConfig returns its argument); by a path that the type
// check does not follow, since nuxt.config.ts only type-checks inside Nuxt's own project.
vi.stubGlobal('defineNuxtConfig', (config: unknown) => config)
const CONFIG = join(ROOT, 'nuxt.config.ts')
const { default: config } = await import(CONFIG) as { default: { runtimeConfig: Record<string, unknown> & { public: Record<string, unknown> } } }

describe('setting defaults, written once', () => {
  const { public: publicConfig, ...serverConfig } = config.runtimeConfig
  const numbers = Object.entries({ ...serverConfig, ...publicConfig }).filter(([, value]) => typeof value === 'number')

  test('every number in runtimeConfig is a default of shared/settings.ts', () => {
    expect(numbers.length).toBeGreaterThan(0)
    for (const [name, value] of numbers) expect([name, value]).toEqual([name, SETTING_DEFAULTS[name as keyof typeof SETTING_DEFAULTS]])
  })

  test('every default of shared/settings.ts is in runtimeConfig, so a NUXT_* variable can override it', () => {
    expect(Object.keys(SETTING_DEFAULTS).sort()).toEqual(numbers.map(([name]) => name).sort())
  })
})
