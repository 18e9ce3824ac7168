import type { H3Event } from 'h3'
import { ApiError } from './api-error'
import { readLimitedText } from './request-body'

/**
 * The JSON object of an admin's request (written by scripts and the admin view, never
 * by forms), at most `bytesMax` bytes; `notObject` is the refusal for other JSON.
 */
export async function readJsonObject(event: H3Event, bytesMax: number, notObject: () => ApiError): Promise<Record<string, unknown>> {
  const type = (getRequestHeader(event, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'application/json') throw new ApiError(415, 'unsupported_media_type', 'Send application/json.')
  let json: unknown
  try {
    json = JSON.parse(await readLimitedText(event, bytesMax))
  }
  catch (error) {
    if (error instanceof ApiError) throw error
    throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON.')
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw notObject()
  return json as Record<string, unknown>
}
