/**
 * Where a visitor may be sent back to. Only the configured instance's own origin is
 * ever a target; anything else (other hosts, scripts, protocol-relative or
 * backslash tricks, credentials) falls back to the instance root, so the down page
 * can never be used as an open redirect.
 */

const MAX_FROM_LENGTH = 4096
const UNSAFE_CHARACTERS = /[\p{Cc}\\]/u

/** The instance's root URL (`https://host/`), or null when none is configured. */
export function instanceRoot(instanceUrl: string | undefined | null): string | null {
  const url = parseHttpUrl(instanceUrl)
  return url ? `${url.origin}/` : null
}

/**
 * Reads `from` out of a raw query string. nginx has no URL encoder, so the snippet
 * appends the original `$request_uri` unencoded as the last parameter: everything
 * after `from=` belongs to it, `&`, `?` and `%` included. An encoded value (as a
 * hand-made link would carry) is decoded once.
 */
export function readFromParam(search: string): string | null {
  const query = search.startsWith('?') ? search.slice(1) : search
  const match = /(?:^|&)from=/.exec(query)
  if (!match) return null
  const raw = query.slice(match.index + match[0].length)
  if (!/^(?:https?%3A|%2F)/i.test(raw)) return raw
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '))
  }
  catch {
    return null
  }
}

/**
 * The URL to send the visitor back to: `from` when it points into the instance,
 * else the instance root; null only when no instance URL is configured.
 */
export function safeReturnUrl(from: string | null | undefined, instanceUrl: string | undefined | null): string | null {
  const instance = parseHttpUrl(instanceUrl)
  if (!instance) return null
  const root = `${instance.origin}/`
  if (!from || from.length > MAX_FROM_LENGTH || UNSAFE_CHARACTERS.test(from) || from.trim() !== from) return root

  const isPath = from.startsWith('/') && !from.startsWith('//')
  let target: URL
  try {
    target = new URL(isPath ? `${instance.origin}${from}` : from)
  }
  catch {
    return root
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return root
  if (target.username || target.password) return root
  if (target.host !== instance.host) return root
  // A TLS-terminating proxy may report http://; always send visitors back over the
  // instance's own scheme.
  return `${instance.origin}${target.pathname}${target.search}`
}

function parseHttpUrl(value: string | undefined | null): URL | null {
  if (!value) return null
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null
  }
  catch {
    return null
  }
}
