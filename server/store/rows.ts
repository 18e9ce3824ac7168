import type { Notice } from '../../shared/types/notice'
import type { BrandingImage, BrandingImageType, StoredBranding, StoredImageRef } from './types'

// The row shapes of the notice and branding functions in supabase/migrations, as every
// connection returns them (timestamps as Date from PGlite/postgres.js, text from PostgREST).

type Timestamp = Date | string

export interface NoticeRow {
  id: number | string | bigint
  body: string
  expected_back_at: Timestamp | null
  created_at: Timestamp
  updated_at: Timestamp
  /** Missing from post_notice's row, which predates it: the new notice is open. */
  resolved_at?: Timestamp | null
}

export interface BrandingRow {
  name: string | null
  description: string | null
  theme_color: string | null
  learned_at: Timestamp
  icon_type: string | null
  icon_sha256: string | null
  server_error_type: string | null
  server_error_sha256: string | null
  banner_type: string | null
  banner_sha256: string | null
  software_name: string | null
  software_version: string | null
  node_name: string | null
}

export interface ImageRow {
  content_type: string
  data: string
  sha256: string
}

export const iso = (value: Timestamp) => new Date(value).toISOString()

export function toNotice(row: NoticeRow): Notice {
  return {
    id: Number(row.id),
    body: row.body,
    expectedBackAt: row.expected_back_at === null ? null : iso(row.expected_back_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    resolvedAt: row.resolved_at ? iso(row.resolved_at) : null,
  }
}

const imageRef = (type: string | null, sha256: string | null): StoredImageRef | null =>
  type && sha256 ? { contentType: type as BrandingImageType, sha256 } : null

export function toStoredBranding(row: BrandingRow): StoredBranding {
  return {
    name: row.name,
    description: row.description,
    themeColor: row.theme_color,
    learnedAt: iso(row.learned_at),
    icon: imageRef(row.icon_type, row.icon_sha256),
    serverError: imageRef(row.server_error_type, row.server_error_sha256),
    banner: imageRef(row.banner_type, row.banner_sha256),
    software: row.software_name ? { name: row.software_name, version: row.software_version, nodeName: row.node_name } : null,
  }
}

export function toBrandingImage(row: ImageRow): BrandingImage {
  return { contentType: row.content_type as BrandingImageType, sha256: row.sha256, bytes: new Uint8Array(Buffer.from(row.data, 'base64')) }
}

export const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
