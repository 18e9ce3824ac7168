import type { LearnedBranding } from '../../store/types'
import { asObject, readInstanceJson } from '../read-json'
import { color, DESCRIPTION_MAX, keptPictures, NAME_MAX, pictureUrl, REFUSED, text, type Field, type ParsedFace } from './fields'
import { BRANDING_USER_AGENT } from './image'

// Mastodon's /api/v2/instance names its rules, languages and configuration: ~6 KB on
// mastodon.social; anything near this is not it.
const INSTANCE_MAX_BYTES = 256 * 1024
// The icon is shown 48 CSS pixels wide: 144 device pixels on a phone at 3x.
const ICON_PIXELS = 144

/** Where the thumbnail goes: Mastodon's and Akkoma's are wide banners; GoToSocial's is the instance's avatar. */
export type ThumbnailAs = 'banner' | 'icon'

/**
 * The square icon closest above ICON_PIXELS from Mastodon 4.3+'s `icon` list
 * (REST::InstanceSerializer#icon: one entry per SiteUpload::ANDROID_ICON_SIZES,
 * 36x36 to 512x512, the admin's app icon or Mastodon's own), else the largest.
 */
function pickIcon(value: unknown): unknown {
  if (!Array.isArray(value)) return undefined
  const squares = value.map(asObject).flatMap((entry) => {
    const size = typeof entry?.size === 'string' ? /^(\d+)x(\d+)$/.exec(entry.size) : null
    return size && size[1] === size[2] && typeof entry!.src === 'string' ? [{ src: entry!.src, side: Number(size[1]) }] : []
  }).sort((a, b) => a.side - b.side)
  return (squares.find(icon => icon.side >= ICON_PIXELS) ?? squares.at(-1))?.src
}

/**
 * Reads the face from a Mastodon-API instance document, v2 (`title`, `description`,
 * `thumbnail: {url}`, `icon: [{src, size}]`, mastodon/mastodon
 * app/serializers/rest/instance_serializer.rb) or v1 (`title`, `short_description`,
 * `thumbnail` as a URL string, as Akkoma's InstanceView and GoToSocial send it).
 * No theme colour: none of them has one, except where a fork adds `theme_color`.
 * Null when it is not that shape: a broken or hostile answer changes nothing.
 */
export function parseMastodonInstance(json: unknown, root: string, thumbnailAs: ThumbnailAs): ParsedFace | null {
  const instance = asObject(json)
  if (!instance) return null
  const v2 = asObject(instance.thumbnail)
  const thumbnail = pictureUrl(v2 ? v2.url : instance.thumbnail, root)
  const icon = pictureUrl(pickIcon(instance.icon), root)
  // The thumbnail stands for the icon only where the server has no icon list.
  const iconSource = thumbnailAs === 'icon' && icon === null ? thumbnail : icon
  const banner = thumbnailAs === 'banner' ? thumbnail : null
  // The plain one where a server sends both: v1's short_description, GoToSocial's description_text.
  const plain = [instance.short_description, instance.description_text].find(value => typeof value === 'string' && value.trim() !== '')
  const description = text(plain ?? instance.description, DESCRIPTION_MAX, true)
  const fields: Record<keyof LearnedBranding, Field<string> | typeof REFUSED> = {
    name: text(instance.title, NAME_MAX, false),
    // Mastodon 4.x sends it as plain text; GoToSocial's description "should be HTML formatted, but might be
    // plaintext" (internal/api/model/instancev2.go): tags are dropped, the rest shown as text.
    description: typeof description === 'string' ? description.replace(/<[^>]*>/g, '').trim() || null : description,
    themeColor: color(instance.theme_color),
    iconUrl: iconSource === REFUSED ? null : iconSource,
    serverErrorImageUrl: null,
    bannerUrl: banner === REFUSED ? null : banner,
  }
  if (Object.values(fields).includes(false)) return null
  // Something without a title or a domain is not an instance document.
  if (fields.name == null && typeof instance.domain !== 'string' && typeof instance.uri !== 'string') return null
  return { branding: fields as LearnedBranding, keep: keptPictures([['icon', iconSource], ['banner', banner]]) }
}

/**
 * `GET /api/v2/instance` (Mastodon 4.0+, GoToSocial, recent Akkoma), and where that
 * is not answered as JSON, `GET /api/v1/instance` (every Mastodon-API server). Null on any failure.
 */
export async function fetchMastodonInstance(root: string, signal: AbortSignal, thumbnailAs: ThumbnailAs): Promise<ParsedFace | null> {
  for (const path of ['/api/v2/instance', '/api/v1/instance']) {
    const answer = await readInstanceJson(new URL(path, root), { userAgent: BRANDING_USER_AGENT, maxBytes: INSTANCE_MAX_BYTES, signal }).catch(() => null)
    if (answer?.status === 200 && answer.json !== undefined) return parseMastodonInstance(answer.json, root, thumbnailAs)
    if (signal.aborted) return null
  }
  return null
}
