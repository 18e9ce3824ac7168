/**
 * The request table every nakanai front follows (nginx/nakanai-http.conf holds the same
 * rules as nginx maps; tests/fronts/scenarios.ts runs them against each front).
 */

/** What to answer a request with while the instance is down. */
export type Fallback = 'redirect' | 'api-unavailable' | 'api-preflight' | 'unavailable'

export const RETRY_AFTER_SECONDS = '30'

// /api/ (Mastodon's /api/v1/streaming, WebSocket or server-sent events, included), and
// the OAuth endpoints clients POST to (/oauth/authorize is a page a person signs in on).
const API_PATH = /^\/(api(\/|$)|oauth\/(token|revoke)\/?$)/
// Where the instance's own 500 is an answer, not an outage: its API's JSON errors.
const OWN_ERRORS_PATH = /^\/api(\/|$)/
// Machines (federation peers, the streaming socket, monitors) must never be redirected:
// a peer that gets a 3xx or 4xx from an inbox may stop delivering, and a monitor that
// follows a redirect to a healthy page would report the instance as up.
const MACHINE_PATHS = [
  /^\/streaming(\/|$)/,
  /^\/inbox\/?$/,
  /^\/users\/[^/]+\/inbox\/?$/,
  /^\/\.well-known\//,
  /^\/nodeinfo(\/|$)/,
  // Misskey's /healthz, Mastodon's /health, GoToSocial's /livez and /readyz.
  /^\/(healthz|health|livez|readyz)(\/|$)/,
]
// ActivityPub wins over HTML: `Accept: application/activity+json, text/html;q=0.1` is a
// federation fetch.
const ACTIVITY_PUB = /application\/(activity|ld)\+json/i
const HTML = /text\/html/i

/** The decoded path, so that `/users/x/%69nbox` is still the inbox (nginx's `$uri`). */
function decodedPath(url: URL): string {
  try {
    return decodeURIComponent(url.pathname)
  }
  catch {
    return url.pathname
  }
}

export function isApiPath(url: URL): boolean {
  return API_PATH.test(decodedPath(url))
}

/** A page opened in a browser: GET/HEAD asking for HTML, not ActivityPub, not a WebSocket handshake. */
export function isPageRequest(request: Request, url: URL): boolean {
  const path = decodedPath(url)
  if (API_PATH.test(path) || MACHINE_PATHS.some(machine => machine.test(path))) return false
  if (request.method !== 'GET' && request.method !== 'HEAD') return false
  if (request.headers.get('Upgrade')) return false
  const accept = request.headers.get('Accept') ?? ''
  return !ACTIVITY_PUB.test(accept) && !ACTIVITY_PUB.test(request.headers.get('Content-Type') ?? '') && HTML.test(accept)
}

export function fallbackFor(request: Request, url: URL): Fallback {
  if (isPageRequest(request, url)) return 'redirect'
  if (isApiPath(url)) return request.method === 'OPTIONS' ? 'api-preflight' : 'api-unavailable'
  return 'unavailable'
}

/**
 * Whether an origin answer means "the instance is down". Misskey's API reports its own
 * failures as 500 with a JSON body that clients show (Mastodon's and GoToSocial's a JSON
 * error too), so a 500 on /api/ passes through; on /oauth/token it means down, as behind
 * nginx and Caddy, whose API location is /api/ alone.
 * 520–527 and 530 are Cloudflare's own answers for an origin it could not reach
 * (refused, timed out, TLS failure, Tunnel gone).
 */
export function isDownStatus(status: number, url: URL): boolean {
  if ((status >= 520 && status <= 527) || status === 530) return true
  if (status === 502 || status === 503 || status === 504) return true
  return status === 500 && !OWN_ERRORS_PATH.test(decodedPath(url))
}
