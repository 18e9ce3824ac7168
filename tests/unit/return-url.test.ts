import { describe, expect, it } from 'vitest'
import { pageAfterFormPost } from '../../server/utils/page-after-form-post'
import { instanceRoot, readFromParam, safeReturnUrl } from '../../shared/utils/return-url'

const INSTANCE = 'https://misskey.example'
const ROOT = 'https://misskey.example/'

/**
 * Raw query strings as the browser shows them (nginx appends `from=$request_uri`
 * unencoded as the last parameter; hand-made links may encode it), and where the
 * visitor is sent back to. Anything not clearly on the instance goes to its root.
 */
const table: [description: string, search: string, expected: string][] = [
  // Deep links that must survive intact.
  ['path from nginx', '?from=/notes/9abc', 'https://misskey.example/notes/9abc'],
  ['path with a query string (nginx, unencoded)', '?from=/notes/abc?x=1&y=2', 'https://misskey.example/notes/abc?x=1&y=2'],
  ['full URL with a query string', '?from=https://misskey.example/notes/abc?x=1&y=2', 'https://misskey.example/notes/abc?x=1&y=2'],
  ['% escapes stay as they are', '?from=/tags/%E6%97%A5%E6%9C%AC?q=a%20b%26c', 'https://misskey.example/tags/%E6%97%A5%E6%9C%AC?q=a%20b%26c'],
  ['user profile with @', '?from=/@alice@other.example', 'https://misskey.example/@alice@other.example'],
  ['from after other parameters', '?error=busy&draft=hi&from=/notes/abc', 'https://misskey.example/notes/abc'],
  ['encoded full URL (hand-made link), decoded once', '?from=https%3A%2F%2Fmisskey.example%2Fnotes%2Fabc%3Fx%3D1%26y%3D2', 'https://misskey.example/notes/abc?x=1&y=2'],
  ['encoded path, decoded once', '?from=%2Fsearch%3Fq%3D100%2525', 'https://misskey.example/search?q=100%25'],
  ['uppercase scheme and host', '?from=HTTPS://MISSKEY.EXAMPLE/notes/abc', 'https://misskey.example/notes/abc'],
  ['explicit default port', '?from=https://misskey.example:443/notes/abc', 'https://misskey.example/notes/abc'],
  ['http URL on the instance goes back over https', '?from=http://misskey.example/notes/abc', 'https://misskey.example/notes/abc'],
  ['a fragment-like %23 stays in the path', '?from=/notes/abc%23x', 'https://misskey.example/notes/abc%23x'],
  ['encoded slashes after a real slash stay in the path', '?from=/%2F%2Fevil.example', 'https://misskey.example/%2F%2Fevil.example'],
  ['zero-width space inside the path is encoded, harmless', '?from=/notes/\u200Babc', 'https://misskey.example/notes/%E2%80%8Babc'],

  // Missing or empty.
  ['no from at all', '?x=1', ROOT],
  ['empty from', '?from=', ROOT],
  ['a parameter that merely ends in from', '?xfrom=/notes/abc', ROOT],

  // Other hosts and schemes.
  ['other host', '?from=https://evil.example/notes/abc', ROOT],
  ['instance name as a subdomain of another host', '?from=https://misskey.example.evil.example/', ROOT],
  ['other port', '?from=https://misskey.example:8443/notes/abc', ROOT],
  ['trailing dot host', '?from=https://misskey.example./notes/abc', ROOT],
  ['javascript:', '?from=javascript:alert(document.domain)', ROOT],
  ['JavaScript: mixed case', '?from=JaVaScRiPt:alert(1)//https://misskey.example/', ROOT],
  ['data:', '?from=data:text/html,<script>alert(1)</script>', ROOT],
  ['protocol-relative //evil', '?from=//evil.example/notes', ROOT],
  ['protocol-relative to the instance itself (ambiguous, refused)', '?from=//misskey.example/notes', ROOT],
  ['/\\evil', '?from=/\\evil.example', ROOT],
  ['\\\\evil', '?from=\\\\evil.example', ROOT],
  ['backslash inside an instance URL', '?from=https://misskey.example\\@evil.example/', ROOT],
  ['https: without slashes to another host', '?from=https:evil.example/notes', ROOT],

  // Encoded tricks.
  ['%2F%2Fevil.com', '?from=%2F%2Fevil.com', ROOT],
  ['https:%2F%2Fevil', '?from=https:%2F%2Fevil.example', ROOT],
  ['https%3A//evil (partly encoded)', '?from=https%3A//evil.example/', ROOT],
  ['encoded /\\evil', '?from=%2F%5Cevil.example', ROOT],
  ['encoded tab between slashes', '?from=%2F%09%2Fevil.example', ROOT],
  ['double-encoded //evil', '?from=%252F%252Fevil.example', ROOT],
  ['encoded h in the scheme', '?from=%68ttps://evil.example/', ROOT],
  ['broken % escape in an encoded value', '?from=https%3A%2F%2Fmisskey.example%2F%E0%A4%A', ROOT],
  ['@ encoded into the host', '?from=https://misskey.example%40evil.example/', ROOT],

  // Credentials.
  ['http://inst@evil', '?from=https://misskey.example@evil.example/', ROOT],
  ['http://evil@inst (credentials, even on the instance)', '?from=https://evil.example@misskey.example/notes/abc', ROOT],
  ['user:password on the instance', '?from=https://user:pass@misskey.example/', ROOT],
  ['inst:443@evil', '?from=https://misskey.example:443@evil.example/', ROOT],

  // Whitespace, control characters, size.
  ['leading space', '?from= https://evil.example/', ROOT],
  ['leading ideographic space', '?from=\u3000/notes/abc', ROOT],
  ['tab inside (URL parsers drop it)', '?from=/\t/evil.example', ROOT],
  ['newline inside', '?from=/notes/abc\n', ROOT],
  ['NUL', '?from=/notes/\u0000abc', ROOT],
  ['C1 control (NEL)', '?from=/notes/\u0085abc', ROOT],
  ['right-to-left override before another URL', '?from=\u202Ehttps://evil.example/', ROOT],
  ['overlong (over 4096 characters)', `?from=/notes/${'a'.repeat(5000)}`, ROOT],
  ['long but within the limit', `?from=/notes/${'a'.repeat(4000)}`, `https://misskey.example/notes/${'a'.repeat(4000)}`],
]

