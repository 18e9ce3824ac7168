/**
 * The instance's state as the server's shared probe sees it, from the page's one
 * poll. Nothing is shown when no instance is configured.
 */
export async function useInstanceState() {
  const { instanceUrl } = useRuntimeConfig().public
  const page = usePageState()
  const configured = Boolean(instanceRoot(instanceUrl))
  const status = computed(() => (configured ? page.state.value?.instance ?? null : null))
  const state = computed(() => status.value?.state ?? 'unknown')
  // An instance seen down and then up is a recovery worth leaving for; one that is up
  // from the first look may be up for the probe yet failing for this visitor's page
  // (that is why nginx sent them here), and returning them automatically would loop.
  const seenDown = ref(false)
  watch(state, (next) => {
    if (next === 'down') seenDown.value = true
  })
  await page.ready
  if (state.value === 'down') seenDown.value = true

  return { status, state, seenDown: readonly(seenDown) }
}
