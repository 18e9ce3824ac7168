import type { ChatMessage, MessagesResponse } from '~~/shared/types/message'

const KEEP_MESSAGES = 100
const SSR_MESSAGES_TIMEOUT_MS = 1000

/**
 * A polled snapshot replaces what we have, except the visitor's own messages that
 * are newer than it (the snapshot may come from a cache older than their post).
 * Messages hidden by a moderator thus vanish with the next snapshot.
 */
export function mergeSnapshot(current: ChatMessage[], snapshot: ChatMessage[], ownIds: ReadonlySet<number>): ChatMessage[] {
  const newest = snapshot.reduce((max, message) => Math.max(max, message.id), 0)
  const ownNewer = current.filter(message => ownIds.has(message.id) && message.id > newest)
  return [...ownNewer, ...snapshot].sort((a, b) => b.id - a.id).slice(0, KEEP_MESSAGES)
}

/** Adds (or replaces) one message, keeping newest first. */
export function insertMessage(current: ChatMessage[], message: ChatMessage): ChatMessage[] {
  return [message, ...current.filter(m => m.id !== message.id)].sort((a, b) => b.id - a.id).slice(0, KEEP_MESSAGES)
}

export function errorCodeOf(error: unknown): string {
  const response = error as { data?: { error?: { code?: unknown } }, response?: unknown }
  const code = response?.data?.error?.code
  if (typeof code === 'string') return code
  return response?.response ? 'unknown' : 'network'
}

/** The chat's state and behaviour: the first snapshot from SSR, then polling and sending. */
export async function useChat() {
  const { pollIntervalMs } = useRuntimeConfig().public
  const messages = ref<ChatMessage[]>([])
  const ownIds = new Set<number>()
  const announcement = ref<ChatMessage | null>(null)
  const sending = ref(false)
  const sendError = ref<string | null>(null)
  const unreachable = ref(false)

  function applySnapshot(snapshot: ChatMessage[]) {
    const known = new Set(messages.value.map(message => message.id))
    messages.value = mergeSnapshot(messages.value, snapshot, ownIds)
    const arrived = messages.value.find(message => !known.has(message.id) && !ownIds.has(message.id))
    if (arrived && known.size > 0) announcement.value = arrived
  }

  const poller = usePoller(async () => {
    try {
      // no-cache: revalidate (ETag, usually a 304) every time. Left to itself the browser
      // would apply stale-while-revalidate, meant for CDNs, and show the previous poll.
      applySnapshot((await $fetch<MessagesResponse>('/api/messages', { cache: 'no-cache' })).messages)
      unreachable.value = false
    }
    catch (error) {
      unreachable.value = true
      throw error
    }
  }, { intervalMs: Number(pollIntervalMs) || 5000 })

  // Only after the poller registered its lifecycle hooks: they are lost after an await.
  // The server renders without the messages rather than keep a visitor waiting on a
  // slow database: the page (and its status frame) matters more; polling catches up.
  const { data } = await useAsyncData('messages', () => $fetch<MessagesResponse>('/api/messages', {
    timeout: import.meta.server ? SSR_MESSAGES_TIMEOUT_MS : undefined,
  }))
  messages.value = data.value?.messages ?? []
  unreachable.value = !data.value

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
    announcement: readonly(announcement),
    unreachable: readonly(unreachable),
    sending: readonly(sending),
    sendError,
    send,
    /** Polls now (e.g. after a moderator hid something). */
    refresh: poller.poll,
  }
}
