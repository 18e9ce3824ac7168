import type { InstanceBranding } from '~~/shared/types/branding'

/** The name nuxt.config gives when NUXT_PUBLIC_INSTANCE_NAME is not set. */
const DEFAULT_INSTANCE_NAME = 'Misskey'

/**
 * What the server learned of the instance's face (name, colour, pictures), or null
 * when nothing was learned: the page then looks as it always did. Filled from the
 * page state, on the server and with each poll.
 */
export function useBranding() {
  return useState<InstanceBranding | null>('branding', () => null)
}

/** NUXT_PUBLIC_INSTANCE_NAME when the admin set it, else the name the instance gave itself. */
export function useInstanceName() {
  const configured = useRuntimeConfig().public.instanceName
  const branding = useBranding()
  return computed(() => configured && configured !== DEFAULT_INSTANCE_NAME ? configured : branding.value?.name ?? (configured || DEFAULT_INSTANCE_NAME))
}
