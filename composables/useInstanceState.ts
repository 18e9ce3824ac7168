import type { InstanceStatus } from '~~/shared/types/instance'

/**
 * The instance's state as the server's shared probe sees it, polled with the chat's
 * rhythm (the same poller: paused while hidden, backing off while failing). Nothing
 * is polled when no instance is configured. The page renders without it: a dead
 * instance must never slow the first paint, so the first ask happens on mount.
 */
export function useInstanceState() {
  const { instanceUrl, pollIntervalMs } = useRuntimeConfig().public
  const status = ref<InstanceStatus | null>(null)
  // An instance seen down and then up is a recovery worth leaving for; one that is up
  // from the first look may be up for the probe yet failing for this visitor's page
  // (that is why nginx sent them here), and returning them automatically would loop.
  const seenDown = ref(false)

  if (instanceRoot(instanceUrl)) {
    const { poll } = usePoller(async () => {
      // no-cache: the browser must not answer from its copy under stale-while-revalidate.
      const next = await $fetch<InstanceStatus>('/api/instance', { cache: 'no-cache' })
      if (next.state === 'down') seenDown.value = true
      status.value = next
    }, { intervalMs: Number(pollIntervalMs) || 5000 })
    onMounted(() => void poll())
  }

  return {
    status: readonly(status),
    state: computed(() => status.value?.state ?? 'unknown'),
    seenDown: readonly(seenDown),
  }
}
