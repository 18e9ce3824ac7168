import type { H3Event } from 'h3'
import { ApiError } from './api-error'

/** The numeric message id of the route, or a 400. */
export function messageIdParam(event: H3Event): number {
  const raw = getRouterParam(event, 'id') ?? ''
  const id = /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isSafeInteger(id)) throw new ApiError(400, 'invalid_id', 'Message ids are positive integers.')
  return id
}
