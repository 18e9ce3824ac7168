// Picks the language from Accept-Language on the server; the browser reuses the
// same choice (hydration must render the same words) and loads just that file.
export default defineNuxtPlugin({
  // Named: plugins/admin-i18n.ts needs the language chosen here.
  name: 'i18n',
  async setup() {
    // The browser has no Accept-Language to read (it would get the fallback): leaving
    // the negotiation out of its bundle keeps it from every visitor's download.
    const code = useState('locale', () => import.meta.server
      ? negotiateLocale(useRequestHeaders(['accept-language'])['accept-language'], availableLocales, FALLBACK_LOCALE)
      : FALLBACK_LOCALE)
    const locale = await loadLocale(code.value)
    // Have the server preload this language's chunk with the entry script, so the
    // browser does not discover it only after running the entry (one round trip).
    if (import.meta.server) useNuxtApp().ssrContext?.modules?.add(`locales/${code.value}.ts`)
    // The page's words depend on this header: a shared cache must keep one copy per language.
    if (import.meta.server) useResponseHeader('vary').value = 'Accept-Language'
    useHead({ htmlAttrs: { lang: locale.code } })
    // A ref, so switching languages later (or in a test) re-renders every string.
    return { provide: { locale: shallowRef(locale) } }
  },
})