describe('readFromParam + safeReturnUrl', () => {
  it('has a table of at least 25 cases', () => {
    expect(table.length).toBeGreaterThanOrEqual(25)
  })

  it.each(table)('%s', (_, search, expected) => {
    expect(safeReturnUrl(readFromParam(search), INSTANCE)).toBe(expected)
  })

  it('reads a query string with or without its leading ?', () => {
    expect(readFromParam('from=/notes/abc?x=1&y=2')).toBe('/notes/abc?x=1&y=2')
    expect(readFromParam('?from=/notes/abc?x=1&y=2')).toBe('/notes/abc?x=1&y=2')
    expect(readFromParam('?x=1')).toBeNull()
  })

  // Without JavaScript, a chat post goes through the server and back: `from` must survive it.
  it.each(['/notes/abc?x=1&y=2', '/search?q=a+b%26c', '/tags/%E6%97%A5', 'https://misskey.example/notes/abc?x=1'])(
    'keeps %s through a form post and back', (from) => {
      const page = new URL(pageAfterFormPost({ body: 'hi', from }, 'busy'), 'https://down.example')
      expect(readFromParam(page.search)).toBe(from)
    })
})

describe('safeReturnUrl against other instance URLs', () => {
  it('compares IDN hosts in their ASCII form', () => {
    expect(safeReturnUrl('https://bücher.example/notes/abc', 'https://xn--bcher-kva.example')).toBe('https://xn--bcher-kva.example/notes/abc')
    expect(safeReturnUrl('https://xn--bcher-kva.example/notes/abc', 'https://bücher.example/')).toBe('https://xn--bcher-kva.example/notes/abc')
    expect(safeReturnUrl('https://bucher.example/notes/abc', 'https://bücher.example/')).toBe('https://xn--bcher-kva.example/')
  })

  it('keeps a non-default port of the instance', () => {
    expect(safeReturnUrl('/notes/abc', 'http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000/notes/abc')
    expect(safeReturnUrl('http://127.0.0.1:3001/notes/abc', 'http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000/')
  })

  it('ignores a path and credentials in the configured URL', () => {
    expect(safeReturnUrl('/notes/abc', 'https://user:pass@misskey.example/some/path')).toBe('https://misskey.example/notes/abc')
  })

  it('is null when no (usable) instance URL is configured', () => {
    for (const instance of ['', null, undefined, 'not a url', 'ftp://misskey.example', 'javascript:alert(1)']) {
      expect(safeReturnUrl('/notes/abc', instance)).toBeNull()
      expect(instanceRoot(instance)).toBeNull()
    }
  })
})
