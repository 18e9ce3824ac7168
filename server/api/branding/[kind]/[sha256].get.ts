import type { BrandingImageKind } from '../../../store/types'
import { brandingImage } from '../../../instance/branding'

const KINDS: Record<string, BrandingImageKind> = { 'icon': 'icon', 'server-error': 'server_error', 'banner': 'banner' }

// The instance's icon, "server error" picture and banner, as stored when it was up, served
// from nakanai's own origin (CSP img-src 'self'). The URL names the content's hash,
// so it can be cached for good; an old hash is a 404.
export default defineApiHandler(async (event) => {
  const kind = KINDS[getRouterParam(event, 'kind') ?? '']
  const sha256 = getRouterParam(event, 'sha256') ?? ''
  const image = kind && /^[0-9a-f]{64}$/.test(sha256) ? await brandingImage(kind, sha256) : null
  if (!image) throw new ApiError(404, 'not_found', 'There is no such picture.')
  setResponseHeaders(event, {
    'content-type': image.contentType,
    'content-length': image.bytes.byteLength,
    'cache-control': 'public, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
    // Opened on its own, the picture still may not run or load anything.
    'content-security-policy': `default-src 'none'; img-src 'self'; style-src 'unsafe-inline'`,
  })
  return Buffer.from(image.bytes)
})
