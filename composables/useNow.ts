/**
 * The current time, ticking while the component is mounted, for relative times
 * ("30 seconds ago") that stay current. It starts at the server's render time so
 * the browser hydrates the same text the server wrote.
 */
export function useNow(tickMs = 5000) {
  const renderedAt = useState('rendered-at', () => Date.now())
  const now = ref(renderedAt.value)
  let timer: ReturnType<typeof setInterval> | undefined

  onMounted(() => {
    now.value = Date.now()
    timer = setInterval(() => {
      now.value = Date.now()
    }, tickMs)
  })
  onBeforeUnmount(() => clearInterval(timer))

  return readonly(now)
}
