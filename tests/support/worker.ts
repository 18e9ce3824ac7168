import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { Miniflare, type MiniflareOptions } from 'miniflare'
import { HEALTH_CACHE_PATH } from '../../cloudflare/src/health-cache-entry'

/** The shipped Worker (the repository's cloudflare/ folder). */
export const WORKER_SOURCE_DIR = fileURLToPath(new URL('../../cloudflare/', import.meta.url))

/** The settings of cloudflare/wrangler.toml that the local run uses, read from the file itself. */
export interface WranglerSettings {
  main: string
  compatibilityDate: string
  downPageUrl: string
}

export async function readWranglerToml(): Promise<WranglerSettings> {
  const text = await readFile(join(WORKER_SOURCE_DIR, 'wrangler.toml'), 'utf8')
  // Top-level keys come before the first [section]; `[vars]` keys follow its header.
  const sections = text.split(/^\[/m)
  const value = (key: string, section?: string) => {
    const body = section ? sections.find(s => s.startsWith(`${section}]`)) : sections[0]
    const match = body && new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, 'm').exec(body)
    if (!match) throw new Error(`wrangler.toml has no ${key}${section ? ` under [${section}]` : ''}`)
    return match[1]!
  }
  return { main: value('main'), compatibilityDate: value('compatibility_date'), downPageUrl: value('DOWN_PAGE_URL', 'vars') }
}

/** The Worker bundled the way wrangler does it (esbuild, one ES module). */
async function bundle(main: string): Promise<string> {
  const result = await build({ entryPoints: [join(WORKER_SOURCE_DIR, main)], bundle: true, format: 'esm', target: 'es2022', write: false, logLevel: 'silent' })
  return result.outputFiles[0]!.text
}

export interface RunningWorker {
  /** Where Miniflare listens; requests reach the Worker as https://<host>/… (the route). */
  port: number
  /** Forgets the origin health the Worker keeps in the cache, as 10 s passing would. */
  forgetHealth(): Promise<void>
  /** The origin health the Worker keeps in the cache, if any. */
  cachedHealth(): Promise<{ value: string, cacheControl: string | null } | null>
  stop(): Promise<void>
}

/**
 * The shipped Worker on workerd (Miniflare), as routed on `https://<host>/*`, with
 * wrangler.toml's entry, compatibility date and DOWN_PAGE_URL. `origin` stands in for
 * what Cloudflare does with the Worker's fetches: another address to send them to, or
 * a function answering them.
 */
export async function startWorker(host: string, origin: MiniflareOptions['outboundService']): Promise<RunningWorker> {
  const settings = await readWranglerToml()
  const mf = new Miniflare({
    modules: true,
    script: await bundle(settings.main),
    compatibilityDate: settings.compatibilityDate,
    bindings: { DOWN_PAGE_URL: settings.downPageUrl },
    upstream: `https://${host}`,
    outboundService: origin,
    host: '127.0.0.1',
    port: 0,
  })
  const url = await mf.ready
  return {
    port: Number(url.port),
    async forgetHealth() {
      const caches = await mf.getCaches()
      await caches.default.delete(`https://${host}${HEALTH_CACHE_PATH}`)
    },
    async cachedHealth() {
      const caches = await mf.getCaches()
      const cached = await caches.default.match(`https://${host}${HEALTH_CACHE_PATH}`)
      return cached ? { value: await cached.text(), cacheControl: cached.headers.get('cache-control') } : null
    },
    stop: () => mf.dispose(),
  }
}
