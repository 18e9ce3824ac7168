import type { AdminMessages } from '~/composables/useAdminI18n'

// The moderation tools' words, by language code, once loaded (useAdminI18n). ?admin
// renders them on the server: the browser loads the same file before it hydrates (the
// same words on both sides, no flash of missing text), and the server preloads that
// chunk with the entry, as plugins/i18n.ts does for the visitor's language.
export default defineNuxtPlugin({
  name: 'admin-i18n',
  dependsOn: ['i18n'],
  async setup(nuxtApp) {
    const adminMessages = shallowReactive<Partial<Record<string, AdminMessages>>>({})
    if (adminViewRequested()) {
      const code = useI18n().locale.value.code
      adminMessages[code] = await loadAdminMessages(code)
      if (import.meta.server) nuxtApp.ssrContext?.modules?.add(`locales/admin/${code}.ts`)
    }
    return { provide: { adminMessages } }
  },
})
