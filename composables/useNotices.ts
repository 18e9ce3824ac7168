import type { Notice } from '~~/shared/types/notice'

/**
 * The admins' updates and the instance's learned face, from the page's one poll.
 * While the store cannot be read (notices null) the last ones stay on the page.
 */
export async function useNotices() {
  const page = usePageState()
  const branding = useBranding()
  const notices = ref<Notice[]>([])

  function apply() {
    const state = page.state.value
    if (!state) return
    if (state.notices) notices.value = state.notices
    branding.value = state.branding
  }
  watch(page.state, apply)
  await page.ready
  // Watchers do not run on the server: the first state is taken directly.
  apply()

  return { notices: readonly(notices), refresh: page.refresh }
}
