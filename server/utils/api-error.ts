import type { H3Event } from 'h3'
import type { ApiErrorBody } from '../../shared/types/message'

/** A refusal the client caused: answered as `{ error: { code, message } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export function sendApiError(event: H3Event, error: ApiError): ApiErrorBody {
  setResponseStatus(event, error.status)
  setResponseHeaders(event, { 'cache-control': 'no-store', ...error.headers })
  return { error: { code: error.code, message: error.message } }
}
