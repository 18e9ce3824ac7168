import type { InstanceBranding } from '~~/shared/types/branding'

import { shownInstanceName } from '~~/shared/utils/instance-name'

/**
 * What the server learned of the instance's face (name, colour, pictures), or null
 * when nothing was learned: the page then looks as it always did. Filled from the
 * page state, on the server and with each poll.
 */
export function useBranding() {
  return useState<InstanceBranding | null>('branding', () => null)
}

/** NUXT_PUBLIC_INSTANCE_NAME when the admin set it, else the name the instance gave itself, else its host (shownInstanceName). */
export function useInstanceName() {
  const { instanceName, instanceUrl } = useRuntimeConfig().public
  const branding = useBranding()
  return computed(() => shownInstanceName(instanceName, branding.value?.name, instanceUrl))
}

/** Whether the instance is Misskey or a fork of it: the page then keeps Misskey's own words (a note, not a post). */
export function useMisskeyWords() {
  const branding = useBranding()
  return computed(() => branding.value?.kind === 'misskey')
}
