export interface PollerOptions {
  /** Delay between successful polls. */
  intervalMs: number
  /** Back-off ceiling after failures: the delay doubles per failure up to this. */
  maxIntervalMs?: number
}

/** Delay before the next poll after `failures` failures in a row. */
export function pollDelay(failures: number, { intervalMs, maxIntervalMs = 60_000 }: PollerOptions): number {
  return Math.min(intervalMs * 2 ** failures, Math.max(maxIntervalMs, intervalMs))
}

/**
 * Runs `task` every interval while the page is visible: paused while the tab is
 * hidden, run at once when it shows again, backing off while it fails. The only
 * timer pattern of the page; everything is cleared when the calling component
 * unmounts. `task` signals failure by throwing.
 */
export function usePoller(task: () => Promise<unknown>, options: PollerOptions) {
  const failures = ref(0)
  let timer: ReturnType<typeof setTimeout> | undefined
  let running = false
  let active = false

  function schedule() {
    clearTimeout(timer)
    timer = active && !document.hidden ? setTimeout(poll, pollDelay(failures.value, options)) : undefined
  }

  async function poll() {
    clearTimeout(timer)
    timer = undefined
    if (!active || running) return
    running = true
    try {
      await task()
      failures.value = 0
    }
    catch {
      failures.value++
    }
    finally {
      running = false
    }
    schedule()
  }

  function onVisibilityChange() {
    if (document.hidden) schedule()
    else void poll()
  }

  onMounted(() => {
    active = true
    document.addEventListener('visibilitychange', onVisibilityChange)
    schedule()
  })

  onBeforeUnmount(() => {
    active = false
    clearTimeout(timer)
    timer = undefined
    document.removeEventListener('visibilitychange', onVisibilityChange)
  })

  return {
    /** Failures in a row; 0 while all is well. */
    failures: readonly(failures),
    /** Poll now instead of waiting for the timer. */
    poll,
  }
}
