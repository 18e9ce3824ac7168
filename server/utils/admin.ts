import type { H3Event } from 'h3'
import { ApiError } from './api-error'
import { secretMatches } from './secrets'

/**
 * NUXT_ADMIN_TOKEN exactly as written, through the one reader of secrets: read from
 * the runtime config, an all-digit token of 15 digits became a number, and every
 * admin-badged post failed (ERR_INVALID_ARG_TYPE, answered 503).
 */
const adminToken = () => configText('adminToken')

/**
 * Admin routes exist only when NUXT_ADMIN_TOKEN is set (404 otherwise, saying which
 * variable enables them, a code the ?admin page shows) and need `Authorization: Bearer <token>` (401 otherwise),
 * compared in constant time.
 */
export function requireAdmin(event: H3Event): void {
  const token = adminToken()
  if (!token) throw new ApiError(404, 'admin_disabled', 'Admin is not enabled on this server: set NUXT_ADMIN_TOKEN and restart it.')
  if (!presentsToken(event, token)) throw unauthorized()
}

/**
 * For a route open to everyone that does more for the admin (a chat message with
 * the badge): true only with the valid token. Without an Authorization header it is
 * a visitor; a wrong token is refused (401) so an admin with a stale token notices,
 * instead of posting without the badge. Without NUXT_ADMIN_TOKEN nobody is admin.
 */
export function isAdminRequest(event: H3Event): boolean {
  const token = adminToken()
  if (!token || getRequestHeader(event, 'authorization') === undefined) return false
  if (!presentsToken(event, token)) throw unauthorized()
  return true
}

function presentsToken(event: H3Event, token: string): boolean {
  const header = getRequestHeader(event, 'authorization') ?? ''
  const presented = /^Bearer (.+)$/i.exec(header)?.[1] ?? ''
  return secretMatches(presented, token)
}

const unauthorized = () => new ApiError(401, 'unauthorized', 'A valid admin token is needed (Authorization: Bearer <token>).', { 'www-authenticate': 'Bearer' })
