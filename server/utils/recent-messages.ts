import { createHash } from 'node:crypto'
import type { ChatMessage } from '../../shared/types/message'

/** How long one read of the store serves every poller of this process. */
export const RECENT_WINDOW_MS = 2000
export const RECENT_LIMIT = 50
/** After a failed read, how long every request gets that failure instead of asking a struggling store again. */
export const FAILURE_WINDOW_MS = 1000

export interface RecentSnapshot {
  json: string
  etag: string
  messages: ChatMessage[]
}

let snapshot: { value: RecentSnapshot, at: number } | undefined
let loading: Promise<RecentSnapshot> | undefined
let failure: { error: unknown, at: number } | undefined
// Bumped by every write so a read that started before it is not kept as fresh.
let generation = 0
let storeReads = 0

async function load(): Promise<RecentSnapshot> {
  const startedIn = generation
  storeReads++
  let messages
  try {
    messages = await (await useStore()).recent(RECENT_LIMIT)
  }
  catch (error) {
    failure = { error, at: Date.now() }
    throw error
  }
  failure = undefined
  const json = JSON.stringify({ messages })
  const etag = `"${createHash('sha1').update(json).digest('base64url').slice(0, 22)}"`
  const value = { json, etag, messages }
  if (startedIn === generation) snapshot = { value, at: Date.now() }
  return value
}

/**
 * The newest messages, read from the store at most once per window however many
 * requests ask, concurrent ones sharing the same read. A failure is repeated for
 * a second without asking again, so a crowd does not hammer a store that is down.
 */
export function recentMessages(): Promise<RecentSnapshot> {
  const now = Date.now()
  if (snapshot && now - snapshot.at < RECENT_WINDOW_MS) return Promise.resolve(snapshot.value)
  if (failure && now - failure.at < FAILURE_WINDOW_MS) return Promise.reject(failure.error)
  if (!loading) {
    const current = load().finally(() => {
      if (loading === current) loading = undefined
    })
    loading = current
  }
  return loading
}

/** After a write on this server, the next read goes to the store. */
export function invalidateRecentMessages(): void {
  generation++
  snapshot = undefined
  loading = undefined
  failure = undefined
}

export function recentMessagesStats() {
  return { storeReads }
}
