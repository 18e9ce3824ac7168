import type { ComputedRef, InjectionKey } from 'vue'
import type { PageState } from '~~/shared/types/page-state'
import { numberSetting, SETTING_DEFAULTS } from '~~/shared/settings'

/** The server renders without the state rather than keep a visitor waiting on a slow database. */
const SSR_TIMEOUT_MS = 1000

export interface PageStateHandle {
  /** The last answer of GET /api/state (from SSR, then from each poll); null before any. */
  state: ComputedRef<PageState | null>
  /** The last poll failed (network, server): what is shown may be old. */
  unreachable: Readonly<Ref<boolean>>
  /** Polls now instead of waiting for the timer. */
  refresh: () => Promise<void>
  /** Settles when the first state is in (from SSR's payload, or fetched). */
  ready: Promise<void>
}

const PAGE_STATE: InjectionKey<PageStateHandle> = Symbol('page-state')
// inject() does not see what the same component provided: app.vue itself asks twice
// (instance state, notices), and must get the one poller both times.
const handles = new WeakMap<object, PageStateHandle>()

/**
 * The page's one poll: everything that changes while a visitor waits comes from one
 * cached read, so a crowd costs one request per visitor per interval. The first
 * caller (app.vue) owns the poller and shares it with every component below it.
 * Synchronous so callers can register their own hooks and watchers before awaiting `ready`.
 */
export function usePageState(): PageStateHandle {
  const owner = getCurrentInstance()
  const shared = inject(PAGE_STATE, null) ?? (owner && handles.get(owner))
  if (shared) return shared

  const { pollIntervalMs, hiddenPollIntervalMs } = useRuntimeConfig().public
  const state = ref<PageState | null>(null)
  const unreachable = ref(false)
  const poller = usePoller(async () => {
    try {
      // no-cache: revalidate (ETag, usually a 304) every time. Left to itself the browser
      // would apply stale-while-revalidate, meant for CDNs, and show the previous poll.
      state.value = await $fetch<PageState>('/api/state', { cache: 'no-cache' })
      unreachable.value = false
    }
    catch (error) {
      unreachable.value = true
      throw error
    }
  }, {
    intervalMs: numberSetting(pollIntervalMs, SETTING_DEFAULTS.pollIntervalMs, 1),
    hiddenIntervalMs: numberSetting(hiddenPollIntervalMs, SETTING_DEFAULTS.hiddenPollIntervalMs, 1),
  })
  onMounted(() => {
    if (!state.value) void poller.poll()
  })

  // The first state: read by the server while it renders and handed to the browser in
  // the payload (null if the server gave up), so hydration shows what the server wrote;
  // a browser rendering on its own fetches it. useState and $fetch rather than
  // useAsyncData, whose refresh/dedupe/watch machinery the page never uses (2.5 KB gz).
  const first = useState<PageState | null>('page-state', () => null)
  const fetched = useNuxtApp().isHydrating
    ? Promise.resolve()
    : $fetch<PageState>('/api/state', { timeout: import.meta.server ? SSR_TIMEOUT_MS : undefined })
        .catch(() => null)
        .then((data) => {
          first.value = data
        })
  const ready = fetched.then(() => {
    state.value = first.value
    unreachable.value = !first.value
  })
  const handle: PageStateHandle = { state: computed(() => state.value), unreachable: readonly(unreachable), refresh: poller.poll, ready }
  provide(PAGE_STATE, handle)
  if (owner) handles.set(owner, handle)
  return handle
}
