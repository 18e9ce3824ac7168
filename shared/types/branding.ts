import type { InstanceSoftwareKind } from './instance'

/**
 * What the page shows of the instance's own face, learned from its /api/meta while
 * it was up. Every field is optional: a fresh install whose instance is already down
 * has learned nothing, and the page looks as it always did.
 */
export interface InstanceBranding {
  /** The instance's own name (NUXT_PUBLIC_INSTANCE_NAME wins when set). */
  name: string | null
  description: string | null
  /** #rrggbb as the instance declared it; the page checks its contrast before using it. */
  themeColor: string | null
  /** nakanai's own URLs of the stored pictures (content-addressed, cached for good). */
  iconUrl: string | null
  serverErrorImageUrl: string | null
  /** A wide picture (Mastodon's thumbnail), shown across the top rather than as the icon. */
  bannerUrl: string | null
  /** What the instance runs (from NodeInfo, or NUXT_INSTANCE_SOFTWARE); null while unknown. Chooses a few words. */
  kind: InstanceSoftwareKind | null
}
