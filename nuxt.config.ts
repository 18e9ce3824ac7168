// Everything here can be overridden at run time with NUXT_* / NUXT_PUBLIC_* variables
// (see the README's configuration table); the defaults make `npm run dev` work as is.
export default defineNuxtConfig({
  modules: ['@nuxt/eslint'],
  devtools: { enabled: false },

  runtimeConfig: {
    /** Folder of the embedded database (PGlite). */
    dataDir: '.data/nakanai',
    /** Secret mixed into client-address hashes; generated once and kept in the database when empty. */
    clientHashSalt: '',
    /** Request header carrying the client address (e.g. x-forwarded-for) when behind a proxy you trust. */
    trustProxy: '',
    public: {
      instanceName: 'Misskey',
      instanceUrl: '',
      statusPageUrl: '',
      pollIntervalMs: 5000,
    },
  },
  srcDir: '.',
  compatibilityDate: '2026-11-01',

  nitro: {
    // The SQL migrations travel inside the built server so the embedded store can apply them.
    serverAssets: [{ baseName: 'migrations', dir: '../supabase/migrations' }],
    // Gzip and Brotli copies of /_nuxt/* built once, served to browsers that accept
    // them: the page's JavaScript crosses a phone connection at ~35 % of its size.
    compressPublicAssets: { gzip: true, brotli: true },
  },
  telemetry: false,

  eslint: {
    config: { stylistic: true },
  },
})
