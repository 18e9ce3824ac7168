/** The name nuxt.config gives when NUXT_PUBLIC_INSTANCE_NAME is not set (kept for installs that predate learning it). */
export const DEFAULT_INSTANCE_NAME = 'Misskey'

/**
 * The name the page gives the instance: NUXT_PUBLIC_INSTANCE_NAME when the admin set
 * it, else the name the instance gave itself (its API's title, or NodeInfo's
 * nodeName), else its host, and only without any of these the default: a Mastodon
 * instance's page never calls it "Misskey" for want of a name.
 */
export function shownInstanceName(configured: unknown, learned: string | null | undefined, instanceUrl: unknown): string {
  const set = typeof configured === 'string' ? configured.trim() : ''
  if (set && set !== DEFAULT_INSTANCE_NAME) return set
  if (learned) return learned
  const url = typeof instanceUrl === 'string' ? instanceUrl.trim() : ''
  return (URL.canParse(url) && new URL(url).hostname) || set || DEFAULT_INSTANCE_NAME
}
