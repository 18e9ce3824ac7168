import type { BrandingImageKind, LearnedBranding } from '../../store/types'
import { capMarks, cleanText } from '../../../shared/utils/message-input'
import { fetchLimited } from '../../utils/fetch-limited'
import { BRANDING_USER_AGENT } from './image'

export const META_TIMEOUT_MS = 3000
// Misskey's /api/meta without detail is a few kilobytes; anything near this is not it.
const META_MAX_BYTES = 256 * 1024
const NAME_MAX = 128
const DESCRIPTION_MAX = 1500
const URL_MAX = 2048

// undefined: absent; null: declared empty; false: the wrong type (the whole answer is refused).
type Field<T> = T | null | undefined | false

function text(value: unknown, max: number, multiline: boolean): Field<string> {
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') return false
  const cleaned = capMarks(cleanText(value, multiline))
  if (cleaned === '') return null
  // Longer than any real value: cut at a character boundary rather than refuse.
  return [...cleaned].slice(0, max).join('').trim()
}

function color(value: unknown): Field<string> {
  if (value === undefined || value === null || value === '') return null
  if (typeof value !== 'string') return false
  const match = /^#([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(value.trim())
  if (!match) return null
  const hex = match[1]!.toLowerCase()
  return `#${hex.length === 3 ? [...hex].map(c => c + c).join('') : hex}`
}

// A picture URL nakanai will not fetch: not http(s) (file:, data:, javascript:) or not a URL at all.
const REFUSED = 'refused'

function pictureUrl(value: unknown, base: string): Field<string> | typeof REFUSED {
  if (value === undefined || value === null || value === '') return null
  if (typeof value !== 'string') return false
  if (value.length > URL_MAX || !URL.canParse(value, base)) return REFUSED
  const url = new URL(value, base)
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : REFUSED
}

export interface ParsedMeta {
  /** What is stored; a refused picture URL is stored as none. */
  branding: LearnedBranding
  /** Pictures named by a refused URL: the ones stored before stay, as for any refused picture. */
  keep: BrandingImageKind[]
}

/**
 * Reads what the page may show from a `/api/meta` answer. Null when it is not
 * Misskey's shape (not an object, a field of the wrong type): a broken or hostile
 * answer then changes nothing. Text is cleaned as chat text is, and always shown as text.
 */
export function parseMeta(json: unknown, instanceRoot: string): ParsedMeta | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null
  const meta = json as Record<string, unknown>
  const icon = pictureUrl(meta.iconUrl, instanceRoot)
  const serverError = pictureUrl(meta.serverErrorImageUrl, instanceRoot)
  const fields = {
    name: text(meta.name, NAME_MAX, false),
    description: text(meta.description, DESCRIPTION_MAX, true),
    themeColor: color(meta.themeColor),
    iconUrl: icon === REFUSED ? null : icon,
    serverErrorImageUrl: serverError === REFUSED ? null : serverError,
  }
  if (Object.values(fields).includes(false)) return null
  // Something that says nothing Misskey would say is not a Misskey meta answer.
  if (typeof meta.version !== 'string' && typeof meta.uri !== 'string' && fields.name == null) return null
  const keep = ([['icon', icon], ['server_error', serverError]] as const).filter(([, url]) => url === REFUSED).map(([kind]) => kind)
  return { branding: fields as LearnedBranding, keep }
}

/** `POST {instance}/api/meta {"detail":false}` (Misskey's /api/meta takes POST only); null on any failure. */
export async function fetchInstanceMeta(instanceRoot: string): Promise<ParsedMeta | null> {
  const response = await fetchLimited(new URL('/api/meta', instanceRoot), {
    method: 'POST',
    body: '{"detail":false}',
    headers: { 'user-agent': BRANDING_USER_AGENT, 'content-type': 'application/json', 'accept': 'application/json' },
    maxBytes: META_MAX_BYTES,
    signal: AbortSignal.timeout(META_TIMEOUT_MS),
  }).catch(() => null)
  if (!response || response.status !== 200 || !/^application\/json\b/i.test(response.headers.get('content-type') ?? '')) return null
  try {
    return parseMeta(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(response.bytes)), instanceRoot)
  }
  catch {
    return null
  }
}
