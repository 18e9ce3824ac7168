import type { InstanceBranding } from './branding'
import type { InstanceStatus } from './instance'
import type { ChatMessage } from './message'
import type { Notice } from './notice'
import type { StatusSummary } from './status'

/**
 * What `GET /api/state` answers and the page renders from: everything that changes
 * while a visitor waits, in one cached read so a visitor costs one request per poll.
 */
export interface PageState {
  /** Newest first; null while the chat's store cannot be read (the rest still holds). */
  messages: ChatMessage[] | null
  /** The admins' updates, newest first, read with the messages; null when they are. */
  notices: Notice[] | null
  instance: InstanceStatus
  /** The status page as read by the server, with the instance as one component; null when neither is configured. */
  status: StatusSummary | null
  /** What was learned of the instance's face; null before anything was (the page then looks as ever). */
  branding: InstanceBranding | null
}
