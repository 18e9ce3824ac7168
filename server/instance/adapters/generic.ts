import { fetchLimited } from '../../utils/fetch-limited'
import { readNodeInfo } from '../nodeinfo'
import { PROBE_USER_AGENT, type InstanceAdapter } from './types'

/**
 * Any other ActivityPub server, and any whose software is not known yet: NodeInfo is
 * what every one of them answers (the fediverse's software lists are built from it),
 * and reading it goes through the application. Up when it reads as NodeInfo; down when
 * the discovery request is refused, times out, or answers 5xx or a redirect. A server
 * whose NodeInfo is missing or broken (404, 403, not JSON) is up when its front page
 * answers 2xx, as a visitor would find it. No face of its own: the name comes from
 * NodeInfo's metadata.nodeName where it has one.
 */
export const generic: InstanceAdapter = {
  kind: 'generic',
  async isUp(root, signal) {
    const { software, answered } = await readNodeInfo(root, signal, PROBE_USER_AGENT)
    if (software || !answered) return software !== null
    const page = await fetchLimited(new URL('/', root), { headers: { 'user-agent': PROBE_USER_AGENT, 'accept': 'text/html' }, maxBytes: 0, signal })
    return page.status >= 200 && page.status < 300
  },
  face: async () => null,
  mediaProxy: false,
}
