import { asObject, readInstanceJson } from '../read-json'
import { PROBE_USER_AGENT } from './types'

// /api/v1/instance is a few kilobytes (rules, configuration); anything near this is not it.
const INSTANCE_MAX_BYTES = 256 * 1024

/**
 * Whether `GET /api/v1/instance` answers as a Mastodon-API server does when it is
 * well: 200 with a JSON object naming its `uri` or `domain`. Unlike a health route it
 * goes through the application (Mastodon: Rails and its cache; Akkoma: Phoenix and the
 * instance config), so a process that answers but cannot work is not "up".
 */
export async function answersInstanceDocument(root: string, signal: AbortSignal): Promise<boolean> {
  const answer = await readInstanceJson(new URL('/api/v1/instance', root), { userAgent: PROBE_USER_AGENT, maxBytes: INSTANCE_MAX_BYTES, signal })
  const document = asObject(answer.json)
  return answer.status === 200 && (typeof document?.uri === 'string' || typeof document?.domain === 'string')
}
