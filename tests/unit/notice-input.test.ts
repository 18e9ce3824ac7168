import { describe, expect, test } from 'vitest'
import { validateNoticeInput } from '../../shared/utils/notice-input'

const NOW = Date.parse('2026-11-29T12:00:00Z')

describe('an official update', () => {
  test('is cleaned like a chat message and keeps an absolute expected time', () => {
    expect(validateNoticeInput({ body: '  Database\u200B upgrade\r\n\r\n\r\nBack soon ', expectedBackAt: '2026-11-29T22:30:00+09:00' }, NOW))
      .toEqual({ ok: true, body: 'Database upgrade\n\nBack soon', expectedBackAt: '2026-11-29T13:30:00.000Z' })
    expect(validateNoticeInput({ body: 'x' }, NOW)).toEqual({ ok: true, body: 'x', expectedBackAt: null })
    expect(validateNoticeInput({ body: 'x', expectedBackAt: null }, NOW)).toMatchObject({ ok: true, expectedBackAt: null })
    expect(validateNoticeInput({ body: '😀'.repeat(2000) }, NOW)).toMatchObject({ ok: true })
  })

  test.each([
    [{ body: 1 }, 'invalid_type'],
    [{}, 'invalid_type'],
    [{ body: ' \u200B\n ' }, 'body_required'],
    [{ body: 'x'.repeat(2001) }, 'body_too_long'],
    [{ body: 'x', expectedBackAt: '2026-11-29T22:30' }, 'invalid_expected_back'],
    [{ body: 'x', expectedBackAt: 'in 30 minutes' }, 'invalid_expected_back'],
    [{ body: 'x', expectedBackAt: 1764419400000 }, 'invalid_expected_back'],
    [{ body: 'x', expectedBackAt: '2026-02-30T10:00:00Z' }, 'invalid_expected_back'],
    [{ body: 'x', expectedBackAt: '20266-11-29T10:00:00Z' }, 'invalid_expected_back'],
    [{ body: 'x', expectedBackAt: '2029-11-29T10:00:00Z' }, 'invalid_expected_back'],
    // Issue 18 item 13: the chat's text rules, and no promise already broken.
    [{ body: `x${'\u0301'.repeat(50)}` }, 'too_many_marks'],
    [{ body: '\u0301\u034F\u2800' }, 'body_required'],
    [{ body: 'x', expectedBackAt: '2026-11-29T11:59:00Z' }, 'expected_back_past'],
    [{ body: 'x', expectedBackAt: '2026-11-29T12:00:00Z' }, 'expected_back_past'],
    [{ body: 'x', expectedBackAt: '2025-11-29T10:00:00Z' }, 'expected_back_past'],
  ])('%j is refused: %s', (input, code) => {
    expect(validateNoticeInput(input, NOW)).toEqual({ ok: false, code })
  })
})
