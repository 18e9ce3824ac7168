import { addVitePlugin, defineNuxtModule } from 'nuxt/kit'

const STUB_ID = '\0nakanai:date-fns-default-locale'

/**
 * date-fns' formatDistance imports en-US as its default locale, so the page's entry
 * carried English date words (2.8 KB gz) for every visitor, on top of the language
 * chunk each one loads (locales/*.ts). The page always passes the visitor's locale;
 * in the browser build the default is replaced by a stub that fails loudly if a call
 * ever forgets to, and English moves into locales/en.ts like the other languages.
 */
export default defineNuxtModule({
  meta: { name: 'date-fns-no-default-locale' },
  setup() {
    addVitePlugin({
      name: 'nakanai:date-fns-no-default-locale',
      enforce: 'pre',
      resolveId(source, importer) {
        if (source.endsWith('/_lib/defaultLocale.js') && importer?.includes('/node_modules/date-fns/')) return STUB_ID
      },
      load(id) {
        if (id !== STUB_ID) return
        return `export const defaultLocale = new Proxy({}, { get() { throw new Error('date-fns was called without { locale }') } })`
      },
    }, { server: false })
  },
})
