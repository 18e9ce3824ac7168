import type { H3Event } from 'h3'
import { POLL_CACHE_CONTROL } from '../../shared/utils/cache-control'
import { etagMatches } from './etag'

/** Answers a polled read that is shared by every visitor: its ETag, a 304 when the client has it. */
export function sendCachedJson(event: H3Event, { json, etag }: { json: string, etag: string }): string {
  setResponseHeaders(event, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': POLL_CACHE_CONTROL,
    'etag': etag,
  })
  if (etagMatches(getRequestHeader(event, 'if-none-match'), etag)) {
    setResponseStatus(event, 304)
    return ''
  }
  return json
}
