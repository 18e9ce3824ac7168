import { describe, expect, test } from 'vitest'
import { accentStyle, contrast, themeAccent } from '../../shared/utils/accent'
import { imageSource, sniffImageType } from '../../server/instance/branding/image'
import { parseMeta } from '../../server/instance/branding/misskey-meta'

const ROOT = 'https://misskey.example/'

describe('the theme colour as accent', () => {
  test('used where it stands out with readable text, per scheme', () => {
    // Misskey's default green is too light on a light page, fine on a dark one.
    expect(themeAccent('#86b300')).toEqual({ light: null, dark: { accent: '#86b300', fg: '#111111' } })
    expect(themeAccent('#1a4f80')).toEqual({ light: { accent: '#1a4f80', fg: '#ffffff' }, dark: null })
    expect(themeAccent('#ffff00')).toEqual({ light: null, dark: { accent: '#ffff00', fg: '#111111' } })
  })

  test('too faint for both, or not a colour: the default stays', () => {
    expect(themeAccent('#777777')).toEqual({ light: null, dark: null })
    for (const hostile of [null, '', 'red', '#fff', '#86b300;}body{display:none', '#GGGGGG']) {
      expect(accentStyle(hostile)).toBe('')
    }
  })

  test('contrast is WCAG\'s ratio', () => {
    expect(contrast('#ffffff', '#000000')).toBeCloseTo(21)
    expect(contrast('#777777', '#777777')).toBeCloseTo(1)
    expect(accentStyle('#1a4f80')).toBe('@media (prefers-color-scheme: light){html:root{--accent:#1a4f80;--accent-fg:#ffffff}}')
  })
})

describe('reading /api/meta', () => {
  const meta = {
    name: ' Misskey Example\u200B ',
    description: 'Line one\r\nline two',
    themeColor: '#86B300',
    iconUrl: 'https://misskey.example/files/icon.png',
    serverErrorImageUrl: '/static-assets/error.png',
    version: '2025.1.0',
  }

  test('keeps the five fields, cleaned', () => {
    expect(parseMeta(meta, ROOT)?.branding).toEqual({
      name: 'Misskey Example',
      description: 'Line one\nline two',
      themeColor: '#86b300',
      iconUrl: 'https://misskey.example/files/icon.png',
      serverErrorImageUrl: 'https://misskey.example/static-assets/error.png',
    })
    expect(parseMeta({ version: '13.0.0', name: null, themeColor: null, iconUrl: null }, ROOT)).toEqual({
      branding: { name: null, description: null, themeColor: null, iconUrl: null, serverErrorImageUrl: null },
      keep: [],
    })
  })

  test.each([
    ['not an object', 'hello'],
    ['an array', [meta]],
    ['null', null],
    ['a name that is not text', { ...meta, name: { toString: 'x' } }],
    ['a number for the colour', { ...meta, themeColor: 0x86B300 }],
    ['an icon URL that is not text', { ...meta, iconUrl: ['https://x'] }],
    ['nothing Misskey would say', { hello: 'world' }],
  ])('refuses %s as a whole', (_label, json) => {
    expect(parseMeta(json, ROOT)).toBeNull()
  })

  test('drops what cannot be shown, keeps the rest', () => {
    expect(parseMeta({ ...meta, themeColor: 'red; background:url(x)', name: 'n'.repeat(500) }, ROOT)?.branding)
      .toMatchObject({ themeColor: null, name: 'n'.repeat(128), iconUrl: meta.iconUrl })
  })

  test('holds a name and description to the chat\'s text rules', () => {
    expect(parseMeta({ ...meta, name: `x${'\u0301'.repeat(320)}\u061C!`, description: `x${'\u0316'.repeat(50)}` }, ROOT)?.branding)
      .toMatchObject({ name: `x${'\u0301'.repeat(8)}!`, description: `x${'\u0316'.repeat(8)}` })
  })

  // Issue 18 item 14: these erased the stored icon; a refused picture keeps the last good one.
  test.each([
    ['file:', 'file:///etc/passwd'],
    ['data:', 'data:image/png;base64,iVBORw0KGgo='],
    ['javascript:', 'javascript:alert(1)'],
    ['a huge URL', `https://x/${'a'.repeat(5000)}`],
    ['no URL at all', 'http://['],
  ])('a %s picture URL is refused: the stored picture is kept, not removed', (_label, url) => {
    expect(parseMeta({ ...meta, iconUrl: url, serverErrorImageUrl: url }, ROOT)).toMatchObject({
      branding: { name: 'Misskey Example', iconUrl: null, serverErrorImageUrl: null },
      keep: ['icon', 'server_error'],
    })
  })

  test('a picture declared empty is removed', () => {
    expect(parseMeta({ ...meta, iconUrl: null, serverErrorImageUrl: '' }, ROOT)).toMatchObject({ branding: { iconUrl: null, serverErrorImageUrl: null }, keep: [] })
  })
})

describe('pictures', () => {
  const bytes = (...values: (number | string)[]) => new Uint8Array(values.flatMap(v => typeof v === 'string' ? [...v].map(c => c.charCodeAt(0)) : [v]))

  test('the type comes from the bytes; SVG and anything else is refused', () => {
    expect(sniffImageType(bytes(0x89, 'PNG\r\n', 0x1A, '\n', 0))).toBe('image/png')
    expect(sniffImageType(bytes(0xFF, 0xD8, 0xFF, 0xE0))).toBe('image/jpeg')
    expect(sniffImageType(bytes('GIF89a'))).toBe('image/gif')
    expect(sniffImageType(bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '))).toBe('image/webp')
    expect(sniffImageType(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull()
    expect(sniffImageType(bytes('<?xml version="1.0"?><svg/>'))).toBeNull()
    expect(sniffImageType(bytes('<html>'))).toBeNull()
  })

  test('fetched from the instance itself, other hosts through its media proxy', () => {
    expect(imageSource('https://misskey.example/files/a.png', ROOT)).toBe('https://misskey.example/files/a.png')
    expect(imageSource('http://169.254.169.254/latest/meta-data', ROOT))
      .toBe('https://misskey.example/proxy/image.webp?url=http%3A%2F%2F169.254.169.254%2Flatest%2Fmeta-data&static=1')
  })
})
