type TextSetting = 'adminToken' | 'clientHashSalt' | 'databaseUrl' | 'supabaseUrl' | 'supabaseSecretKey' | 'dataDir'

/** adminToken → NUXT_ADMIN_TOKEN, the variable Nuxt overrides that setting from. */
function variableOf(setting: TextSetting): string {
  return `NUXT_${setting.replace(/[A-Z]/g, letter => `_${letter}`).toUpperCase()}`
}

/**
 * A setting exactly as the admin wrote it. Nuxt parses NUXT_* values, so an
 * all-digit NUXT_ADMIN_TOKEN or NUXT_CLIENT_HASH_SALT became a number (losing
 * digits past 2^53) and broke moderation or every post; the variable itself is
 * read instead, and a value from nuxt.config is turned back into text.
 */
export function configText(setting: TextSetting, env: Record<string, string | undefined> = process.env, config: Record<string, unknown> = useRuntimeConfig()): string {
  const raw = env[variableOf(setting)]
  if (raw !== undefined) return raw
  const value = config[setting]
  return value === undefined || value === null ? '' : String(value)
}
