/**
 * What a chat message may contain. Shared by the browser (to tell the visitor
 * before sending) and the server (which decides); the SQL CHECK constraints in
 * supabase/migrations hold the same limits for every writer.
 */
export const MESSAGE_LIMITS = {
  /** Characters (code points) after cleaning. */
  bodyMax: 500,
  nameMax: 32,
  /**
   * Combining marks in a row (on one base letter). Real text needs few: Vietnamese
   * and Thai 2, pointed Hebrew and Tibetan stacks up to 5; "Zalgo" text uses hundreds
   * to draw over the messages around it. The SQL allows the same.
   */
  marksPerLetterMax: 8,
  /** Larger request bodies are refused before they are read. */
  requestBytesMax: 8 * 1024,
} as const

export type InputErrorCode = 'invalid_type' | 'body_required' | 'body_too_long' | 'name_too_long' | 'name_invalid' | 'too_many_marks'

export type MessageInputResult
  = | { ok: true, body: string, name: string | null }
    | { ok: false, code: InputErrorCode, field: 'body' | 'name' }

const LINE_BREAKS = /\r\n?|[\u0085\u2028\u2029]/g
const ANY_LINE_BREAK = /[\n\r\u0085\u2028\u2029]/
const TABS = /\t/g
const CONTROL_EXCEPT_NEWLINE = /[^\P{Cc}\n]/gu
const FORMAT_CHARACTERS = /[\p{Cf}\p{Cs}]/gu
// Letters that render as nothing and are used to post "empty" messages or names.
const BLANK_LETTERS = /[\u115F\u1160\u3164\uFFA0\u2800]/g
// What draws nothing on its own: spaces, controls, formatting, default-ignorable
// code points (U+034F, variation selectors, U+17B4, fillers) and combining marks
// (a bare U+0301). A message or name needs at least one character outside it.
// supabase/migrations/20261129000000_input_rules.sql spells the same classes as
// code-point ranges (PostgreSQL's regular expressions have no Unicode properties);
// tests/unit/input-rules-sql.test.ts checks that both agree.
export const INVISIBLE = /[\p{White_Space}\p{Cc}\p{Cf}\p{Cs}\p{Default_Ignorable_Code_Point}\p{M}\u2800]/u
const VISIBLE = /[^\p{White_Space}\p{Cc}\p{Cf}\p{Cs}\p{Default_Ignorable_Code_Point}\p{M}\u2800]/u
export const COMBINING_MARK = /\p{M}/u
const TOO_MANY_MARKS = new RegExp(`\\p{M}{${MESSAGE_LIMITS.marksPerLetterMax + 1}}`, 'u')
const MARKS_BEYOND_LIMIT = new RegExp(`(\\p{M}{${MESSAGE_LIMITS.marksPerLetterMax}})\\p{M}+`, 'gu')
const EXCESS_BLANK_LINES = /\n{3,}/g
const ZERO_WIDTH_JOINER = '\u200D'
const PICTOGRAPH_BEFORE = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]$/u
const PICTOGRAPH_AFTER = /^\p{Extended_Pictographic}/u

/**
 * Unicode NFC, trimmed, control and invisible formatting characters removed.
 * Emoji sequences keep their zero-width joiners; line breaks survive in the body
 * (at most one blank line in a row) and become spaces in single-line text.
 */
export function cleanText(value: string, multiline: boolean): string {
  let text = value.replace(LINE_BREAKS, '\n').replace(TABS, ' ')
  if (!multiline) text = text.replace(/\n/g, ' ')
  text = text
    .replace(CONTROL_EXCEPT_NEWLINE, '')
    .replace(BLANK_LETTERS, '')
    .replace(FORMAT_CHARACTERS, (character, offset: number, whole: string) =>
      character === ZERO_WIDTH_JOINER
      && PICTOGRAPH_BEFORE.test(whole.slice(0, offset))
      && PICTOGRAPH_AFTER.test(whole.slice(offset + 1))
        ? character
        : '')
    .replace(EXCESS_BLANK_LINES, '\n\n')
  return text.normalize('NFC').trim()
}

/** False for text that would show as nothing at all. */
export function hasVisibleCharacter(text: string): boolean {
  return VISIBLE.test(text)
}

/** True when some letter carries more combining marks than real writing needs. */
export function hasTooManyMarks(text: string): boolean {
  return TOO_MANY_MARKS.test(text)
}

/**
 * Text read from elsewhere (a status page, the instance's meta) held to the same rule
 * by cutting instead of refusing: each run of combining marks keeps its first ones.
 */
export function capMarks(text: string): string {
  return text.replace(MARKS_BEYOND_LIMIT, '$1')
}

/** Length as the database counts it: code points, not UTF-16 units. */
export function characterCount(text: string): number {
  let count = 0
  for (const _ of text) count++
  return count
}

export function validateMessageInput(input: { body?: unknown, name?: unknown }): MessageInputResult {
  if (typeof input.body !== 'string') return { ok: false, code: 'invalid_type', field: 'body' }
  if (input.name != null && typeof input.name !== 'string') return { ok: false, code: 'invalid_type', field: 'name' }

  const body = cleanText(input.body, true)
  if (!hasVisibleCharacter(body)) return { ok: false, code: 'body_required', field: 'body' }
  if (characterCount(body) > MESSAGE_LIMITS.bodyMax) return { ok: false, code: 'body_too_long', field: 'body' }
  if (hasTooManyMarks(body)) return { ok: false, code: 'too_many_marks', field: 'body' }

  // A text field cannot produce a line break: one in a name is a crafted request.
  if (typeof input.name === 'string' && ANY_LINE_BREAK.test(input.name)) return { ok: false, code: 'name_invalid', field: 'name' }
  const name = typeof input.name === 'string' ? cleanText(input.name, false) : ''
  if (characterCount(name) > MESSAGE_LIMITS.nameMax) return { ok: false, code: 'name_too_long', field: 'name' }
  if (hasTooManyMarks(name)) return { ok: false, code: 'too_many_marks', field: 'name' }

  // A name that shows as nothing is no name, as a blank one is.
  return { ok: true, body, name: hasVisibleCharacter(name) ? name : null }
}
