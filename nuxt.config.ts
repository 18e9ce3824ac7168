import { readFileSync } from 'node:fs'
import { DEFAULT_HOST, DEFAULT_PORT } from './server/default-address'
import { SETTING_DEFAULTS } from './shared/settings'
import { POLL_CACHE_CONTROL } from './shared/utils/cache-control'

// The cron jobs are declared once, in vercel.json; they are also written into the
// Vercel build output so that a prebuilt deployment (vercel deploy --prebuilt) has them.
const vercelCrons = JSON.parse(readFileSync(new URL('./vercel.json', import.meta.url), 'utf8')).crons

// Everything here can be overridden at run time with NUXT_* / NUXT_PUBLIC_* variables
// (see the README's configuration table); the defaults make `npm run dev` work as is.
export default defineNuxtConfig({
  modules: ['@nuxt/eslint'],
  devtools: { enabled: false },

  runtimeConfig: {
    /** Folder of the embedded database (PGlite), used when no database below is configured. */
    dataDir: '.data/nakanai',
    /** PostgreSQL by URL (postgres://…); Supabase's transaction pooler, Neon or your own server. */
    databaseUrl: '',
    /** Apply supabase/migrations at start-up; when false, refuse to start if any is missing. */
    databaseMigrate: true,
    /** Supabase over REST (https://<ref>.supabase.co) with its secret key; takes precedence over databaseUrl. */
    supabaseUrl: '',
    supabaseSecretKey: '',
    /** Secret mixed into client-address hashes; generated once and kept in the database when empty. */
    clientHashSalt: '',
    /** Request header carrying the client address (e.g. x-forwarded-for) when behind a proxy you trust. */
    trustProxy: '',
    /** Enables moderation (hide messages) for whoever presents this token; unset: no admin routes at all. */
    adminToken: '',
    /** How long one probe of the instance answers every visitor (in-process, and s-maxage for a CDN). */
    instanceProbeCacheSeconds: SETTING_DEFAULTS.instanceProbeCacheSeconds,
    /** How often, at most, the instance's NodeInfo and its own API are asked for its software, name, colour and pictures while it is up. */
    instanceMetaRefreshSeconds: SETTING_DEFAULTS.instanceMetaRefreshSeconds,
    /** Skips NodeInfo for how the instance is probed and read: misskey, mastodon, gotosocial, akkoma, generic. */
    instanceSoftware: '',
    /** Skips detection of the status page's kind: uptime-kuma, statuspage, betterstack, instatus, gatus, cachet2, cachet3. */
    statusPageProvider: '',
    /** How long one read of the status page answers every visitor. */
    statusPageCacheSeconds: SETTING_DEFAULTS.statusPageCacheSeconds,
    public: {
      instanceName: 'Misskey',
      instanceUrl: '',
      statusPageUrl: '',
      pollIntervalMs: SETTING_DEFAULTS.pollIntervalMs,
      hiddenPollIntervalMs: SETTING_DEFAULTS.hiddenPollIntervalMs,
      /** Seconds shown before a visitor is sent back once the instance is up; 0 turns automatic return off. */
      returnCountdownSeconds: SETTING_DEFAULTS.returnCountdownSeconds,
    },
  },
  srcDir: '.',

  routeRules: {
    // The page's Content-Security-Policy is set per response (server/plugins); these hold
    // everywhere, on Vercel too (they go into its build output, so vercel.json has none).
    '/**': {
      headers: {
        'referrer-policy': 'strict-origin-when-cross-origin',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
      },
    },
    // The handler sends the same header; repeating it here puts the 2 s shared-cache
    // expiry into the Vercel build output, where Vercel's CDN caches GETs by it.
    // Not `isr` or `swr`: on Vercel those become prerender functions that the POST
    // to this same path would also be routed to, and `swr` never expires there.
    '/api/state': { headers: { 'cache-control': POLL_CACHE_CONTROL } },
    '/api/messages': { headers: { 'cache-control': POLL_CACHE_CONTROL } },
  },
  // `npm run dev` too listens where the built server does: not on Misskey's 3000, not
  // on every interface.
  devServer: { host: DEFAULT_HOST, port: DEFAULT_PORT },

  experimental: {
    // A one-page app never navigates client-side: no route rules to apply there,
    // no newer build to reload into, no payload to prefetch for another page.
    appManifest: false,
    payloadExtraction: false,
    navigationRepaint: false,
  },
  compatibilityDate: '2026-11-01',

  nitro: {
    // The SQL migrations travel inside the built server so the embedded store can apply them.
    serverAssets: [{ baseName: 'migrations', dir: '../supabase/migrations' }],
    vercel: { config: { crons: vercelCrons } },
    // Gzip and Brotli copies of /_nuxt/* built once, served to browsers that accept
    // them: the page's JavaScript crosses a phone connection at ~35 % of its size.
    compressPublicAssets: { gzip: true, brotli: true },
  },

  vite: {
    // Every component is <script setup>, and no part of Nuxt's browser runtime uses
    // data()/methods/mixins: dropping Vue's Options API saves 1.6 KB gz of first load.
    vue: { features: { optionsAPI: false } },
  },
  // The Cloudflare Worker runs on workerd with its own types: `tsc -p cloudflare` checks it.
  typescript: { tsConfig: { exclude: ['../cloudflare/**'] } },
  telemetry: false,

  hooks: {
    // A visitor reads one language, preloaded with the entry (plugins/i18n.ts). Left
    // to its default, every page would also prefetch every other language's chunk at
    // idle: bandwidth on a phone that grows with each language added. The same for
    // the moderation tools and their words (locales/admin/): only ?admin renders them,
    // and then the server preloads them (plugins/admin-i18n.ts).
    'build:manifest': (manifest) => {
      for (const [id, chunk] of Object.entries(manifest)) {
        if (id.startsWith('locales/') || id.startsWith('components/Admin')) chunk.prefetch = false
      }
    },
  },

  eslint: {
    config: { stylistic: true },
  },
})
