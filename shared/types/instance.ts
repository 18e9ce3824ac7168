/** What the server's probe concluded about the Misskey instance. */
export type InstanceState = 'up' | 'down'

/** What `GET /api/instance` answers: the server-side probe's view of the Misskey instance. */
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
