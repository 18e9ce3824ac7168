import { fetchLimited } from '../utils/fetch-limited'

export interface InstanceJsonOptions {
  method?: 'GET' | 'POST'
  body?: string
  /** Named so that the admin can tell nakanai's reads apart in the instance's access log. */
  userAgent: string
  maxBytes: number
  signal: AbortSignal
}

/** What one read of the instance's JSON got: its status, and the parsed body when it was JSON. */
export interface InstanceJson {
  status: number
  /** undefined when the body was not JSON (an HTML error page, nothing at all). */
  json: unknown
}

/**
 * One request to the instance for a JSON answer, with fetchLimited's rules (the
 * caller's deadline, a byte cap, no redirect followed: an admin's front answers an
 * outage with a 302 to the down page). Rejects only when nothing was read (refused,
 * timeout, too large); a status and a body that is not JSON resolve.
 */
export async function readInstanceJson(url: URL, { method = 'GET', body, userAgent, maxBytes, signal }: InstanceJsonOptions): Promise<InstanceJson> {
  const headers: Record<string, string> = { 'user-agent': userAgent, 'accept': 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetchLimited(url, { method, body, headers, maxBytes, signal })
  // application/json, and NodeInfo's own profile type (application/json; profile="…").
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(response.headers.get('content-type') ?? '')) return { status: response.status, json: undefined }
  try {
    return { status: response.status, json: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(response.bytes)) }
  }
  catch {
    return { status: response.status, json: undefined }
  }
}

/** The value when it is a plain object (not null, not an array), else null. */
export const asObject = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : null
