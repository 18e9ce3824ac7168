export interface SummaryInput {
  /** describeStore() of the chosen store, or the refusal's message. */
  store: string
  instanceUrl: string
  instanceProbeSeconds: number
  /** NUXT_INSTANCE_SOFTWARE as given ('' when unset). */
  instanceSoftware: string
  statusPageUrl: string
  statusPageProvider: string
  adminEnabled: boolean
  /** trustedHeader(): '' when the address comes from the connection. */
  clientAddressHeader: string
}

/**
 * One line that says what this server will do, so a journal shows at a glance what
 * a typo or a missing variable turned off (no way back, no admin, every visitor one
 * address behind a proxy). Never a secret: only whether the admin token is set.
 */
export function settingsSummary(input: SummaryInput): string {
  const parts = [
    `store: ${input.store}`,
    input.instanceUrl
      ? `instance: ${input.instanceUrl} (probed every ${input.instanceProbeSeconds} s, ${input.instanceSoftware ? `as ${input.instanceSoftware}, set by NUXT_INSTANCE_SOFTWARE` : 'software learned from its NodeInfo'})`
      : 'instance: none (NUXT_PUBLIC_INSTANCE_URL is unset: no link back, no probe, no automatic return)',
    input.statusPageUrl
      ? `status page: ${input.statusPageUrl} (${input.statusPageProvider ? `${input.statusPageProvider}, set by NUXT_STATUS_PAGE_PROVIDER` : 'kind detected on first read'})`
      : 'status page: none',
    input.adminEnabled ? 'admin: on' : 'admin: off (set NUXT_ADMIN_TOKEN to enable moderation and updates)',
    input.clientAddressHeader
      ? `client address: from the ${input.clientAddressHeader} header`
      : 'client address: from the connection (NUXT_TRUST_PROXY is unset; behind a proxy every visitor shares its address)',
  ]
  return parts.join(' · ')
}
