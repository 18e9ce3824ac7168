import { closest, distance } from 'fastest-levenshtein'

/**
 * NUXT_* variables that Nuxt's own tools read: not settings of the page, but not typos
 * either (nuxi dev's address and TLS, telemetry, Vite's node options, the build lock).
 */
const TOOL_VARIABLES = [
  'NUXT_HOST', 'NUXT_PORT', 'NUXT_SSL_CERT', 'NUXT_SSL_KEY', 'NUXT_TELEMETRY_DISABLED',
  'NUXT_VITE_NODE_OPTIONS', 'NUXT_IGNORE_LOCK', 'NUXT_PERF_SLOW_HOOK_MS',
]

/** instanceUrl → INSTANCE_URL, the way Nuxt maps a runtime-config key to its variable. */
const upperSnake = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()

/** Every variable that overrides a runtime-config setting: NUXT_ plus the key's path. */
export function settingVariables(config: Record<string, unknown>, prefix = 'NUXT'): string[] {
  return Object.entries(config).flatMap(([key, value]) => {
    const name = `${prefix}_${upperSnake(key)}`
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? settingVariables(value as Record<string, unknown>, name)
      : [name]
  })
}

/**
 * One warning per NUXT_* variable that nakanai does not know. Nuxt ignores them
 * without a word, so `NUXT_ADMIN_TOKE=…` started a server with no admin, whose
 * ?admin page then refused every token: the admin suspected the token, not the name.
 */
export function unknownVariableWarnings(env: Record<string, string | undefined>, config: Record<string, unknown>): string[] {
  const settings = settingVariables(config)
  const known = new Set([...settings, ...TOOL_VARIABLES])
  return Object.keys(env)
    .filter(name => name.startsWith('NUXT_') && !known.has(name))
    .sort()
    .map((name) => {
      const suggestion = closest(name, settings)
      // Beyond a third of the name, the "closest" one is a guess that would mislead.
      const near = distance(name, suggestion) <= Math.max(2, Math.floor(name.length / 3))
      return near
        ? `${name} is not a nakanai setting and is ignored; did you mean ${suggestion}?`
        : `${name} is not a nakanai setting and is ignored (the README lists every variable).`
    })
}
