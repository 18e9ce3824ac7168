import { afterEach, describe, expect, it, vi } from 'vitest'
import { mountSuspended } from '@nuxt/test-utils/runtime'
import { flushPromises } from '@vue/test-utils'
import ChatForm from '~/components/ChatForm.vue'
import { loadLocale } from '~/composables/useI18n'
import { TOUCH_QUERY } from '~/composables/useSendKeys'

/** A device whose primary input is a finger (or not), as matchMedia reports it. */
function device(touch: boolean) {
  vi.spyOn(window, 'matchMedia').mockImplementation(query => ({
    matches: query === TOUCH_QUERY && touch,
    media: query,
    onchange: null,
    addEventListener: () => {},
    removeEventListener: () => {},
    addListener: () => {},
    removeListener: () => {},
    dispatchEvent: () => false,
  }))
}

async function form(options: { touch: boolean, locale?: string }) {
  device(options.touch)
  useNuxtApp().$locale.value = await loadLocale(options.locale ?? 'en')
  const send = vi.fn(async () => true)
  // Attached to the document: a detached form does not submit.
  const wrapper = await mountSuspended(ChatForm, { props: { send, sending: false, error: null }, attachTo: document.body })
  const textarea = wrapper.find('textarea')
  await textarea.setValue('こんにちは')
  return { wrapper, textarea, send }
}

/** Dispatches a keydown and says whether the page kept the browser from inserting a line break. */
function press(element: Element, init: KeyboardEventInit & { keyCode?: number }) {
  const event = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, ...init })
  if (init.keyCode !== undefined) Object.defineProperty(event, 'keyCode', { value: init.keyCode })
  element.dispatchEvent(event)
  return event.defaultPrevented
}

afterEach(async () => {
  vi.restoreAllMocks()
  useNuxtApp().$locale.value = await loadLocale('en')
  useChatDraft().value = ''
  localStorage.clear()
})

// The first mount in a file compiles the component: seconds on a busy machine.
const SLOW_FIRST_MOUNT = { timeout: 30_000 }

describe('ChatForm on a device with a physical keyboard', SLOW_FIRST_MOUNT, () => {
  it('sends on Enter', async () => {
    const { wrapper, textarea, send } = await form({ touch: false })
    expect(press(textarea.element, {})).toBe(true)
    await flushPromises()
    expect(send).toHaveBeenCalledWith('こんにちは', '')
    expect((textarea.element as HTMLTextAreaElement).value).toBe('')
    wrapper.unmount()
  })

  it('inserts a new line on Shift+Enter', async () => {
    const { wrapper, textarea, send } = await form({ touch: false })
    expect(press(textarea.element, { shiftKey: true })).toBe(false)
    await flushPromises()
    expect(send).not.toHaveBeenCalled()
    wrapper.unmount()
  })

  it.each([['Ctrl', { ctrlKey: true }], ['⌘', { metaKey: true }]])('sends on %s+Enter', async (_name, modifier) => {
    const { wrapper, textarea, send } = await form({ touch: false })
    expect(press(textarea.element, modifier)).toBe(true)
    await flushPromises()
    expect(send).toHaveBeenCalledOnce()
    wrapper.unmount()
  })

  it('never sends the Enter that confirms an IME conversion', async () => {
    const { wrapper, textarea, send } = await form({ touch: false })
    const element = textarea.element
    element.dispatchEvent(new CompositionEvent('compositionstart', { data: '' }))
    // Chromium and Firefox: the confirming Enter comes while composing, flagged so.
    expect(press(element, { isComposing: true, keyCode: 229 })).toBe(false)
    // A browser that forgets the flag is still covered by the composition events.
    expect(press(element, {})).toBe(false)
    element.dispatchEvent(new CompositionEvent('compositionend', { data: 'こんにちは' }))
    await flushPromises()
    expect(send).not.toHaveBeenCalled()

    // The next Enter, with the conversion done, sends.
    expect(press(element, {})).toBe(true)
    await flushPromises()
    expect(send).toHaveBeenCalledOnce()
    wrapper.unmount()
  })

  it('never sends Safari\'s confirming Enter, which comes after compositionend with keyCode 229', async () => {
    const { wrapper, textarea, send } = await form({ touch: false })
    textarea.element.dispatchEvent(new CompositionEvent('compositionstart', { data: '' }))
    textarea.element.dispatchEvent(new CompositionEvent('compositionend', { data: 'こんにちは' }))
    expect(press(textarea.element, { isComposing: false, keyCode: 229 })).toBe(false)
    await flushPromises()
    expect(send).not.toHaveBeenCalled()
    wrapper.unmount()
  })

  it('does not send an empty box (the form\'s own validation)', async () => {
    const { wrapper, textarea, send } = await form({ touch: false })
    await textarea.setValue('')
    press(textarea.element, {})
    await flushPromises()
    expect(send).not.toHaveBeenCalled()
    wrapper.unmount()
  })

  it('says that Enter sends, in the visitor\'s language', async () => {
    const english = await form({ touch: false })
    expect(english.wrapper.find('.send-key-hint').text()).toBe('Enter to send, Shift+Enter for a new line')
    english.wrapper.unmount()
    const japanese = await form({ touch: false, locale: 'ja' })
    expect(japanese.wrapper.find('.send-key-hint').text()).toBe('Enter で送信、Shift+Enter で改行')
    japanese.wrapper.unmount()
    const traditional = await form({ touch: false, locale: 'zh-TW' })
    expect(traditional.wrapper.find('.send-key-hint').text()).toBe('按 Enter 送出，Shift+Enter 換行')
    traditional.wrapper.unmount()
  })
})

describe('ChatForm on a touch device', SLOW_FIRST_MOUNT, () => {
  it('inserts a new line on Enter and sends with the button', async () => {
    const { wrapper, textarea, send } = await form({ touch: true })
    expect(press(textarea.element, {})).toBe(false)
    await flushPromises()
    expect(send).not.toHaveBeenCalled()

    await wrapper.find('button[type="submit"]').trigger('click')
    await flushPromises()
    expect(send).toHaveBeenCalledWith('こんにちは', '')
    wrapper.unmount()
  })

  it('still sends on Ctrl+Enter from an attached keyboard', async () => {
    const { wrapper, textarea, send } = await form({ touch: true })
    expect(press(textarea.element, { ctrlKey: true })).toBe(true)
    await flushPromises()
    expect(send).toHaveBeenCalledOnce()
    wrapper.unmount()
  })

  it('names no send key under the box', async () => {
    const { wrapper } = await form({ touch: true })
    expect(wrapper.find('.send-key-hint').exists()).toBe(false)
    expect(wrapper.find('#chat-body-hint').text()).toMatch(/characters left$/)
    wrapper.unmount()
  })
})
