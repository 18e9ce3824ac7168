import type { H3Event } from 'h3'
import { isIP } from 'node:net'

/**
 * The header to take the client address from: the configured one; on Vercel,
 * whose edge sets X-Forwarded-For itself (replacing what the client sent) and is
 * the only TCP peer we ever see, that one by default; otherwise none.
 */
export function trustedHeader(trustProxy: string, env: Record<string, string | undefined>): string {
  if (trustProxy) return trustProxy.toLowerCase()
  return env.VERCEL ? 'x-forwarded-for' : ''
}

/**
 * The visitor's address: the TCP peer, unless `trustProxy` names the header a
 * proxy in front of us sets. For X-Forwarded-For the rightmost entry is used, the
 * one our own proxy appended; entries further left are whatever the client sent.
 */
export function clientAddress(event: H3Event, trustProxy: string): string {
  const trusted = trustedHeader(trustProxy, process.env)
  if (trusted) {
    const header = getRequestHeader(event, trusted)
    const candidate = header?.split(',').at(-1)?.trim()
    if (candidate && isIP(candidate)) return candidate
  }
  return event.node.req.socket.remoteAddress ?? 'unknown'
}

/**
 * The part of an address that identifies one client for rate limiting: IPv4 as
 * is, IPv6 by its /64 (one household or server gets a whole /64 to rotate in).
 */
export function rateLimitKey(address: string): string {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (v4) return v4[1]!
  if (isIP(address) !== 6) return address
  const [head = '', tail = ''] = address.toLowerCase().split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left
  return `${groups.slice(0, 4).map(group => Number.parseInt(group || '0', 16).toString(16)).join(':')}::/64`
}
