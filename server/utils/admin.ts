import type { H3Event } from 'h3'
import { ApiError } from './api-error'
import { secretMatches } from './secrets'

/**
 * Admin routes exist only when NUXT_ADMIN_TOKEN is set (404 otherwise) and need
 * `Authorization: Bearer <token>` (401 otherwise), compared in constant time.
 */
export function requireAdmin(event: H3Event): void {
  const adminToken = configText('adminToken')
  if (!adminToken) throw new ApiError(404, 'not_found', 'There is no such API route.')
  if (!presentsToken(event, adminToken)) throw unauthorized()
}

/**
 * For a route open to everyone that does more for the admin (a chat message with
 * the badge): true only with the valid token. Without an Authorization header it is
 * a visitor; a wrong token is refused (401) so an admin with a stale token notices,
 * instead of posting without the badge. Without NUXT_ADMIN_TOKEN nobody is admin.
 */
export function isAdminRequest(event: H3Event): boolean {
  const { adminToken } = useRuntimeConfig()
  if (!adminToken || getRequestHeader(event, 'authorization') === undefined) return false
  if (!presentsToken(event, adminToken)) throw unauthorized()
  return true
}

function presentsToken(event: H3Event, adminToken: string): boolean {
  const header = getRequestHeader(event, 'authorization') ?? ''
  const presented = /^Bearer (.+)$/i.exec(header)?.[1] ?? ''
  return secretMatches(presented, adminToken)
}

const unauthorized = () => new ApiError(401, 'unauthorized', 'A valid admin token is needed (Authorization: Bearer <token>).', { 'www-authenticate': 'Bearer' })
