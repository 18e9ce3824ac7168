import type { ChatMessage } from '~~/shared/types/message'
import { newestFirst } from '~~/shared/utils/newest-first'

const KEEP_MESSAGES = 100

/**
 * A polled snapshot replaces what we have, except the visitor's own messages that
 * are newer than it (the snapshot may come from a cache older than their post).
 * Messages hidden by a moderator thus vanish with the next snapshot.
 */
export function mergeSnapshot(current: ChatMessage[], snapshot: ChatMessage[], ownIds: ReadonlySet<number>): ChatMessage[] {
  const newest = snapshot.reduce((max, message) => Math.max(max, message.id), 0)
  const ownNewer = current.filter(message => ownIds.has(message.id) && message.id > newest)
  return newestFirst([...ownNewer, ...snapshot], KEEP_MESSAGES)
}

/** Adds (or replaces) one message, keeping newest first. */
export function insertMessage(current: ChatMessage[], message: ChatMessage): ChatMessage[] {
  return newestFirst([message, ...current], KEEP_MESSAGES)
}

export function errorCodeOf(error: unknown): string {
  const response = error as { data?: { error?: { code?: unknown } }, response?: unknown }
  const code = response?.data?.error?.code
  if (typeof code === 'string') return code
  return response?.response ? 'unknown' : 'network'
}

/** The chat's state and behaviour: the page state's messages, merged with the visitor's own, and sending. */
export async function useChat() {
  const page = usePageState()
  const admin = useAdmin()
  const messages = ref<ChatMessage[]>([])
  const ownIds = new Set<number>()
  const arrivals = ref<ChatMessage[]>([])
  let settled = false
  const sending = ref(false)
  const sendError = ref<string | null>(null)

  watch(() => page.state.value?.messages, (snapshot) => {
    if (!snapshot) return
    const known = new Set(messages.value.map(message => message.id))
    messages.value = mergeSnapshot(messages.value, snapshot, ownIds)
    // Every message that came with this poll (the first one into an empty chat too),
    // oldest first; none for what was already there when the page loaded.
    const arrived = messages.value.filter(message => !known.has(message.id) && !ownIds.has(message.id))
    if (settled && arrived.length) arrivals.value = arrived.reverse()
  })
  await page.ready
  // Watchers do not run on the server: the first snapshot is taken directly.
  messages.value = mergeSnapshot(messages.value, page.state.value?.messages ?? [], ownIds)
  settled = true

  /** Sends a message; false (with `sendError` set) when it was not stored. */
  async function send(body: string, name: string): Promise<boolean> {
    const checked = validateMessageInput({ body, name })
    if (!checked.ok) {
      sendError.value = checked.code
      return false
    }
    sending.value = true
    sendError.value = null
    try {
      const { message } = await $fetch<{ message: ChatMessage }>('/api/messages', {
        method: 'POST',
        // Signed in with ?admin: the token gives the message its badge.
        headers: admin.authorization(),
        body: { body: checked.body, name: checked.name },
      })
      ownIds.add(message.id)
      messages.value = insertMessage(messages.value, message)
      return true
    }
    catch (error) {
      sendError.value = errorCodeOf(error)
      return false
    }
    finally {
      sending.value = false
    }
  }

  return {
    messages: readonly(messages),
    /** The messages that arrived with the last poll that brought any, oldest first (for announcing them). */
    arrivals: readonly(arrivals),
    /** The page cannot reach the server, or the server cannot read the chat. */
    unreachable: computed(() => page.unreachable.value || page.state.value?.messages === null),
    sending: readonly(sending),
    sendError,
    send,
    /** Polls now (e.g. after a moderator hid something). */
    refresh: page.refresh,
  }
}
