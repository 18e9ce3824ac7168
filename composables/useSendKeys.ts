/** The parts of a keydown that decide what it does in the chat box. */
export type KeyPress = Pick<KeyboardEvent, 'key' | 'keyCode' | 'isComposing' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>

// Phones and tablets: no hover and a finger for a pointer. Their Return key is where
// people break lines, and the Send button sits within thumb reach.
export const TOUCH_QUERY = '(hover: none) and (pointer: coarse)'

// What Chromium and Safari report for a key that an input method (IME) consumed.
const IME_KEY_CODE = 229

/**
 * Whether a key press sends the message. Enter sends on a physical keyboard
 * (Shift+Enter is a new line), Ctrl/⌘+Enter sends everywhere, and nothing sends
 * while an IME composes: there Enter confirms the conversion of Japanese, Chinese
 * or Korean text. Chromium and Firefox flag that Enter with isComposing; Safari
 * fires compositionend first and then a keydown with isComposing false but keyCode 229.
 */
export function sendsMessage(event: KeyPress, { touch, composing }: { touch: boolean, composing: boolean }): boolean {
  if (event.key !== 'Enter' || event.isComposing || composing || event.keyCode === IME_KEY_CODE) return false
  if (event.ctrlKey || event.metaKey) return true
  return !touch && !event.shiftKey && !event.altKey
}

/**
 * Key handling for the chat box. `touch` is null until mounted (the server and a
 * browser without JavaScript cannot tell; there no key sends), then follows the device,
 * which can change when a tablet gets a keyboard. A send goes through the form's
 * requestSubmit(), the same path as the Send button, constraint validation included.
 */
export function useSendKeys() {
  const touch = ref<boolean | null>(null)
  let composing = false
  let query: MediaQueryList | undefined
  const follow = (event: MediaQueryListEvent) => (touch.value = event.matches)

  onMounted(() => {
    query = window.matchMedia(TOUCH_QUERY)
    touch.value = query.matches
    query.addEventListener('change', follow)
  })
  onBeforeUnmount(() => query?.removeEventListener('change', follow))

  function onKeydown(event: KeyboardEvent) {
    if (!sendsMessage(event, { touch: touch.value ?? true, composing })) return
    event.preventDefault()
    ;(event.target as HTMLTextAreaElement).form?.requestSubmit()
  }

  return {
    touch: readonly(touch),
    listeners: {
      keydown: onKeydown,
      compositionstart: () => (composing = true),
      compositionend: () => (composing = false),
      blur: () => (composing = false),
    },
  }
}
