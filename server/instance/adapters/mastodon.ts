import { fetchLimited } from '../../utils/fetch-limited'
import { fetchMastodonInstance } from '../branding/mastodon-instance'
import { answersInstanceDocument } from './instance-document'
import { PROBE_USER_AGENT, type InstanceAdapter } from './types'

/**
 * Mastodon and the servers speaking its API (Hometown, Fedibird, kmyblue, Pixelfed…).
 * Mastodon's `GET /health` renders plain `OK` from a bare ActionController::Base and
 * checks nothing (mastodon/mastodon app/controllers/health_controller.rb): it only says
 * Puma answers. So a 200 there is paired with `GET /api/v1/instance`, which goes
 * through Rails; a server without /health (404: not Mastodon itself) is asked that alone.
 * The face is /api/v2/instance (v1 as fallback); the thumbnail is a wide banner.
 */
export const mastodon: InstanceAdapter = {
  kind: 'mastodon',
  async isUp(root, signal) {
    const health = await fetchLimited(new URL('/health', root), { headers: { 'user-agent': PROBE_USER_AGENT }, maxBytes: 0, signal })
    if (health.status !== 200 && health.status !== 404) return false
    return answersInstanceDocument(root, signal)
  },
  face: (root, signal) => fetchMastodonInstance(root, signal, 'banner'),
  mediaProxy: false,
}
