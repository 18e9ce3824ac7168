import type { EventHandlerRequest, H3Event } from 'h3'
import { StoreLimitError } from '../store/errors'
import { ApiError, sendApiError } from './api-error'
import { logFailure } from './log-failure'

const LIMIT_ANSWERS: Record<StoreLimitError['code'], { status: number, message: string }> = {
  rate_limited: { status: 429, message: 'Too many messages from you; wait a little.' },
  busy: { status: 429, message: 'The chat is very busy; try again in a few seconds.' },
  duplicate: { status: 422, message: 'You just sent the same message.' },
  invalid: { status: 422, message: 'The message is empty or too long.' },
  banned: { status: 403, message: 'A moderator has paused your messages for a while.' },
}

// For an h3 error (createError, or one h3 throws itself) that carries no code of ours.
const CODES_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'invalid_input',
  429: 'rate_limited',
}

/** Maps an error to the refusal a client gets; null when it is a server fault. */
function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error
  if (error instanceof StoreLimitError) {
    const { status, message } = LIMIT_ANSWERS[error.code]
    const headers: Record<string, string> = status === 429 ? { 'retry-after': String(error.retryAfterSeconds ?? 5) } : {}
    return new ApiError(status, error.code, message, headers)
  }
  if (isError(error) && error.statusCode >= 400 && error.statusCode < 500) {
    const code = (error.data as { code?: unknown } | undefined)?.code
    return new ApiError(error.statusCode, typeof code === 'string' ? code : CODES_BY_STATUS[error.statusCode] ?? 'bad_request', error.statusMessage || error.message)
  }
  return null
}

/**
 * The one place that turns an error into an answer, for JSON and form posts alike:
 * a refusal the client caused as it is, anything else as the store's fault (the only
 * thing a handler depends on), logged and answered 503 so clients retry.
 */
export function answerFor(error: unknown): ApiError {
  const refusal = toApiError(error)
  if (refusal) return refusal
  logFailure('request failed', error)
  return new ApiError(503, 'store_unavailable', 'The chat is unavailable right now; it will come back.', { 'retry-after': '5' })
}

/** An API handler whose refusals and failures all take the same shape. */
export function defineApiHandler<T>(handler: (event: H3Event<EventHandlerRequest>) => Promise<T>) {
  return defineEventHandler(async (event) => {
    try {
      return await handler(event)
    }
    catch (error) {
      return sendApiError(event, answerFor(error))
    }
  })
}
