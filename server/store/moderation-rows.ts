import type { Ban, ChatLimits, HideAuthorResult } from '../../shared/types/moderation'
import { iso } from './rows'

// The row shapes of the moderation functions of supabase/migrations/20261204000000_admin_undo.sql,
// as every connection returns them (bigint as text or number, timestamps as Date or text).

type Id = number | string | bigint
type Timestamp = Date | string

export interface HideAuthorRow {
  hidden: number
  names: number
  ban_id: Id
  banned_until: Timestamp
}

export interface BanRow {
  id: Id
  banned_at: Timestamp
  until: Timestamp
  hidden: number
  names: number
  newest_body: string | null
  newest_name: string | null
  newest_at: Timestamp | null
}

export interface LimitsRow {
  per_client: number
  per_client_window_seconds: number
  duplicate_window_seconds: number
  global_per_minute: number
  retention_seconds: number
  ban_duration_seconds: number
}

export function toHideAuthorResult(row: HideAuthorRow): HideAuthorResult {
  return { hidden: row.hidden, names: row.names, ban: { id: Number(row.ban_id), until: iso(row.banned_until) } }
}

export function toBan(row: BanRow): Ban {
  return {
    id: Number(row.id),
    bannedAt: iso(row.banned_at),
    until: iso(row.until),
    hiddenMessages: row.hidden,
    names: row.names,
    newest: row.newest_body !== null && row.newest_at !== null
      ? { body: row.newest_body, name: row.newest_name, createdAt: iso(row.newest_at) }
      : null,
  }
}

export function toChatLimits(row: LimitsRow): ChatLimits {
  return {
    perClient: row.per_client,
    perClientWindowSeconds: row.per_client_window_seconds,
    duplicateWindowSeconds: row.duplicate_window_seconds,
    globalPerMinute: row.global_per_minute,
    retentionSeconds: row.retention_seconds,
    banDurationSeconds: row.ban_duration_seconds,
  }
}

/** The p_* arguments of set_chat_limits, null for a limit left as it is. */
export function setLimitsArguments(change: Partial<ChatLimits>) {
  return {
    p_per_client: change.perClient ?? null,
    p_per_client_window_seconds: change.perClientWindowSeconds ?? null,
    p_duplicate_window_seconds: change.duplicateWindowSeconds ?? null,
    p_global_per_minute: change.globalPerMinute ?? null,
    p_retention_seconds: change.retentionSeconds ?? null,
    p_ban_duration_seconds: change.banDurationSeconds ?? null,
  }
}

/** The p_* arguments of edit_notice. */
export function editNoticeArguments(id: number, change: { expectedBackAt?: string | null, resolved?: boolean }) {
  return {
    p_id: id,
    p_change_expected: change.expectedBackAt !== undefined,
    p_expected_back_at: change.expectedBackAt ?? null,
    p_resolved: change.resolved ?? null,
  }
}
