import { afterEach, describe, expect, it, vi } from 'vitest'
import { mountSuspended, registerEndpoint } from '@nuxt/test-utils/runtime'
import { flushPromises } from '@vue/test-utils'
import { setResponseStatus } from 'h3'
import ChatPanel from '~/components/ChatPanel.vue'
import { loadLocale } from '~/composables/useI18n'
import type { ChatMessage } from '~~/shared/types/message'

const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString()

let getCount = 0
let snapshot: ChatMessage[] = []
registerEndpoint('/api/state', {
  method: 'GET',
  handler: () => {
    getCount++
    return { messages: snapshot, instance: { state: 'unknown', checkedAt: null, since: null } }
  },
})
registerEndpoint('/api/messages', {
  method: 'POST',
  handler: (event) => {
    setResponseStatus(event, 503)
    return { error: { code: 'store_unavailable', message: 'down' } }
  },
})

async function useLocale(code: string) {
  useNuxtApp().$locale.value = await loadLocale(code)
}

afterEach(async () => {
  await useLocale('en')
  useRuntimeConfig().public.pollIntervalMs = 5000
  clearNuxtData('page-state')
})

describe('ChatPanel', () => {
  it('shows messages newest first with English relative times', async () => {
    snapshot = [
      { id: 2, body: 'second', name: null, createdAt: secondsAgo(30) },
      { id: 1, body: 'first', name: 'ann', createdAt: secondsAgo(600) },
    ]
    const panel = await mountSuspended(ChatPanel)
    const items = panel.findAll('li')
    expect(items.map(item => item.find('.body').text())).toEqual(['second', 'first'])
    expect(items[0]!.text()).toContain('Anonymous')
    expect(items[0]!.find('time').text()).toBe('half a minute ago')
    expect(items[1]!.find('time').text()).toBe('10 minutes ago')
    expect(panel.find('label[for="chat-body"]').text()).toBe('Message')
    panel.unmount()
  })

  it('shows Japanese relative times and labels', async () => {
    await useLocale('ja')
    snapshot = [{ id: 1, body: 'こんにちは', name: null, createdAt: secondsAgo(30) }]
    const panel = await mountSuspended(ChatPanel)
    expect(panel.find('time').text()).toBe('30秒前')
    expect(panel.text()).toContain('名無しさん')
    expect(panel.find('button[type="submit"]').text()).toBe('送信')
    panel.unmount()
  })

  it('keeps the text and shows the error when sending fails', async () => {
    snapshot = []
    const panel = await mountSuspended(ChatPanel)
    await panel.find('textarea').setValue('please keep me')
    await panel.find('form').trigger('submit')
    await flushPromises()
    await new Promise(resolve => setTimeout(resolve, 50))
    expect((panel.find('textarea').element as HTMLTextAreaElement).value).toBe('please keep me')
    expect(panel.find('[role="alert"]').text()).toContain('unavailable')
    panel.unmount()
  })

  it('polls while mounted and stops when unmounted', async () => {
    useRuntimeConfig().public.pollIntervalMs = 40
    snapshot = []
    const panel = await mountSuspended(ChatPanel)
    const before = getCount
    await new Promise(resolve => setTimeout(resolve, 300))
    const whileMounted = getCount - before
    expect(whileMounted).toBeGreaterThanOrEqual(3)

    panel.unmount()
    const atUnmount = getCount
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(getCount).toBe(atUnmount)
  })

  it('announces the first message into an empty chat, and every message of a poll, each in its language\'s own sentence', async () => {
    await useLocale('ja')
    useRuntimeConfig().public.pollIntervalMs = 40
    snapshot = []
    const panel = await mountSuspended(ChatPanel)
    const live = () => panel.find('[aria-live="polite"]').text()
    expect(live()).toBe('')
    snapshot = [{ id: 1, body: 'こんにちは', name: null, createdAt: secondsAgo(1) }]
    await vi.waitFor(() => expect(live()).toBe('名無しさんからの新しいメッセージ: こんにちは'))
    snapshot = [
      { id: 3, body: '三', name: 'ren', createdAt: secondsAgo(0) },
      { id: 2, body: '二', name: null, createdAt: secondsAgo(0) },
      ...snapshot,
    ]
    await vi.waitFor(() => expect(live()).toBe('名無しさんからの新しいメッセージ: 二\nren さんからの新しいメッセージ: 三'))
    panel.unmount()
  })
})
