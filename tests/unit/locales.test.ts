import { describe, expect, it } from 'vitest'
import type { LocaleDefinition } from '../../composables/useI18n'
import type { AdminMessages } from '../../composables/useAdminI18n'
import english from '../../locales/en'
import englishAdmin from '../../locales/admin/en'

const files = import.meta.glob<{ default: LocaleDefinition }>('../../locales/*.ts', { eager: true })
const adminFiles = import.meta.glob<{ default: AdminMessages }>('../../locales/admin/*.ts', { eager: true })
const byFileName = <T>(modules: Record<string, { default: T }>) =>
  Object.entries(modules).map(([path, module]) => [path.replace(/^.*\//, ''), module.default] as const)
const others = byFileName(files).filter(([file]) => file !== 'en.ts')
const adminOthers = byFileName(adminFiles).filter(([file]) => file !== 'en.ts')
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map(match => match[1]).sort()

function expectSameStrings(messages: Record<string, string>, reference: Record<string, string>) {
  expect(Object.keys(messages).sort()).toEqual(Object.keys(reference).sort())
  for (const [key, text] of Object.entries(reference)) {
    const translated = messages[key]!
    expect(translated.trim(), key).not.toBe('')
    expect(placeholders(translated), key).toEqual(placeholders(text))
  }
}

// Every language file against English, the reference: a string added to en.ts and
// forgotten elsewhere fails here, not in front of a visitor.
describe.each(others)('locales/%s', (file, locale) => {
  it('has exactly the keys of English, each with the same placeholders and some text', () => {
    expect(locale.code).toBe(file.replace(/\.ts$/, ''))
    expectSameStrings(locale.messages, english.messages)
    expect(locale.dateLocale.code).toBeTruthy()
    expect(locale.dateLocale).not.toBe(english.dateLocale)
  })
})

// The moderation tools' words, a chunk per language of their own: the same checks.
describe.each(adminOthers)('locales/admin/%s', (_file, messages) => {
  it('has exactly the keys of English, each with the same placeholders and some text', () => {
    expectSameStrings(messages, englishAdmin)
  })
})

describe('the moderation tools\' words', () => {
  it('come in every language the page speaks, and in no other', () => {
    expect(Object.keys(adminFiles).map(path => path.replace(/^.*\//, '')).sort())
      .toEqual(Object.keys(files).map(path => path.replace(/^.*\//, '')).sort())
  })

  // useAdminI18n finds a key's file by its prefix; a visitor's string (the chat's admin
  // badge) stays with the visitor's words, which every visitor downloads anyway.
  it('are the keys that start with "admin.", and only they', () => {
    expect(Object.keys(englishAdmin).filter(key => !key.startsWith('admin.'))).toEqual([])
    expect(Object.keys(english.messages).filter(key => key.startsWith('admin.'))).toEqual([])
  })
})
