/**
 * What a chat message may contain. Shared by the browser (to tell the visitor
 * before sending) and the server (which decides); the SQL CHECK constraints in
 * supabase/migrations hold the same limits for every writer.
 */
export const MESSAGE_LIMITS = {
  /** Characters (code points) after cleaning. */
  bodyMax: 500,
  nameMax: 32,
  /** Larger request bodies are refused before they are read. */
  requestBytesMax: 8 * 1024,
} as const

export type InputErrorCode = 'invalid_type' | 'body_required' | 'body_too_long' | 'name_too_long' | 'name_invalid'

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
  if (body === '') return { ok: false, code: 'body_required', field: 'body' }
  if (characterCount(body) > MESSAGE_LIMITS.bodyMax) return { ok: false, code: 'body_too_long', field: 'body' }

  // A text field cannot produce a line break: one in a name is a crafted request.
  if (typeof input.name === 'string' && ANY_LINE_BREAK.test(input.name)) return { ok: false, code: 'name_invalid', field: 'name' }
  const name = typeof input.name === 'string' ? cleanText(input.name, false) : ''
  if (characterCount(name) > MESSAGE_LIMITS.nameMax) return { ok: false, code: 'name_too_long', field: 'name' }

  return { ok: true, body, name: name || null }
}
