import { addVitePlugin, defineNuxtModule } from 'nuxt/kit'

const STUB_ID = '\0nakanai:date-fns-default-locale'

/**
 * date-fns' formatDistance imports the whole en-US locale as its default, so the
 * page's entry carried it for every visitor, on top of the language chunk each one
 * loads (locales/*.ts): 2.1 KB gz in English, 2.4 KB gz in ja/zh/ko, measured with
 * and without this module. The page always passes the visitor's locale; in the
 * browser build the default is a stub that fails loudly if a call ever forgets to.
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
