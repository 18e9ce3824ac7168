// Every setting's default and every shared cache window, written once: nuxt.config.ts
// (runtimeConfig, route rules), the server and the page read them from here.

/** Defaults of the settings an admin can override with NUXT_* / NUXT_PUBLIC_* variables. */
export const SETTING_DEFAULTS = {
  /** How long one probe of the instance answers every visitor (in-process, and s-maxage for a CDN). */
  instanceProbeCacheSeconds: 10,
  /** How often the page polls. */
  pollIntervalMs: 5000,
  /** Seconds shown before a visitor is sent back once the instance is up; 0 turns automatic return off. */
  returnCountdownSeconds: 10,
} as const

/**
 * A configured number, or `fallback` when it is missing or not a number of at least
 * `min` (run-time overrides arrive as strings, and a typo must not stop the page).
 */
export function numberSetting(value: unknown, fallback: number, min = 0): number {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN
  return Number.isFinite(number) && number >= min ? number : fallback
}

/** How long one read of the recent messages serves every poller: this process and, as s-maxage, a CDN. */
export const RECENT_WINDOW_SECONDS = 2

/** Cache-Control of an answer shared by every visitor for `seconds` (a CDN may serve it stale while refreshing). */
export function sharedCacheControl(seconds: number, staleSeconds: number): string {
  return `public, max-age=0, s-maxage=${seconds}, stale-while-revalidate=${staleSeconds}`
}

/** Cache-Control of GET /api/messages, sent by the handler and put into the Vercel build output by a route rule. */
export const MESSAGES_CACHE_CONTROL = sharedCacheControl(RECENT_WINDOW_SECONDS, 5 * RECENT_WINDOW_SECONDS)
