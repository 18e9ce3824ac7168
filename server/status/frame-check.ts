/**
 * Whether a browser will show a page in a frame on `pageOrigin`, from the page's
 * response headers, the way browsers decide it: a CSP `frame-ancestors` directive
 * (in an enforced policy) wins and X-Frame-Options is then ignored; otherwise DENY
 * and SAMEORIGIN refuse, while ALLOW-FROM and other values are ignored by current
 * browsers (Chromium, Firefox) and the frame shows. Conflicting XFO values are
 * treated as DENY, as Chromium does. `pageOrigin` is where nakanai is served, when
 * known; without it, only a frame-ancestors `*` or a scheme source allows a frame.
 */
export function framingAllowed(headers: Headers, statusOrigin: string, pageOrigin?: string): boolean {
  const policies = (headers.get('content-security-policy') ?? '').split(',')
  const ancestors = policies
    .map(policy => policy.split(';').map(directive => directive.trim().split(/\s+/)).find(([name]) => name?.toLowerCase() === 'frame-ancestors'))
    .filter((directive): directive is string[] => directive !== undefined)
  if (ancestors.length > 0) return ancestors.every(([, ...sources]) => sourcesAllow(sources, statusOrigin, pageOrigin))

  const values = new Set((headers.get('x-frame-options') ?? '').split(',').map(value => value.trim().toLowerCase()).filter(Boolean))
  if (values.size === 0) return true
  if (values.size > 1 || values.has('deny')) return false
  if (values.has('sameorigin')) return pageOrigin !== undefined && pageOrigin === statusOrigin
  return true
}

function sourcesAllow(sources: string[], statusOrigin: string, pageOrigin?: string): boolean {
  const page = pageOrigin ? new URL(pageOrigin) : undefined
  return sources.some((raw) => {
    const source = raw.toLowerCase()
    if (source === `'none'`) return false
    if (source === '*') return true
    if (source === `'self'`) return page?.origin === statusOrigin
    if (/^[a-z][a-z0-9+.-]*:$/.test(source)) return page ? page.protocol === source : source === 'https:' || source === 'http:'
    if (!page) return false
    return hostSourceMatches(source, page)
  })
}

/** A CSP host source (https://down.example, *.example, down.example:8443) against an origin. */
function hostSourceMatches(source: string, page: URL): boolean {
  const match = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*\.)?([^/:]+)(?::(\d+|\*))?(?:\/.*)?$/.exec(source)
  if (!match) return false
  const [, scheme, wildcard, host, port] = match
  if (scheme && `${scheme}:` !== page.protocol) return false
  if (!scheme && page.protocol !== 'https:' && page.protocol !== 'http:') return false
  const hostOk = wildcard ? page.hostname.endsWith(`.${host}`) : page.hostname === host
  const defaultPort = page.protocol === 'https:' ? '443' : '80'
  const portOk = port === '*' || (port ?? defaultPort) === (page.port || defaultPort)
  return hostOk && portOk
}
