import type { BrandingImageType } from '../../store/types'
import { fetchLimited } from '../../utils/fetch-limited'

export const IMAGE_MAX_BYTES = 512 * 1024
export const IMAGE_TIMEOUT_MS = 3000
// Named so that the admin can tell these reads apart in the instance's access log.
export const BRANDING_USER_AGENT = 'nakanai-branding'
// Redirects stay on the instance's host: an admin's nginx answers an outage with a 302
// to the down page, which must never become the instance's face.
const IMAGE_MAX_REDIRECTS = 2

const starts = (bytes: Uint8Array, prefix: number[], offset = 0) => prefix.every((byte, index) => bytes[offset + index] === byte)
const ascii = (text: string) => [...text].map(c => c.charCodeAt(0))

/**
 * The picture's real type from its first bytes, or null. Only raster types that
 * cannot carry script; SVG (and anything claiming to be an image but not starting
 * like one) is refused whatever its Content-Type says.
 */
export function sniffImageType(bytes: Uint8Array): BrandingImageType | null {
  if (starts(bytes, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return 'image/png'
  if (starts(bytes, [0xFF, 0xD8, 0xFF])) return 'image/jpeg'
  if (starts(bytes, ascii('GIF87a')) || starts(bytes, ascii('GIF89a'))) return 'image/gif'
  if (starts(bytes, ascii('RIFF')) && starts(bytes, ascii('WEBP'), 8)) return 'image/webp'
  return null
}

/**
 * Where to fetch a picture the instance named: on its own origin directly; anywhere
 * else (object storage, a CDN) through the instance's own media proxy (Misskey's), so
 * that this server only ever talks to the configured host, never to an address a
 * hostile answer chose. Null when it is elsewhere and the instance has no such proxy.
 */
export function imageSource(url: string, instanceRoot: string, mediaProxy = true): string | null {
  const root = new URL(instanceRoot)
  if (new URL(url).origin === root.origin) return url
  if (!mediaProxy) return null
  const proxied = new URL('/proxy/image.webp', root)
  proxied.searchParams.set('url', url)
  proxied.searchParams.set('static', '1')
  return proxied.href
}

/** The picture's bytes and type, or null when it is not a small PNG, JPEG, WebP or GIF. */
export async function fetchInstanceImage(url: string, instanceRoot: string, mediaProxy = true): Promise<{ contentType: BrandingImageType, bytes: Uint8Array } | null> {
  const source = imageSource(url, instanceRoot, mediaProxy)
  if (!source) return null
  const response = await fetchLimited(source, {
    headers: { 'user-agent': BRANDING_USER_AGENT, 'accept': 'image/png, image/jpeg, image/webp, image/gif' },
    maxBytes: IMAGE_MAX_BYTES,
    signal: AbortSignal.timeout(IMAGE_TIMEOUT_MS),
    maxRedirects: IMAGE_MAX_REDIRECTS,
  }).catch(() => null)
  if (!response || response.status !== 200 || response.bytes.byteLength === 0) return null
  const declared = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  const actual = sniffImageType(response.bytes)
  // Both must agree: the declared type is what browsers were told, the bytes what they get.
  if (!actual || (declared === 'image/jpg' ? 'image/jpeg' : declared) !== actual) return null
  return { contentType: actual, bytes: response.bytes }
}
