import { StoreRefusal } from '../store/refusal'
import { describeStore } from '../store/select'

const RETRY_MS = 5000

/** One line per distinct reason, so a database that stays down does not flood the log. */
function describeFailure(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown, message?: unknown }
  return [code, message].filter(value => typeof value === 'string' && value).join(': ') || String(error)
}

// Open the store when the server starts rather than on the first visitor (a new
// embedded database takes seconds to create), and close it cleanly on shutdown.
// A refusal (half a configuration, a password PostgreSQL rejects, a data folder in
// use) is the admin's to fix and will not heal by retrying: the server stops with
// the variable named. An unreachable database is different: the server keeps
// trying, answers 503 and says so in /api/health until it is back.
export default defineNitroPlugin((nitroApp) => {
  let choice
  try {
    choice = storeChoice()
  }
  catch (error) {
    if (!(error instanceof StoreRefusal)) throw error
    // Under `nuxt dev` or on Vercel every API request answers 503 and logs this again.
    refuseToStart(error.message)
    return
  }
  let lastFailure = ''
  let retry: ReturnType<typeof setTimeout> | undefined
  const attempt = () => useStore().then(
    () => console.info(`[nakanai] store: ${describeStore(choice)}${lastFailure ? ' (reachable again)' : ''}`),
    (error) => {
      if (error instanceof StoreRefusal) return refuseToStart(error.message)
      const failure = describeFailure(error)
      if (failure !== lastFailure) console.error(`[nakanai] ${describeStore(choice)} is not reachable (${failure}); trying again every ${RETRY_MS / 1000} s, the chat answers 503 meanwhile`)
      lastFailure = failure
      retry = setTimeout(attempt, RETRY_MS + 100)
    },
  )
  // Listening only once the first attempt has settled: a refusal then comes before any
  // "Listening on …", never after it. An unreachable database does not hold it up longer
  // than one attempt (3 s at most); the server then listens and answers 503 meanwhile.
  listenAfter(attempt())
  nitroApp.hooks.hook('close', async () => {
    clearTimeout(retry)
    await closeStore()
  })
})
