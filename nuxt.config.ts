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
    /** Enables moderation (hide messages) for whoever presents this token; unset: no admin routes at all. */
    adminToken: '',
    /** How long one probe of the instance answers every visitor (in-process, and s-maxage for a CDN). */
    instanceProbeCacheSeconds: 10,
    public: {
      instanceName: 'Misskey',
      instanceUrl: '',
      statusPageUrl: '',
      pollIntervalMs: 5000,
      /** Seconds shown before a visitor is sent back once the instance is up; 0 turns automatic return off. */
      returnCountdownSeconds: 10,
    },
  },
  srcDir: '.',

  routeRules: {
    // The page's Content-Security-Policy is set per response (server/plugins); these hold everywhere.
    '/**': {
      headers: {
        'referrer-policy': 'strict-origin-when-cross-origin',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
      },
    },
  },
  compatibilityDate: '2026-11-01',

  nitro: {
    // The SQL migrations travel inside the built server so the embedded store can apply them.
    serverAssets: [{ baseName: 'migrations', dir: '../supabase/migrations' }],
  },
  telemetry: false,

  eslint: {
    config: { stylistic: true },
  },
})
