import { createHash } from 'node:crypto'
import type { ChatMessage } from '../../shared/types/message'

/** How long one read of the store serves every poller of this process. */
export const RECENT_WINDOW_MS = 2000
export const RECENT_LIMIT = 50

export interface RecentSnapshot {
  json: string
  etag: string
  messages: ChatMessage[]
}

let snapshot: { value: RecentSnapshot, at: number } | undefined
let loading: Promise<RecentSnapshot> | undefined
// Bumped by every write so a read that started before it is not kept as fresh.
let generation = 0
let storeReads = 0

async function load(): Promise<RecentSnapshot> {
  const startedIn = generation
  storeReads++
  const messages = await (await useStore()).recent(RECENT_LIMIT)
  const json = JSON.stringify({ messages })
  const etag = `"${createHash('sha1').update(json).digest('base64url').slice(0, 22)}"`
  const value = { json, etag, messages }
  if (startedIn === generation) snapshot = { value, at: Date.now() }
  return value
}

/**
 * The newest messages, read from the store at most once per window however many
 * requests ask, concurrent ones sharing the same read. Failures are not cached.
 */
export function recentMessages(): Promise<RecentSnapshot> {
  if (snapshot && Date.now() - snapshot.at < RECENT_WINDOW_MS) return Promise.resolve(snapshot.value)
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
}

export function recentMessagesStats() {
  return { storeReads }
}
