import { fetchMastodonInstance } from '../branding/mastodon-instance'
import { asObject, readInstanceJson } from '../read-json'
import { answersInstanceDocument } from './instance-document'
import { PROBE_USER_AGENT, SMALL_ANSWER_BYTES, type InstanceAdapter } from './types'

/**
 * Akkoma and Pleroma: `GET /api/v1/pleroma/healthcheck` (`/api/pleroma/healthcheck`
 * before the v1 prefix: 404 here) answers 200 `{"healthy": true, …}`, or 503
 * `{"healthy": false, …}` when its database check fails. But the check is off unless
 * the admin sets `config :pleroma, :instance, healthcheck: true`, and then it answers
 * 503 `{}` however well the server is (UtilController.healthcheck,
 * lib/pleroma/web/twitter_api/controllers/util_controller.ex): that is no answer, never
 * "down". Without a clear answer, /api/v1/instance decides. Its face is that document;
 * the thumbnail (instance_thumbnail) is a wide banner.
 */
export const akkoma: InstanceAdapter = {
  kind: 'akkoma',
  async isUp(root, signal) {
    const check = await readInstanceJson(new URL('/api/v1/pleroma/healthcheck', root), { userAgent: PROBE_USER_AGENT, maxBytes: SMALL_ANSWER_BYTES, signal })
    const healthy = asObject(check.json)?.healthy
    if (check.status === 200 && healthy === true) return true
    if (check.status === 503 && healthy === false) return false
    if (check.status >= 500 && check.status !== 503) return false
    return answersInstanceDocument(root, signal)
  },
  face: (root, signal) => fetchMastodonInstance(root, signal, 'banner'),
  mediaProxy: false,
}
