import { fetchLimited } from '../../utils/fetch-limited'
import { fetchMastodonInstance } from '../branding/mastodon-instance'
import { PROBE_USER_AGENT, type InstanceAdapter } from './types'

/**
 * GoToSocial: `GET /readyz` answers 200 with no body when it can reach its database
 * and run a simple SELECT, 500 when not; `/livez` is 200 whenever the process runs,
 * so it is not asked (superseriousbusiness/gotosocial internal/api/health/ready.go,
 * health.go). The face is its Mastodon-API instance document, whose thumbnail is the
 * instance's avatar (square): it stands for the icon.
 */
export const gotosocial: InstanceAdapter = {
  kind: 'gotosocial',
  async isUp(root, signal) {
    const ready = await fetchLimited(new URL('/readyz', root), { headers: { 'user-agent': PROBE_USER_AGENT }, maxBytes: 0, signal })
    return ready.status === 200
  },
  face: (root, signal) => fetchMastodonInstance(root, signal, 'icon'),
  mediaProxy: false,
}
