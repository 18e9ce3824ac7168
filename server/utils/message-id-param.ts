import type { H3Event } from 'h3'
import { ApiError } from './api-error'

/** The numeric id of the route (a message's, a notice's, a ban's), or a 400. */
export function idParam(event: H3Event, what: 'Message' | 'Notice' | 'Ban'): number {
  const raw = getRouterParam(event, 'id') ?? ''
  const id = /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isSafeInteger(id)) throw new ApiError(400, 'invalid_id', `${what} ids are positive integers.`)
  return id
}

export const messageIdParam = (event: H3Event): number => idParam(event, 'Message')
