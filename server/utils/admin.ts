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
  const header = getRequestHeader(event, 'authorization') ?? ''
  const presented = /^Bearer (.+)$/i.exec(header)?.[1] ?? ''
  if (!secretMatches(presented, adminToken)) {
    throw new ApiError(401, 'unauthorized', 'A valid admin token is needed (Authorization: Bearer <token>).', { 'www-authenticate': 'Bearer' })
  }
}
