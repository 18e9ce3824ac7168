import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { negotiateLocale } from '../../shared/utils/negotiate-locale'

// The locales the page ships: one file each in locales/ (admin/ holds the moderation words).
const SUPPORTED = readdirSync(new URL('../../locales/', import.meta.url)).filter(file => file.endsWith('.ts')).map(file => file.replace(/\.ts$/, ''))

/** Accept-Language headers as browsers send them, and the locale the page answers in. */
const table: [description: string, header: string | undefined, expected: string][] = [
  // Nothing usable: English.
  ['no header', undefined, 'en'],
  ['empty header', '', 'en'],
  ['only a wildcard', '*', 'en'],
  ['a language we do not speak', 'fr-FR,fr;q=0.9', 'en'],
  ['garbage', ';;;,q=1,@@', 'en'],
  ['everything refused with q=0', 'ja;q=0,ko;q=0', 'en'],

  // Japanese, English, Korean: the region does not matter.
  ['Japanese browser', 'ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7', 'ja'],
  ['bare ja', 'ja', 'ja'],
  ['British English', 'en-GB,en;q=0.9', 'en'],
  ['Korean browser', 'ko-KR,ko;q=0.9,en-US;q=0.8', 'ko'],
  ['bare ko', 'ko', 'ko'],
  ['upper-case tag', 'KO-KR', 'ko'],

  // Chinese: the script or the region picks traditional or simplified.
  ['Taiwan', 'zh-TW,zh;q=0.9,en;q=0.8', 'zh-TW'],
  ['Hong Kong', 'zh-HK,zh;q=0.9', 'zh-TW'],
  ['Macau', 'zh-MO', 'zh-TW'],
  ['traditional script', 'zh-Hant', 'zh-TW'],
  ['traditional script with region', 'zh-Hant-TW', 'zh-TW'],
  ['traditional script in Hong Kong', 'zh-Hant-HK', 'zh-TW'],
  ['mainland China', 'zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
  ['bare zh', 'zh', 'zh-CN'],
  ['Singapore', 'zh-SG', 'zh-CN'],
  ['simplified script', 'zh-Hans', 'zh-CN'],
  ['simplified script with region', 'zh-Hans-CN', 'zh-CN'],
  ['the script wins over the region', 'zh-Hans-HK', 'zh-CN'],
  ['lower-case Taiwan', 'zh-tw', 'zh-TW'],

  // Preference order: q first, then position.
  ['first listed wins at equal q', 'ko,ja', 'ko'],
  ['higher q wins over position', 'en;q=0.5,zh-TW;q=0.8', 'zh-TW'],
  ['unknown first, known second', 'fr,zh-HK;q=0.9,en;q=0.8', 'zh-TW'],
  ['spaces around parts', ' ja ; q=0.4 , ko ; q=0.6 ', 'ko'],
  ['invalid q is ignored', 'ja;q=abc,ko;q=0.5', 'ko'],
  ['wildcard is skipped, not English', '*,zh-CN;q=0.5', 'zh-CN'],
]

describe('negotiateLocale', () => {
  it('knows the shipped locales', () => {
    expect(SUPPORTED.sort()).toEqual(['en', 'ja', 'ko', 'zh-CN', 'zh-TW'])
  })

  it.each(table)('%s: %j → %s', (_description, header, expected) => {
    expect(negotiateLocale(header, SUPPORTED)).toBe(expected)
  })

  it('serves a Chinese script only to visitors who listed it', () => {
    expect(negotiateLocale('zh-TW', ['en', 'zh-CN'])).toBe('en')
    expect(negotiateLocale('zh-TW,zh-CN;q=0.5', ['en', 'zh-CN'])).toBe('zh-CN')
    expect(negotiateLocale('zh', ['en', 'ja'])).toBe('en')
  })
})
