import type { ChatMessage } from './message'

/** A ban in force, as GET /api/bans lists it: never the client's hash or address. */
export interface Ban {
  id: number
  /** ISO 8601: when "hide all from this person" (last) paused them. */
  bannedAt: string
  /** ISO 8601: when they may post again. */
  until: string
  /** Their messages that are hidden now. */
  hiddenMessages: number
  /** Names used from that one address (anonymous counts as one): people who cannot be told apart. */
  names: number
  /** The newest hidden message, so the admin can recognise whom the ban caught. */
  newest: Pick<ChatMessage, 'body' | 'name' | 'createdAt'> | null
}

/** What "hide all from this person" did. */
export interface HideAuthorResult {
  hidden: number
  /** Names used from that one address (anonymous counts as one). */
  names: number
  ban: { id: number, until: string }
}

/** The chat's limits, times in whole seconds (GET/PATCH /api/limits). */
export interface ChatLimits {
  perClient: number
  perClientWindowSeconds: number
  duplicateWindowSeconds: number
  globalPerMinute: number
  retentionSeconds: number
  banDurationSeconds: number
}
