// Every setting's default, written once: nuxt.config.ts (runtimeConfig), the server
// and the page read them from here. (The polled reads' Cache-Control is in
// shared/utils/cache-control.ts.)

/** Defaults of the settings an admin can override with NUXT_* / NUXT_PUBLIC_* variables. */
export const SETTING_DEFAULTS = {
  /** How long one probe of the instance answers every visitor (in-process, and s-maxage for a CDN). */
  instanceProbeCacheSeconds: 10,
  /**
   * How often, at most, the instance's NodeInfo and face (/api/meta, /api/v2/instance) are read while it is up:
   * it changes rarely, and asking more often would only load a recovering instance.
   */
  instanceMetaRefreshSeconds: 600,
  /** How long one read of the status page answers every visitor. */
  statusPageCacheSeconds: 30,
  /** How often the page polls. */
  pollIntervalMs: 5000,
  /** How often a page in a hidden tab polls: enough to learn the instance is back, at 1/6 of the cost. */
  hiddenPollIntervalMs: 30_000,
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
