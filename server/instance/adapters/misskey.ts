import { fetchLimited } from '../../utils/fetch-limited'
import { fetchInstanceMeta } from '../branding/misskey-meta'
import { readInstanceJson } from '../read-json'
import { PROBE_USER_AGENT, SMALL_ANSWER_BYTES, type InstanceAdapter } from './types'

/**
 * Misskey and its forks: `GET /healthz` (Misskey 2024 and later: 200 healthy, 503
 * when its database or Redis fails; HealthServerService), and when that route does
 * not exist (404), `POST /api/ping` (every version; 200 `{"pong": <ms>}` means the
 * Node process answers). The face is `POST /api/meta`.
 */
export const misskey: InstanceAdapter = {
  kind: 'misskey',
  async isUp(root, signal) {
    // Only the status counts: the body is not read at all.
    const health = await fetchLimited(new URL('/healthz', root), { headers: { 'user-agent': PROBE_USER_AGENT }, maxBytes: 0, signal })
    if (health.status !== 404) return health.status === 200
    // Misskey answers {"pong":1733310000000} (22 bytes); anything near the cap is not it.
    const ping = await readInstanceJson(new URL('/api/ping', root), { method: 'POST', body: '{}', userAgent: PROBE_USER_AGENT, maxBytes: SMALL_ANSWER_BYTES, signal })
    return ping.status === 200 && typeof (ping.json as { pong?: unknown } | null)?.pong === 'number'
  },
  face: root => fetchInstanceMeta(root),
  mediaProxy: true,
}
