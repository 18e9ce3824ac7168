import { RETRY_AFTER_SECONDS, type Fallback } from './rules'

// The same bodies and headers as nginx/nakanai.conf's @nakanai_* locations.
const API_BODY = '{"error":{"message":"This server is temporarily unavailable. Please try again later.","code":"SERVICE_UNAVAILABLE","id":"9c6ef1f8-31a4-4a5c-9a0f-5b5d2e4c8a61","kind":"server"}}\n'
const TEXT_BODY = '503 Service Unavailable: this server is temporarily down. Please try again later.\n'

/**
 * The down page address with `from=` and the original path and query appended raw, as
 * the last parameter (the down page takes everything after `from=`).
 */
export function downPageLocation(downPageUrl: string, url: URL): string {
  const separator = downPageUrl.includes('?') ? '&' : '?'
  return `${downPageUrl}${separator}from=${url.pathname}${url.search}`
}

/** The answer while the instance is down. `no-store` everywhere: no cache may keep it. */
export function fallbackResponse(fallback: Fallback, request: Request, url: URL, downPageUrl: string): Response {
  const body = (text: string) => request.method === 'HEAD' ? null : text
  switch (fallback) {
    case 'redirect':
      return new Response(null, { status: 302, headers: { 'Location': downPageLocation(downPageUrl, url), 'Cache-Control': 'no-store' } })
    case 'api-preflight': {
      const headers = new Headers({
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        'Access-Control-Max-Age': '10',
        'Cache-Control': 'no-store',
      })
      const requested = request.headers.get('Access-Control-Request-Headers')
      if (requested) headers.set('Access-Control-Allow-Headers', requested)
      return new Response(null, { status: 204, headers })
    }
    case 'api-unavailable':
      return new Response(body(API_BODY), { status: 503, headers: unavailableHeaders('application/json; charset=utf-8') })
    case 'unavailable':
      return new Response(body(TEXT_BODY), { status: 503, headers: unavailableHeaders('text/plain; charset=utf-8') })
  }
}

function unavailableHeaders(contentType: string): Headers {
  return new Headers({
    'Content-Type': contentType,
    'Retry-After': RETRY_AFTER_SECONDS,
    'Cache-Control': 'no-store',
    'Access-Control-Allow-Origin': '*',
  })
}
