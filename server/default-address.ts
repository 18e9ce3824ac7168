/**
 * Where nakanai listens unless HOST and PORT say otherwise, under `npm run dev` as in
 * the built server (server/plugins/listen.ts): this machine only, and not 3000 (Nitro's
 * and Nuxt's default), which is Misskey's own port and the one nginx proxies it to.
 */
export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_PORT = 4870
