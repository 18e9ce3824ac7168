import type { LearnedBranding } from '../../store/types'
import { color, DESCRIPTION_MAX, keptPictures, NAME_MAX, pictureUrl, REFUSED, text, type ParsedFace } from './fields'
import { readInstanceJson } from '../read-json'
import { BRANDING_USER_AGENT } from './image'

export const META_TIMEOUT_MS = 3000
// Misskey's /api/meta without detail is a few kilobytes; anything near this is not it.
const META_MAX_BYTES = 256 * 1024

/**
 * Reads what the page may show from a `/api/meta` answer. Null when it is not
 * Misskey's shape (not an object, a field of the wrong type): a broken or hostile
 * answer then changes nothing. Text is cleaned as chat text is, and always shown as text.
 */
export function parseMeta(json: unknown, instanceRoot: string): ParsedFace | null {
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
  const keep = keptPictures([['icon', icon], ['server_error', serverError]])
  return { branding: fields as LearnedBranding, keep }
}

/** `POST {instance}/api/meta {"detail":false}` (Misskey's /api/meta takes POST only); null on any failure. */
export async function fetchInstanceMeta(instanceRoot: string): Promise<ParsedFace | null> {
  const answer = await readInstanceJson(new URL('/api/meta', instanceRoot), {
    method: 'POST',
    body: '{"detail":false}',
    userAgent: BRANDING_USER_AGENT,
    maxBytes: META_MAX_BYTES,
    signal: AbortSignal.timeout(META_TIMEOUT_MS),
  }).catch(() => null)
  return answer?.status === 200 && answer.json !== undefined ? parseMeta(answer.json, instanceRoot) : null
}
