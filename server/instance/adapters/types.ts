import type { InstanceSoftwareKind } from '../../../shared/types/instance'
import type { ParsedFace } from '../branding/fields'

/** How nakanai treats one kind of server: how it asks whether it is up, and where its face is read. */
export interface InstanceAdapter {
  kind: InstanceSoftwareKind
  /**
   * true when the instance answers as that software does when it is well; false (or a
   * rejection: refused, reset, timeout, too large) is "down". Redirects are never
   * followed: the admin's front answers an outage with a 302 to the down page.
   */
  isUp: (root: string, signal: AbortSignal) => Promise<boolean>
  /** The name, colour and pictures from the software's own API; null when it did not answer as that software does. */
  face: (root: string, signal: AbortSignal) => Promise<ParsedFace | null>
  /**
   * Whether a picture on another origin (object storage, a CDN) may be fetched through
   * the instance's own media proxy: Misskey's /proxy/image.webp. Otherwise only
   * pictures on the instance's own origin are fetched.
   */
  mediaProxy: boolean
}

// Named so that the admin can tell the probe apart in the instance's access log.
export const PROBE_USER_AGENT = 'nakanai-probe'
// Health answers and ping are a few bytes; an instance document a few kilobytes.
export const SMALL_ANSWER_BYTES = 4 * 1024
