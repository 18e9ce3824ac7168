import { describe, expect, it } from 'vitest'
import { cleanText, isoTime, overallFromComponents } from '../../server/status/provider-json'

describe('cleanText', () => {
  it('keeps strings and numbers only', () => {
    expect(cleanText({ toString: () => 'x' }, 10)).toBe('')
    expect(cleanText(['a'], 10)).toBe('')
    expect(cleanText(null, 10)).toBe('')
    expect(cleanText(42, 10)).toBe('42')
  })

  it('removes control characters and bidirectional overrides, keeps markup as text', () => {
    expect(cleanText('a\u0000b\u0007c\u001b[0m\u202Egnp.exe\u2066d', 100)).toBe('abc[0mgnp.exed')
    expect(cleanText('<script>alert(1)</script>', 100)).toBe('<script>alert(1)</script>')
  })

  // Issue 18 item 13: status-page text is held to the chat's text rules, cleaned rather than refused.
  it('removes every bidirectional control and invisible formatting character, as chat text does', () => {
    expect(cleanText('a\u061Cb\u200Bc\u2060d\uFEFFe\u00ADf', 100)).toBe('abcdef')
    expect(cleanText('Web\u061C \u202Bdown', 100)).toBe('Web down')
  })

  it('cuts a run of combining marks to what real writing needs', () => {
    expect(cleanText(`x${'\u0301'.repeat(320)}y`, 100)).toBe(`x${'\u0301'.repeat(8)}y`)
    expect(cleanText('Tiếng Việt', 100)).toBe('Tiếng Việt')
  })

  it('gives nothing for text that would show as nothing', () => {
    expect(cleanText('\u0301\u0302 \u200B\u2800', 100)).toBe('')
  })

  it('folds whitespace; multi-line text keeps its paragraphs', () => {
    expect(cleanText('  a \n\t b  ', 100)).toBe('a b')
    expect(cleanText('a  \r\n\r\n\r\n\r\nb\n c', 100, { multiline: true })).toBe('a\n\nb\nc')
  })

  it('caps by code point without halving an emoji', () => {
    expect(cleanText('😀'.repeat(10), 5)).toBe('😀😀😀😀…')
    expect([...cleanText('x'.repeat(5000), 200)]).toHaveLength(200)
  })
})

describe('isoTime', () => {
  it('reads ISO, zone-less UTC (Kuma, Cachet) and JavaScript date strings (Instatus)', () => {
    expect(isoTime('2026-11-28T19:58:00Z')).toBe('2026-11-28T19:58:00.000Z')
    expect(isoTime('2026-11-28 19:58:00.000')).toBe('2026-11-28T19:58:00.000Z')
    expect(isoTime('2026-11-28T20:58:00+01:00')).toBe('2026-11-28T19:58:00.000Z')
    expect(isoTime('Sat Nov 28 2026 19:58:00 GMT+0000 (Coordinated Universal Time)')).toBe('2026-11-28T19:58:00.000Z')
  })

  it('gives null for anything else', () => {
    expect(isoTime('soon')).toBeNull()
    expect(isoTime({})).toBeNull()
    expect(isoTime(null)).toBeNull()
  })

  it('gives null for a number beyond what a date holds, instead of throwing', () => {
    expect(isoTime(JSON.parse('99999999999999999'))).toBeNull()
    expect(isoTime(-1e308)).toBeNull()
    expect(isoTime(8.64e15)).toBe('+275760-09-13T00:00:00.000Z')
  })
})

describe('overallFromComponents', () => {
  it.each([
    [[], 'unknown'],
    [['unknown'], 'unknown'],
    [['operational', 'operational'], 'operational'],
    [['operational', 'degraded'], 'degraded'],
    [['operational', 'major_outage'], 'partial_outage'],
    [['major_outage', 'major_outage', 'unknown'], 'major_outage'],
    [['maintenance', 'operational'], 'maintenance'],
  ] as const)('%j → %s', (states, expected) => {
    expect(overallFromComponents([...states])).toBe(expected)
  })
})
