import type { InstanceState } from '../../shared/types/instance'
import type { ChatMessage } from '../../shared/types/message'
import type { Ban, ChatLimits, HideAuthorResult } from '../../shared/types/moderation'
import type { Notice } from '../../shared/types/notice'

export type { InstanceState }

/** The probe's view of the instance, as recorded in the store. */
export interface InstanceObservation {
  state: InstanceState
  /** When the current state began, as far as any server of this deployment knows. */
  since: string
  checkedAt: string
}

export interface NewMessage {
  body: string
  name: string | null
  clientHash: string
  /** Only for a request that presented the admin token; the message then carries the badge. */
  admin?: boolean
}

export interface NewNotice {
  body: string
  /** ISO 8601 or null. */
  expectedBackAt: string | null
}

/** What an admin changes in a notice; a field left out stays as it is. */
export interface NoticeChange {
  /** ISO 8601, or null to clear it. */
  expectedBackAt?: string | null
  /** true marks it resolved (now, or when it first was), false opens it again. */
  resolved?: boolean
}

/** `banner`: a wide picture (Mastodon's thumbnail), shown as a banner, never squeezed into the icon's square. */
export type BrandingImageKind = 'icon' | 'server_error' | 'banner'
export type BrandingImageType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif'

/** The fields kept from the instance's own API (Misskey's /api/meta, Mastodon's /api/v2/instance), already checked by the server. */
export interface LearnedBranding {
  name: string | null
  description: string | null
  /** #rrggbb, lower case. */
  themeColor: string | null
  iconUrl: string | null
  serverErrorImageUrl: string | null
  /** Not a column: the banner's source URL is kept with its bytes (instance_images.source_url). */
  bannerUrl?: string | null
}

/** What the instance's NodeInfo said of its software, already checked by the server. */
export interface InstanceSoftware {
  /** software.name, lower case (misskey, sharkey, mastodon, gotosocial, akkoma, …). */
  name: string
  version: string | null
  /** metadata.nodeName, where the server gives one. */
  nodeName: string | null
}

export interface StoredImageRef {
  contentType: BrandingImageType
  sha256: string
}

export interface StoredBranding {
  name: string | null
  description: string | null
  themeColor: string | null
  learnedAt: string
  icon: StoredImageRef | null
  serverError: StoredImageRef | null
  banner: StoredImageRef | null
  /** From NodeInfo; null before it was read. */
  software: InstanceSoftware | null
}

export interface BrandingImage extends StoredImageRef {
  bytes: Uint8Array
}

/**
 * The one storage interface. Every connection (embedded PGlite, PostgreSQL by URL,
 * Supabase by REST) calls the same SQL functions from supabase/migrations.
 */
export interface Store {
  readonly kind: 'pglite' | 'postgres' | 'supabase'
  /** The newest visible messages, newest first. */
  recent(limit: number): Promise<ChatMessage[]>
  /** Stores a message or throws a StoreLimitError. */
  post(message: NewMessage): Promise<ChatMessage>
  /** Moderation: hides one message; false when there is no such visible message. */
  hideMessage(id: number): Promise<boolean>
  /**
   * Moderation: hides every message of that message's author (the admin's own excepted)
   * and bans them for a while; null when no such message.
   */
  hideAuthor(id: number): Promise<HideAuthorResult | null>
  /** The bans in force, newest first. */
  bans(): Promise<Ban[]>
  /** false when no ban in force has that id. */
  liftBan(id: number): Promise<boolean>
  /** Hidden messages, newest first. */
  hiddenMessages(limit: number): Promise<ChatMessage[]>
  /** Shows a hidden message again; false when there is no such hidden message. */
  restoreMessage(id: number): Promise<boolean>
  limits(): Promise<ChatLimits>
  /** Changes the limits given; throws a StoreLimitError('invalid') when one is out of bounds. */
  setLimits(change: Partial<ChatLimits>): Promise<ChatLimits>
  /** Retention: deletes one bounded batch of expired messages; returns how many. */
  purgeExpired(): Promise<number>
  /** Admins' updates: stores one (the body already cleaned); throws a StoreLimitError('invalid') when out of bounds. */
  postNotice(notice: NewNotice): Promise<Notice>
  /** The current notices, newest first. */
  notices(limit: number): Promise<Notice[]>
  /** Moves or clears the expected time, marks it resolved or open; null when there is no such notice. */
  editNotice(id: number, change: NoticeChange): Promise<Notice | null>
  /** false when there is no such notice. */
  deleteNotice(id: number): Promise<boolean>
  /** What was learned from the instance (its face and its NodeInfo) and which pictures are stored; null before anything was. */
  branding(): Promise<StoredBranding | null>
  saveBranding(branding: LearnedBranding): Promise<void>
  saveSoftware(software: InstanceSoftware): Promise<void>
  /** Stores a picture, or with null removes it. */
  saveBrandingImage(kind: BrandingImageKind, image: { contentType: BrandingImageType, bytes: Uint8Array, sourceUrl: string } | null): Promise<void>
  brandingImage(kind: BrandingImageKind): Promise<BrandingImage | null>
  /** Records a probe result and returns the shared view (with `since`). */
  observeInstance(state: InstanceState): Promise<InstanceObservation>
  /** The salt generated by the migration, shared by every server instance. */
  salt(): Promise<string>
  close(): Promise<void>
}

/** Minimal SQL access that the PGlite and PostgreSQL connections both provide. */
export interface SqlDriver {
  query<T extends object>(text: string, params?: unknown[]): Promise<T[]>
  /** Runs a script of several statements without parameters. */
  exec(script: string): Promise<void>
  transaction<T>(fn: (tx: SqlDriver) => Promise<T>): Promise<T>
  close(): Promise<void>
}
