/**
 * The open state of a <details> that is closed on phones and opened on wider screens
 * once the page runs (closed without script, where the summary still opens it). Bind
 * `open` and `toggled` to the element: the visitor's own choice then sticks.
 */
export function useWideOpen() {
  const open = ref(false)
  onMounted(() => {
    open.value = window.matchMedia('(min-width: 48rem)').matches
  })
  function toggled(event: Event) {
    open.value = (event.target as HTMLDetailsElement).open
  }
  return { open, toggled }
}
