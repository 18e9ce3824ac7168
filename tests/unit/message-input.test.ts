import { describe, expect, it } from 'vitest'
import { characterCount, cleanText, MESSAGE_LIMITS, validateMessageInput } from '../../shared/utils/message-input'

const emoji = '😀'
const family = '👨\u200D👩\u200D👧'
/** Distinct combining marks that NFC does not compose with a Latin letter. */
const zalgo = (count: number) => Array.from({ length: count }, (_, i) => String.fromCodePoint(0x0334 + (i % 4))).join('')

describe('validateMessageInput', () => {
  it.each([
    ['plain text', { body: 'hello' }, { ok: true, body: 'hello', name: null }],
    ['surrounding spaces trimmed', { body: '  hi  ', name: '  ann ' }, { ok: true, body: 'hi', name: 'ann' }],
    ['ideographic spaces trimmed', { body: '\u3000こんにちは\u3000' }, { ok: true, body: 'こんにちは', name: null }],
    ['Japanese kept', { body: '鯖落ちですね…', name: 'みすきー' }, { ok: true, body: '鯖落ちですね…', name: 'みすきー' }],
    ['emoji kept', { body: `${emoji}${family}🇯🇵👍🏽` }, { ok: true, body: `${emoji}${family}🇯🇵👍🏽`, name: null }],
    ['empty body', { body: '' }, { ok: false, code: 'body_required', field: 'body' }],
    ['only spaces', { body: ' \t \n ' }, { ok: false, code: 'body_required', field: 'body' }],
    ['only zero-width characters', { body: '\u200B\u200C\u200D\uFEFF' }, { ok: false, code: 'body_required', field: 'body' }],
    ['only a Hangul filler', { body: '\u3164' }, { ok: false, code: 'body_required', field: 'body' }],
    ['zero-width space removed', { body: 'a\u200Bb' }, { ok: true, body: 'ab', name: null }],
    ['bidi override removed', { body: 'abc\u202Eexe.txt\u202C' }, { ok: true, body: 'abcexe.txt', name: null }],
    ['bidi isolates removed', { body: '\u2066x\u2069' }, { ok: true, body: 'x', name: null }],
    ['control characters removed', { body: 'a\u0000b\u0007c\u001Bd\u007Fe\u0085f' }, { ok: true, body: 'abcde\nf', name: null }],
    ['CRLF and CR become LF', { body: 'a\r\nb\rc' }, { ok: true, body: 'a\nb\nc', name: null }],
    ['blank lines collapsed', { body: 'a\n\n\n\n\nb' }, { ok: true, body: 'a\n\nb', name: null }],
    ['line break in a name is refused (header injection)', { body: 'x', name: 'a\r\nSet-Cookie: x=y' }, { ok: false, code: 'name_invalid', field: 'name' }],
    ['tab in a name becomes a space', { body: 'x', name: 'a\tb' }, { ok: true, body: 'x', name: 'a b' }],
    ['NFD becomes NFC', { body: 'e\u0301' }, { ok: true, body: '\u00E9', name: null }],
    ['NFD kana becomes NFC', { body: 'か\u3099' }, { ok: true, body: 'が', name: null }],
    ['removal that leaves NFD is normalised', { body: 'e\u200B\u0301' }, { ok: true, body: '\u00E9', name: null }],
    ['lone surrogate removed', { body: 'a\uD800b' }, { ok: true, body: 'ab', name: null }],
    ['500 characters', { body: 'あ'.repeat(500) }, { ok: true, body: 'あ'.repeat(500), name: null }],
    ['501 characters', { body: 'あ'.repeat(501) }, { ok: false, code: 'body_too_long', field: 'body' }],
    ['500 emoji are 1000 UTF-16 units but 500 characters', { body: emoji.repeat(500) }, { ok: true, body: emoji.repeat(500), name: null }],
    ['501 emoji', { body: emoji.repeat(501) }, { ok: false, code: 'body_too_long', field: 'body' }],
    ['length counted after cleaning', { body: `${'a'.repeat(500)}\u200B\u200B` }, { ok: true, body: 'a'.repeat(500), name: null }],
    ['32-character name', { body: 'x', name: 'n'.repeat(32) }, { ok: true, body: 'x', name: 'n'.repeat(32) }],
    ['33-character name', { body: 'x', name: 'n'.repeat(33) }, { ok: false, code: 'name_too_long', field: 'name' }],
    ['blank name is no name', { body: 'x', name: ' \u200B ' }, { ok: true, body: 'x', name: null }],
    ['null name', { body: 'x', name: null }, { ok: true, body: 'x', name: null }],
    ['only U+034F (combining grapheme joiner)', { body: '\u034F' }, { ok: false, code: 'body_required', field: 'body' }],
    ['only variation selectors', { body: '\uFE0F\uFE0F' }, { ok: false, code: 'body_required', field: 'body' }],
    ['only U+17B4 (Khmer inherent vowel)', { body: '\u17B4' }, { ok: false, code: 'body_required', field: 'body' }],
    ['a bare combining acute', { body: '\u0301' }, { ok: false, code: 'body_required', field: 'body' }],
    ['only a braille blank', { body: '\u2800 \u2800' }, { ok: false, code: 'body_required', field: 'body' }],
    ['a name that shows nothing is no name', { body: 'x', name: '\u034F\uFE0F\u17B4' }, { ok: true, body: 'x', name: null }],
    ['a keycap emoji (two marks)', { body: '1\uFE0F\u20E3' }, { ok: true, body: '1\uFE0F\u20E3', name: null }],
    ['Vietnamese (two marks on a letter)', { body: 'Vie\u0323\u0302t' }, { ok: true, body: 'Vi\u1EC7t', name: null }],
    ['8 combining marks on a letter', { body: `a${zalgo(8)}` }, { ok: true, body: `a${zalgo(8)}`.normalize('NFC'), name: null }],
    ['9 combining marks on a letter', { body: `a${zalgo(9)}` }, { ok: false, code: 'too_many_marks', field: 'body' }],
    ['a letter with 499 combining marks', { body: `a${zalgo(499)}` }, { ok: false, code: 'too_many_marks', field: 'body' }],
    ['9 combining marks in a name', { body: 'x', name: `n${zalgo(9)}` }, { ok: false, code: 'too_many_marks', field: 'name' }],
    ['number body', { body: 42 }, { ok: false, code: 'invalid_type', field: 'body' }],
    ['array body', { body: ['x'] }, { ok: false, code: 'invalid_type', field: 'body' }],
    ['missing body', {}, { ok: false, code: 'invalid_type', field: 'body' }],
    ['object name', { body: 'x', name: { a: 1 } }, { ok: false, code: 'invalid_type', field: 'name' }],
  ])('%s', (_label, input, expected) => {
    expect(validateMessageInput(input)).toEqual(expected)
  })

  it('keeps the zero-width joiner only inside emoji sequences', () => {
    expect(cleanText(`a\u200Db ${family}`, true)).toBe(`ab ${family}`)
  })

  it('counts code points as PostgreSQL char_length does', () => {
    expect(characterCount(`${emoji}a`)).toBe(2)
    expect(MESSAGE_LIMITS.bodyMax).toBe(500)
  })
})
