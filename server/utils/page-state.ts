import { createHash } from 'node:crypto'
import type { InstanceStatus } from '../../shared/types/instance'
import type { PageState } from '../../shared/types/page-state'
import type { StatusSummary } from '../../shared/types/status'
import { instanceBranding } from '../instance/branding'
import { instanceStatusWithin } from '../instance/status'
import { readStatusPageSoon, statusPageSummaryWithin, withInstanceComponent } from '../status/summary'
import { recentMessages, type RecentSnapshot } from './recent-messages'
import { logFailure } from './log-failure'

/**
 * How long a poll waits for an instance probe that is due. A hanging instance (the
 * usual outage) would otherwise hold every poll, and the messages with it, for the
 * probe's full 3 s timeout once per cache window.
 */
const PROBE_WAIT_MS = 500

export interface PageStateSnapshot {
  json: string
  etag: string
}

// The parts of the last answer, compared by identity: each part's own cache hands
// out the same object until it changes, so most polls reuse the serialized answer.
let last: { parts: readonly unknown[], value: PageStateSnapshot } | undefined
let lastInstanceState: InstanceStatus['state'] | undefined

function serialize(parts: readonly unknown[], state: PageState): PageStateSnapshot {
  if (last && last.parts.length === parts.length && last.parts.every((part, index) => part === parts[index])) return last.value
  const json = JSON.stringify(state)
  const value = { json, etag: `"${createHash('sha1').update(json).digest('base64url').slice(0, 22)}"` }
  last = { parts, value }
  return value
}

/**
 * The one read every visitor polls, built from parts that each keep their own shared
 * cache (the store snapshot: one read per window; the instance probe: one per its
 * window; the status page: one read per its window). A failing store empties only the
 * chat part: the instance state still reaches visitors, which is what sends them home.
 */
export async function pageState(): Promise<PageStateSnapshot> {
  const [chat, instance, statusPage, branding] = await Promise.all([
    // A failed read is shared by every poll for a second; logFailure says so once a minute.
    recentMessages().catch((error: unknown) => {
      logFailure('reading the chat', error)
      return null
    }) as Promise<RecentSnapshot | null>,
    // A poll that writes: a due probe records its result in the store (observeInstance,
    // which moves `since`) and, finding the instance up, learns its software and face and
    // stores them (server/instance/status.ts). Once per window for every visitor, never per poll.
    instanceStatusWithin(PROBE_WAIT_MS) as Promise<InstanceStatus>,
    // The status page's reader keeps its own shared cache (one read per 30 s for everyone).
    statusPageSummaryWithin(PROBE_WAIT_MS) as Promise<StatusSummary | null>,
    instanceBranding(),
  ])
  // Back after being seen down: the status page is read again now, for the next poll.
  if (instance.state === 'up' && lastInstanceState === 'down') readStatusPageSoon()
  lastInstanceState = instance.state
  const status = withInstanceComponent(statusPage, instance, branding?.name ?? null)
  return serialize([chat, instance, status, branding], { messages: chat?.messages ?? null, notices: chat?.notices ?? null, instance, status, branding })
}
