import type { EventHandlerRequest, H3Event } from 'h3'
import { StoreLimitError } from '../store/errors'
import { ApiError, sendApiError } from './api-error'

const LIMIT_ANSWERS: Record<StoreLimitError['code'], { status: number, message: string }> = {
  rate_limited: { status: 429, message: 'Too many messages from you; wait a little.' },
  busy: { status: 429, message: 'The chat is very busy; try again in a few seconds.' },
  duplicate: { status: 422, message: 'You just sent the same message.' },
  invalid: { status: 422, message: 'The message is empty or too long.' },
  banned: { status: 403, message: 'A moderator has paused your messages for a while.' },
}

/** Maps an error to the answer a client gets; null when it is a server fault. */
export function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error
  if (error instanceof StoreLimitError) {
    const { status, message } = LIMIT_ANSWERS[error.code]
    const headers: Record<string, string> = status === 429 ? { 'retry-after': String(error.retryAfterSeconds ?? 5) } : {}
    return new ApiError(status, error.code, message, headers)
  }
  return null
}

/**
 * An API handler whose refusals all take the same shape. Anything else that fails
 * is the store's fault (the only thing a handler depends on), answered 503 so
 * clients retry instead of giving up.
 */
export function defineApiHandler<T>(handler: (event: H3Event<EventHandlerRequest>) => Promise<T>) {
  return defineEventHandler(async (event) => {
    try {
      return await handler(event)
    }
    catch (error) {
      const refusal = toApiError(error)
      if (refusal) return sendApiError(event, refusal)
      console.error('[nakanai] store failure:', error)
      return sendApiError(event, new ApiError(503, 'store_unavailable', 'The chat is unavailable right now; it will come back.', { 'retry-after': '5' }))
    }
  })
}
