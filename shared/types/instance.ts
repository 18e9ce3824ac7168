/** What the server's probe concluded about the instance. */
export type InstanceState = 'up' | 'down'

/** What `GET /api/instance` answers: the server-side probe's view of the instance. */
export interface InstanceStatus {
  /** 'unknown' only when no instance URL is configured (the page then says nothing). */
  state: InstanceState | 'unknown'
  /** ISO 8601; when the probe last asked the instance (null when it never does). */
  checkedAt: string | null
  /** ISO 8601; when the current state began as far as this deployment knows (null when unknown). */
  since: string | null
  /** How long the instance took to answer, when it is up. */
  latencyMs?: number
}

/**
 * How nakanai probes the instance and learns its face, chosen from its NodeInfo
 * software.name (server/instance/software-kind.ts) or forced by NUXT_INSTANCE_SOFTWARE:
 * Misskey and its forks; Mastodon and the servers speaking its API; GoToSocial and
 * Akkoma/Pleroma, which speak that API but are probed their own way; anything else.
 */
export const INSTANCE_SOFTWARE_KINDS = ['misskey', 'mastodon', 'gotosocial', 'akkoma', 'generic'] as const
export type InstanceSoftwareKind = typeof INSTANCE_SOFTWARE_KINDS[number]
