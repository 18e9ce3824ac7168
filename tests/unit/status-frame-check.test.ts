import { describe, expect, it } from 'vitest'
import { framingAllowed } from '../../server/status/frame-check'

const STATUS = 'https://status.example.com'
const PAGE = 'https://down.example'

// [headers, allowed without knowing nakanai's origin, allowed on https://down.example]
const TABLE: [string, Record<string, string>, boolean, boolean][] = [
  ['no header', {}, true, true],
  ['XFO DENY', { 'x-frame-options': 'DENY' }, false, false],
  ['XFO SAMEORIGIN (Uptime Kuma\'s default)', { 'x-frame-options': 'SAMEORIGIN' }, false, false],
  ['XFO sameorigin, lower case', { 'x-frame-options': 'sameorigin' }, false, false],
  ['XFO ALLOW-FROM (ignored by current browsers)', { 'x-frame-options': 'ALLOW-FROM https://down.example' }, true, true],
  ['XFO repeated, same value', { 'x-frame-options': 'SAMEORIGIN, SAMEORIGIN' }, false, false],
  ['XFO conflicting values (Chromium: deny)', { 'x-frame-options': 'SAMEORIGIN, ALLOW-FROM https://down.example' }, false, false],
  ['CSP frame-ancestors \'none\'', { 'content-security-policy': 'default-src \'self\'; frame-ancestors \'none\'' }, false, false],
  ['CSP frame-ancestors \'self\'', { 'content-security-policy': 'frame-ancestors \'self\'' }, false, false],
  ['CSP frame-ancestors *', { 'content-security-policy': 'frame-ancestors *' }, true, true],
  ['CSP frame-ancestors https:', { 'content-security-policy': 'frame-ancestors https:' }, true, true],
  ['CSP frame-ancestors listing nakanai', { 'content-security-policy': 'frame-ancestors \'self\' https://down.example' }, false, true],
  ['CSP frame-ancestors listing a wildcard host', { 'content-security-policy': 'frame-ancestors https://*.example' }, false, true],
  ['CSP frame-ancestors listing another host', { 'content-security-policy': 'frame-ancestors https://other.example' }, false, false],
  ['CSP frame-ancestors wins over XFO DENY', { 'content-security-policy': 'frame-ancestors *', 'x-frame-options': 'DENY' }, true, true],
  ['CSP frame-ancestors \'none\' wins over no XFO', { 'content-security-policy': 'frame-ancestors \'none\'', 'x-frame-options': 'ALLOW-FROM *' }, false, false],
  ['CSP without frame-ancestors, XFO SAMEORIGIN', { 'content-security-policy': 'default-src \'self\'', 'x-frame-options': 'SAMEORIGIN' }, false, false],
  ['two policies: every one must allow', { 'content-security-policy': 'frame-ancestors *, frame-ancestors \'none\'' }, false, false],
  ['report-only policy does not count', { 'content-security-policy-report-only': 'frame-ancestors \'none\'' }, true, true],
]

describe('framingAllowed', () => {
  it.each(TABLE)('%s', (_, headers, withoutOrigin, onPage) => {
    expect(framingAllowed(new Headers(headers), STATUS)).toBe(withoutOrigin)
    expect(framingAllowed(new Headers(headers), STATUS, PAGE)).toBe(onPage)
  })

  it('SAMEORIGIN and \'self\' allow a page on the status page\'s own origin', () => {
    expect(framingAllowed(new Headers({ 'x-frame-options': 'SAMEORIGIN' }), STATUS, STATUS)).toBe(true)
    expect(framingAllowed(new Headers({ 'content-security-policy': 'frame-ancestors \'self\'' }), STATUS, STATUS)).toBe(true)
  })
})
