import { HEALTH_CACHE_PATH, HEALTH_CHECK_SECONDS } from './health-cache-entry'
import { isDownStatus } from './rules'

/**
 * Whether the origin is up, as its `/healthz` said at most 10 s ago: Misskey's answers
 * 200, or 503 when its database or Redis fails; on Mastodon, GoToSocial and the others
 * it is an unknown path, and their 404 says the server answers. So any answer but one
 * that means down (500/502/503/504, Cloudflare's 52x) is up, as for every other request.
 * The answer is kept in this edge location's cache (the Cache API is per location), so
 * the origin sees one check per location per 10 s however many visitors arrive; checks
 * that start while one is running in the same isolate wait for it instead.
 */

/** A /healthz that does not answer within this is "down", like a refused connection. */
const HEALTH_TIMEOUT_MS = 10_000

interface RunningCheck {
  up: Promise<boolean>
  started: number
}

const running = new Map<string, RunningCheck>()

export async function originIsUp(origin: string): Promise<boolean> {
  const key = new Request(`${origin}${HEALTH_CACHE_PATH}`)
  const cached = await caches.default.match(key)
  if (cached) return (await cached.text()) === 'up'

  const pending = running.get(origin)
  // A check whose request was cancelled never settles: past its timeout, start anew.
  if (pending && Date.now() - pending.started <= HEALTH_TIMEOUT_MS) return waitFor(pending.up)

  const up = check(origin, key)
  running.set(origin, { up, started: Date.now() })
  try {
    return await up
  }
  finally {
    if (running.get(origin)?.up === up) running.delete(origin)
  }
}

/**
 * Asks the origin and stores the answer before returning it: the request that checks
 * waits for the cache write too (a few ms, once per 10 s), so that no request arriving
 * after it finds neither a running check nor a stored answer.
 */
async function check(origin: string, key: Request): Promise<boolean> {
  const up = await probe(origin)
  // A failed cache write costs only an extra check by the next request; the page goes on.
  await caches.default.put(key, new Response(up ? 'up' : 'down', {
    headers: { 'Cache-Control': `max-age=${HEALTH_CHECK_SECONDS}` },
  })).catch(() => {})
  return up
}

/**
 * Another request's check, with a limit of our own: should that request be cancelled,
 * this one goes on to the origin (its answer decides) instead of waiting forever.
 */
function waitFor(check: Promise<boolean>): Promise<boolean> {
  let timer = 0
  const limit = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), HEALTH_TIMEOUT_MS)
  })
  return Promise.race([check, limit]).finally(() => clearTimeout(timer))
}

async function probe(origin: string): Promise<boolean> {
  try {
    const url = new URL('/healthz', origin)
    // no-store: a "cache everything" rule must not answer the health check from the cache.
    const response = await fetch(url, {
      cache: 'no-store',
      redirect: 'manual',
      signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
    })
    await response.body?.cancel()
    return !isDownStatus(response.status, url)
  }
  catch {
    return false
  }
}
