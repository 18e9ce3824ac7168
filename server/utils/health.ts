import type { H3Event } from 'h3'
import { version } from '../../package.json'
import { StoreRefusal } from '../store/refusal'
import { withTimeout } from '../../shared/utils/with-timeout'
import { logFailure } from './log-failure'
import { secretMatches } from './secrets'

const OPENING_WAIT_MS = 1000

export interface HealthAnswer {
  ok: boolean
  store: string | null
  version: string
  /** Only for a deep check: how long the one query took, and how many expired messages it deleted. */
  queryMs?: number
  purged?: number
  error?: string
}

/**
 * Vercel sends `Authorization: Bearer $CRON_SECRET` to cron paths when the
 * project has CRON_SECRET; with it set, nobody else may make the database work.
 */
function cronAuthorized(event: H3Event): boolean {
  const secret = process.env.CRON_SECRET
  if (!secret) return true
  return secretMatches(getRequestHeader(event, 'authorization') ?? '', `Bearer ${secret}`)
}

/**
 * The quick check asks nothing: it answers from the settings and from whether the
 * store is open (a wrong password, a database that does not exist yet or is not
 * reachable, a data folder in use: 503, not a healthy-looking server with a dead
 * chat). The deep one runs one real query, which also counts as activity for a
 * free Supabase project that would otherwise be paused after a week without any.
 * That query is the retention batch, so the daily cron also deletes expired messages.
 */
export async function checkHealth(event: H3Event, deep: boolean): Promise<HealthAnswer> {
  setResponseHeader(event, 'cache-control', 'no-store')
  let store: string | null = null
  if (urlSettingProblems(useRuntimeConfig().public).length > 0) {
    setResponseStatus(event, 503)
    return { ok: false, store, version, error: 'settings_invalid' }
  }
  try {
    store = storeChoice().kind
    if (!deep) {
      // A cold start (a new serverless instance) opens the store in a moment: wait that long.
      if (storeState().state !== 'open') await withTimeout(useStore(), OPENING_WAIT_MS)
      return { ok: true, store, version }
    }
    const started = performance.now()
    const purged = await (await useStore()).purgeExpired()
    return { ok: true, store, version, queryMs: Math.round(performance.now() - started), purged }
  }
  catch (error) {
    if (deep) logFailure('health check failed', error)
    setResponseStatus(event, 503)
    const reason = error instanceof StoreRefusal ? 'store_misconfigured' : 'store_unavailable'
    return { ok: false, store, version, error: reason }
  }
}

export function deepHealth(event: H3Event): Promise<HealthAnswer> | HealthAnswer {
  if (!cronAuthorized(event)) {
    setResponseHeader(event, 'cache-control', 'no-store')
    setResponseStatus(event, 401)
    return { ok: false, store: null, version, error: 'unauthorized' }
  }
  return checkHealth(event, true)
}
