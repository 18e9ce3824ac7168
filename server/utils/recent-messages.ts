import { createHash } from 'node:crypto'
import type { ChatMessage } from '../../shared/types/message'
import type { Notice } from '../../shared/types/notice'
import { newestFirst } from '../../shared/utils/newest-first'

/** How long one read of the store serves every poller of this process. */
const RECENT_WINDOW_MS = 2000
const RECENT_LIMIT = 50
/** The admins' updates shown at most; more than a handful in one outage is already a lot to read. */
const NOTICE_LIMIT = 10
/** After a failed read, how long every request gets that failure instead of asking a struggling store again. */
const FAILURE_WINDOW_MS = 1000

export interface RecentSnapshot {
  /** `{ messages }`, for GET /api/messages. */
  json: string
  etag: string
  messages: ChatMessage[]
  /** The admins' updates, newest first, read together with the messages. */
  notices: Notice[]
}

let snapshot: { value: RecentSnapshot, at: number } | undefined
let loading: Promise<RecentSnapshot> | undefined
let failure: { error: unknown, at: number } | undefined
// Bumped by every invalidation so a read that started before it is not kept as fresh.
let generation = 0
let storeReads = 0
// Messages posted through this process lately, with when they were stored: merged
// into snapshots so a post shows at once without costing a store read.
let posted: { message: ChatMessage, at: number }[] = []

function snapshotOf(messages: ChatMessage[], notices: Notice[]): RecentSnapshot {
  const json = JSON.stringify({ messages })
  const etag = `"${createHash('sha1').update(json).digest('base64url').slice(0, 22)}"`
  return { json, etag, messages, notices }
}

function merged(messages: ChatMessage[], extra: ChatMessage[]): ChatMessage[] {
  return newestFirst([...messages, ...extra], RECENT_LIMIT)
}

async function load(): Promise<RecentSnapshot> {
  const startedIn = generation
  const startedAt = Date.now()
  storeReads++
  let messages, notices
  try {
    // One read of the window: both queries at once, one failure for both.
    const store = await useStore()
    ;[messages, notices] = await Promise.all([store.recent(RECENT_LIMIT), store.notices(NOTICE_LIMIT)])
  }
  catch (error) {
    failure = { error, at: Date.now() }
    throw error
  }
  failure = undefined
  // A post stored after this read began may be missing from its result.
  const missed = posted.filter(entry => entry.at >= startedAt).map(entry => entry.message)
  const value = snapshotOf(missed.length ? merged(messages, missed) : messages, notices)
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

/**
 * After a post on this server: the cached snapshot gains the new message (the next
 * GET shows it) without another store read, so writers do not multiply reads.
 * Messages from other server instances appear with their next window.
 */
export function addPostedMessage(message: ChatMessage): void {
  const now = Date.now()
  posted = posted.filter(entry => now - entry.at < 10 * RECENT_WINDOW_MS)
  posted.push({ message, at: now })
  failure = undefined
  if (snapshot) snapshot = { value: snapshotOf(merged(snapshot.value.messages, [message]), snapshot.value.notices), at: snapshot.at }
}

/** After a change that removes messages (moderation) or changes notices, the next read goes to the store. */
export function invalidateRecentMessages(): void {
  generation++
  snapshot = undefined
  loading = undefined
  failure = undefined
  posted = []
}

export function recentMessagesStats() {
  // Whether a GET now would be answered from the cached read: tests wait for false
  // instead of sleeping for a window they would have to know.
  return { storeReads, readCached: snapshot !== undefined && Date.now() - snapshot.at < RECENT_WINDOW_MS }
}
