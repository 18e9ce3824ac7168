import type english from '../locales/admin/en'
import { FALLBACK_LOCALE, interpolate, type MessageKey } from './useI18n'

export type AdminMessageKey = keyof typeof english

/** The shape of a file in locales/admin/: one for each file in locales/ (tests/unit/locales.test.ts). */
export type AdminMessages = Record<AdminMessageKey, string>

// Lazy and never prefetched (nuxt.config.ts): in the visitor's locale chunk, the
// moderation tools' words were 0.8–1.0 KB gz of every visitor's first load (0.5–0.7 KB
// net of this loader; bench/README.md), for a page only the instance's admins open.
const adminFiles = import.meta.glob<{ default: AdminMessages }>('../locales/admin/*.ts')

export async function loadAdminMessages(code: string): Promise<AdminMessages> {
  const file = adminFiles[`../locales/admin/${code}.ts`] ?? adminFiles[`../locales/admin/${FALLBACK_LOCALE}.ts`]!
  return (await file()).default
}

// Every key of locales/admin/ starts with "admin.", and no key of locales/ does (the locale test checks it).
const isAdminKey = (key: string): key is AdminMessageKey => key.startsWith('admin.')

/**
 * The visitor's words and the moderation tools' words under one `t`. The latter are
 * there once `load()` has run for the page's language: before the first render of
 * `?admin`, on the server and in the browser alike (plugins/admin-i18n.ts), and before
 * a sign-in shows the hide buttons on any page (useAdmin).
 */
export function useAdminI18n() {
  const { locale, t: visitorT } = useI18n()
  const loaded = useNuxtApp().$adminMessages
  return {
    locale,
    async load(): Promise<void> {
      const code = locale.value.code
      loaded[code] ??= await loadAdminMessages(code)
    },
    t(key: MessageKey | AdminMessageKey, params?: Record<string, string | number>): string {
      if (!isAdminKey(key)) return visitorT(key, params)
      // The key rather than nothing if a caller showed one before load(): a test sees it.
      return interpolate(loaded[locale.value.code]?.[key] ?? key, params)
    },
  }
}
