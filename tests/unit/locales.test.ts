import { describe, expect, it } from 'vitest'
import type { LocaleDefinition } from '../../composables/useI18n'
import english from '../../locales/en'

const files = import.meta.glob<{ default: LocaleDefinition }>('../../locales/*.ts', { eager: true })
const others = Object.entries(files)
  .map(([path, module]) => [path.replace(/^.*\//, ''), module.default] as const)
  .filter(([file]) => file !== 'en.ts')
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map(match => match[1]).sort()

// Every language file against English, the reference: a string added to en.ts and
// forgotten elsewhere fails here, not in front of a visitor.
describe.each(others)('locales/%s', (file, locale) => {
  it('has exactly the keys of English, each with the same placeholders and some text', () => {
    expect(locale.code).toBe(file.replace(/\.ts$/, ''))
    expect(Object.keys(locale.messages).sort()).toEqual(Object.keys(english.messages).sort())
    for (const [key, text] of Object.entries(english.messages)) {
      const translated = locale.messages[key as keyof typeof english.messages]
      expect(translated.trim(), key).not.toBe('')
      expect(placeholders(translated), key).toEqual(placeholders(text))
    }
    expect(locale.dateLocale.code).toBeTruthy()
    expect(locale.dateLocale).not.toBe(english.dateLocale)
  })
})
