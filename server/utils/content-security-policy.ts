import { createHash } from 'node:crypto'

const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi

/** sha256 sources for the inline scripts of a page (Nuxt's config script); JSON data blocks never run. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>()
  for (const [, attributes = '', content = ''] of html.matchAll(INLINE_SCRIPT)) {
    if (/\bsrc\s*=/i.test(attributes) || /\btype\s*=\s*["']?application\/json/i.test(attributes)) continue
    hashes.add(`'sha256-${createHash('sha256').update(content).digest('base64')}'`)
  }
  return [...hashes]
}

function originOf(url: string): string | null {
  try {
    const { protocol, origin } = new URL(url)
    return protocol === 'https:' || protocol === 'http:' ? origin : null
  }
  catch {
    return null
  }
}

/**
 * The page's policy: scripts from this origin plus the exact inline scripts it
 * carries, frames only from the status page, never framed itself.
 */
export function contentSecurityPolicy(html: string, statusPageUrl: string): string {
  const statusOrigin = originOf(statusPageUrl)
  return [
    `default-src 'self'`,
    `script-src 'self' ${inlineScriptHashes(html).join(' ')}`.trim(),
    // Nuxt inlines the page's CSS; style injection cannot run script.
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data:`,
    `connect-src 'self'`,
    `frame-src ${statusOrigin ?? `'none'`}`,
    `frame-ancestors 'none'`,
    `form-action 'self'`,
    `base-uri 'none'`,
    `object-src 'none'`,
  ].join('; ')
}
