import type { InstanceSoftware } from '../store/types'
import { capMarks, cleanText } from '../../shared/utils/message-input'
import { asObject, readInstanceJson } from './read-json'

// The discovery document is a few links; a 2.x document a few kilobytes (Mastodon's
// names its user counts, Misskey's its whole metadata: ~2 KB at 2024.11).
const DISCOVERY_MAX_BYTES = 16 * 1024
const DOCUMENT_MAX_BYTES = 64 * 1024
const USER_AGENT = 'nakanai-nodeinfo'
const NAME = /^[a-z0-9._-]{1,64}$/
const VERSION_MAX = 128
const NODE_NAME_MAX = 128

// The 2.x schemas a discovery document links, newest first (nodeinfo.diaspora.software/protocol).
const SCHEMAS = ['2.1', '2.0'].map(version => ({ version, rel: `http://nodeinfo.diaspora.software/ns/schema/${version}` }))

function cleaned(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null
  const text = [...capMarks(cleanText(value, false))].slice(0, max).join('').trim()
  return text === '' ? null : text
}

/**
 * The software a NodeInfo 2.x document names, or null when it is not one (no
 * software.name of the schema's form). The version and the node's own name
 * (metadata.nodeName: Misskey, Mastodon 4.x leave it out, Akkoma and Pleroma send it)
 * are kept when readable; one bad field drops that field, never the document.
 */
export function parseNodeInfo(json: unknown): InstanceSoftware | null {
  const document = asObject(json)
  const software = asObject(document?.software)
  const name = typeof software?.name === 'string' ? software.name.trim().toLowerCase() : ''
  if (!NAME.test(name)) return null
  return { name, version: cleaned(software!.version, VERSION_MAX), nodeName: cleaned(asObject(document!.metadata)?.nodeName, NODE_NAME_MAX) }
}

/** The href of the newest 2.x document a discovery document links, on the instance's own origin; null when none. */
export function nodeInfoHref(json: unknown, root: string): URL | null {
  const links = asObject(json)?.links
  if (!Array.isArray(links)) return null
  for (const { rel } of SCHEMAS) {
    const href = links.map(asObject).find(link => link?.rel === rel)?.href
    if (typeof href !== 'string' || !URL.canParse(href, root)) continue
    const url = new URL(href, root)
    // Only ever the configured host: a discovery document may not send nakanai elsewhere.
    if (url.origin === new URL(root).origin) return url
  }
  return null
}

export interface NodeInfoReading {
  /** What the document names; null when nothing read as NodeInfo. */
  software: InstanceSoftware | null
  /**
   * Whether the instance itself answered the discovery request: false when it was
   * unreachable, or answered 5xx or a redirect (an admin's front answers an outage with
   * a 302 to the down page). A 404 or 403 is an answer: NodeInfo is just not there.
   */
  answered: boolean
}

/**
 * Reads the instance's NodeInfo: `/.well-known/nodeinfo`, then the newest 2.x document
 * it links. When the discovery document cannot be read, the usual 2.x paths directly:
 * a Misskey whose federation is off answers the well-known with 403 (its
 * WellKnownServerService refuses discovery while meta.federation is 'none') yet still
 * serves /nodeinfo/2.1 and /nodeinfo/2.0 (NodeinfoServerService). Rejects only on the deadline.
 */
export async function readNodeInfo(root: string, signal: AbortSignal, userAgent = USER_AGENT): Promise<NodeInfoReading> {
  const read = (url: URL, maxBytes: number) => readInstanceJson(url, { userAgent, maxBytes, signal })
    .catch((error: unknown) => {
      if (signal.aborted) throw error
      return null
    })
  const discovery = await read(new URL('/.well-known/nodeinfo', root), DISCOVERY_MAX_BYTES)
  const answered = discovery !== null && discovery.status < 500 && (discovery.status < 300 || discovery.status >= 400)
  if (!answered) return { software: null, answered }
  const linked = discovery.status === 200 ? nodeInfoHref(discovery.json, root) : null
  const candidates = linked ? [linked] : SCHEMAS.map(({ version }) => new URL(`/nodeinfo/${version}`, root))
  for (const url of candidates) {
    const document = await read(url, DOCUMENT_MAX_BYTES)
    const software = document?.status === 200 ? parseNodeInfo(document.json) : null
    if (software) return { software, answered }
  }
  return { software: null, answered }
}
