import type { ChatLimits } from '../types/moderation'

/**
 * The bounds of each limit, for the admin page's form, the API and (spelled again in
 * supabase/migrations/20261204000000_admin_undo.sql, set_chat_limits) the SQL;
 * tests/support/store-contract.ts checks that the SQL refuses exactly outside them.
 */
export const LIMIT_BOUNDS: Record<keyof ChatLimits, { min: number, max: number }> = {
  perClient: { min: 1, max: 1000 },
  perClientWindowSeconds: { min: 1, max: 86_400 },
  // 0 turns duplicate suppression off.
  duplicateWindowSeconds: { min: 0, max: 86_400 },
  globalPerMinute: { min: 1, max: 100_000 },
  // The table's own CHECK keeps at least an hour; a year and a day at most.
  retentionSeconds: { min: 3600, max: 366 * 86_400 },
  // 0 hides without pausing.
  banDurationSeconds: { min: 0, max: 30 * 86_400 },
}

export const LIMIT_NAMES = Object.keys(LIMIT_BOUNDS) as (keyof ChatLimits)[]

export type LimitsInputResult
  = | { ok: true, change: Partial<ChatLimits> }
    | { ok: false, code: 'no_limits' | 'unknown_limit' | 'invalid_limit', field?: string }

/** A change of some limits: whole numbers within their bounds, no other field, at least one. */
export function validateLimitsChange(input: Record<string, unknown>): LimitsInputResult {
  const change: Partial<ChatLimits> = {}
  for (const [field, value] of Object.entries(input)) {
    const bounds = Object.hasOwn(LIMIT_BOUNDS, field) ? LIMIT_BOUNDS[field as keyof ChatLimits] : undefined
    if (!bounds) return { ok: false, code: 'unknown_limit', field }
    if (!Number.isSafeInteger(value) || (value as number) < bounds.min || (value as number) > bounds.max) {
      return { ok: false, code: 'invalid_limit', field }
    }
    change[field as keyof ChatLimits] = value as number
  }
  if (Object.keys(change).length === 0) return { ok: false, code: 'no_limits' }
  return { ok: true, change }
}
