import type { BrandingImageKind, LearnedBranding } from '../../store/types'
import { capMarks, cleanText } from '../../../shared/utils/message-input'

// The checks every instance API's answer goes through, whichever software sent it.

export const NAME_MAX = 128
export const DESCRIPTION_MAX = 1500
const URL_MAX = 2048

// undefined: absent; null: declared empty; false: the wrong type (the whole answer is refused).
export type Field<T> = T | null | undefined | false

export function text(value: unknown, max: number, multiline: boolean): Field<string> {
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') return false
  const cleaned = capMarks(cleanText(value, multiline))
  if (cleaned === '') return null
  // Longer than any real value: cut at a character boundary rather than refuse.
  return [...cleaned].slice(0, max).join('').trim()
}

export function color(value: unknown): Field<string> {
  if (value === undefined || value === null || value === '') return null
  if (typeof value !== 'string') return false
  const match = /^#([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(value.trim())
  if (!match) return null
  const hex = match[1]!.toLowerCase()
  return `#${hex.length === 3 ? [...hex].map(c => c + c).join('') : hex}`
}

// A picture URL nakanai will not fetch: not http(s) (file:, data:, javascript:) or not a URL at all.
export const REFUSED = 'refused'

export function pictureUrl(value: unknown, base: string): Field<string> | typeof REFUSED {
  if (value === undefined || value === null || value === '') return null
  if (typeof value !== 'string') return false
  if (value.length > URL_MAX || !URL.canParse(value, base)) return REFUSED
  const url = new URL(value, base)
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : REFUSED
}

export interface ParsedFace {
  /** What is stored; a refused picture URL is stored as none. */
  branding: LearnedBranding
  /** Pictures named by a refused URL: the ones stored before stay, as for any refused picture. */
  keep: BrandingImageKind[]
}

/** The pictures named by a refused URL (see ParsedFace.keep). */
export function keptPictures(urls: [BrandingImageKind, unknown][]): BrandingImageKind[] {
  return urls.filter(([, url]) => url === REFUSED).map(([kind]) => kind)
}
