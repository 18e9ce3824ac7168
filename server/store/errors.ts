export type LimitCode = 'rate_limited' | 'duplicate' | 'busy' | 'invalid' | 'banned'

/** A rule of the SQL functions refused the write; the server maps it to 422/429. */
export class StoreLimitError extends Error {
  constructor(readonly code: LimitCode, readonly retryAfterSeconds?: number) {
    super(code)
    this.name = 'StoreLimitError'
  }
}

const LIMIT_CODES: Record<string, LimitCode> = {
  NK429: 'rate_limited',
  NK409: 'duplicate',
  NK503: 'busy',
  NK422: 'invalid',
  NK403: 'banned',
}

/**
 * Turns the SQLSTATE raised by post_message (see the migration) into a
 * StoreLimitError; returns any other error unchanged. Works for PGlite,
 * postgres.js and PostgREST errors, which all carry `code` and `detail`/`details`.
 */
export function toStoreError(error: unknown): unknown {
  if (!error || typeof error !== 'object') return error
  const { code, detail, details } = error as { code?: unknown, detail?: unknown, details?: unknown }
  const limit = typeof code === 'string' ? LIMIT_CODES[code] : undefined
  if (!limit) return error
  const seconds = Number(detail ?? details)
  return new StoreLimitError(limit, Number.isFinite(seconds) && seconds > 0 ? seconds : undefined)
}
