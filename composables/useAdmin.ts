import type { HideAuthorResult } from '~~/shared/types/moderation'
import type { Notice } from '~~/shared/types/notice'

const TOKEN_KEY = 'nakanai:admin-token'

/** Whether this page is the moderation view: `?admin`. */
export const adminViewRequested = (): boolean => useRequestURL().searchParams.has('admin')

/**
 * The moderation view, opened with `?admin`: the token is checked by the server,
 * kept for this tab only (sessionStorage) and sent with each hide request.
 */
export function useAdmin() {
  const requested = adminViewRequested()
  const adminWords = useAdminI18n()
  const token = useState('admin-token', () => '')
  const signedIn = computed(() => token.value !== '')
  // Bumped by every hide, so the admin view's lists of bans and hidden messages reload.
  const moderations = useState('admin-moderations', () => 0)

  const headers = () => ({ authorization: `Bearer ${token.value}` })

  async function signIn(candidate: string): Promise<boolean> {
    try {
      await $fetch('/api/admin/session', { headers: { authorization: `Bearer ${candidate}` } })
      // Signed in, every page shows the hide buttons: their words first (a chunk of
      // their own, already there with ?admin), never a button without its label.
      await adminWords.load()
      token.value = candidate
      sessionStorage.setItem(TOKEN_KEY, candidate)
      return true
    }
    catch {
      return false
    }
  }

  function restore() {
    const saved = sessionStorage.getItem(TOKEN_KEY)
    if (saved) void signIn(saved)
  }

  /** Hides one message, or everything its author wrote (then says how many, under how many names). */
  async function hide(id: number, scope: 'message' | 'author'): Promise<HideAuthorResult | null> {
    const path = `/api/messages/${id}${scope === 'author' ? '/author' : ''}`
    const result = await $fetch<HideAuthorResult | { hidden: 1 }>(path, { method: 'DELETE', headers: headers() })
    moderations.value++
    return 'ban' in result ? result : null
  }

  /** Posts an official update; `expectedBackAt` is an absolute time or null. */
  async function postNotice(body: string, expectedBackAt: string | null): Promise<Notice> {
    return (await $fetch<{ notice: Notice }>('/api/notices', { method: 'POST', headers: headers(), body: { body, expectedBackAt } })).notice
  }

  /** PATCH /api/notices/:id: moves or clears the expected time, marks it resolved or open again. */
  async function editNotice(id: number, change: { expectedBackAt?: string | null, resolved?: boolean }): Promise<Notice> {
    return (await $fetch<{ notice: Notice }>(`/api/notices/${id}`, { method: 'PATCH', headers: headers(), body: change })).notice
  }

  async function deleteNotice(id: number): Promise<void> {
    await $fetch(`/api/notices/${id}`, { method: 'DELETE', headers: headers() })
  }

  /** The header that gives the admin's chat messages their badge; nothing for visitors. */
  const authorization = (): Record<string, string> => (token.value ? headers() : {})

  return { requested, signedIn, moderations, signIn, restore, hide, postNotice, editNotice, deleteNotice, authorization }
}
