import type { InstanceStatus } from './instance'
import type { ChatMessage } from './message'

/**
 * What `GET /api/state` answers and the page renders from: everything that changes
 * while a visitor waits, in one cached read so a visitor costs one request per poll.
 */
export interface PageState {
  /** Newest first; null while the chat's store cannot be read (the rest still holds). */
  messages: ChatMessage[] | null
  instance: InstanceStatus
}
