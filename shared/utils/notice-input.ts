import { characterCount, cleanText, hasTooManyMarks, hasVisibleCharacter } from './message-input'

/**
 * What an official update may contain: the chat's text rules (shared/utils/message-input.ts)
 * and a length of its own; the SQL (post_notice) holds the same rules.
 */
export const NOTICE_LIMITS = {
  /** Characters (code points) after the same cleaning as chat messages. */
  bodyMax: 2000,
  /** An expected time further than this from now is a typo (a year 20266), not a plan. */
  expectedBackRangeMs: 366 * 24 * 3600 * 1000,
  requestBytesMax: 16 * 1024,
} as const

export type NoticeInputErrorCode = 'invalid_type' | 'body_required' | 'body_too_long' | 'too_many_marks' | 'invalid_expected_back' | 'expected_back_past'

// A date and a time with seconds optional, and an explicit offset: an absolute time.
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/

/**
 * The expected-back time as ISO 8601 UTC: undefined when absent, null to clear it,
 * or an error code when it is not an absolute time, is already past (visitors would
 * read a promise already broken), or is more than a year ahead.
 */
export function parseExpectedBack(value: unknown, now = Date.now()): string | null | undefined | { error: NoticeInputErrorCode } {
  if (value === undefined) return undefined
  if (value === null) return null
  if (typeof value !== 'string' || !ISO_WITH_ZONE.test(value)) return { error: 'invalid_expected_back' }
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number]
  // Date.parse rolls 30 February over into March; a real calendar date round-trips.
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return { error: 'invalid_expected_back' }
  const time = Date.parse(value)
  if (!Number.isFinite(time) || time - now > NOTICE_LIMITS.expectedBackRangeMs) return { error: 'invalid_expected_back' }
  if (time <= now) return { error: 'expected_back_past' }
  return new Date(time).toISOString()
}

export type NoticeInputResult
  = | { ok: true, body: string, expectedBackAt: string | null }
    | { ok: false, code: NoticeInputErrorCode }

/** The cleaned notice (same cleaning as chat messages), or what is wrong with it. */
export function validateNoticeInput(input: { body?: unknown, expectedBackAt?: unknown }, now = Date.now()): NoticeInputResult {
  if (typeof input.body !== 'string') return { ok: false, code: 'invalid_type' }
  const body = cleanText(input.body, true)
  if (!hasVisibleCharacter(body)) return { ok: false, code: 'body_required' }
  if (characterCount(body) > NOTICE_LIMITS.bodyMax) return { ok: false, code: 'body_too_long' }
  if (hasTooManyMarks(body)) return { ok: false, code: 'too_many_marks' }
  const expected = parseExpectedBack(input.expectedBackAt, now)
  if (expected && typeof expected === 'object') return { ok: false, code: expected.error }
  return { ok: true, body, expectedBackAt: expected ?? null }
}
