export interface PollerOptions {
  /** Delay between successful polls. */
  intervalMs: number
  /**
   * Delay between polls while the tab is hidden: slower, never stopped, because a hidden
   * tab is where most waiting visitors leave the page, and it must still learn the
   * instance is back (issue 20: a background visitor costs at most one request per 30 s).
   */
  hiddenIntervalMs?: number
  /** Back-off ceiling after failures: the delay doubles per failure up to this. */
  maxIntervalMs?: number
}

/** Delay before the next poll after `failures` failures in a row, in a visible or hidden tab. */
export function pollDelay(failures: number, { intervalMs, hiddenIntervalMs = intervalMs, maxIntervalMs = 60_000 }: PollerOptions, hidden = false): number {
  const base = hidden ? Math.max(hiddenIntervalMs, intervalMs) : intervalMs
  return Math.min(base * 2 ** failures, Math.max(maxIntervalMs, base))
}

/**
 * Runs `task` every interval while the page is visible, every `hiddenIntervalMs` while
 * the tab is hidden, at once when it shows again, backing off while it fails. The only
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
    timer = active ? setTimeout(poll, pollDelay(failures.value, options, document.hidden)) : undefined
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

  // Shown again: the visitor is looking, so poll now; hidden: only slow the next poll down.
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
