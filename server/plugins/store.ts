import { StoreRefusal } from '../store/refusal'

// A refusal (half a configuration, a schema that is behind) is the admin's to fix
// and will not heal by retrying: a long-running server stops, so systemd or the
// terminal shows it at once. An unreachable database is different: the server keeps
// running and answers 503 until it is back, as the down page must.
function refuse(error: StoreRefusal): void {
  console.error(`[nakanai] refusing to start: ${error.message}`)
  if (!import.meta.dev && !process.env.VERCEL) process.exit(1)
}

// Open the store when the server starts rather than on the first visitor (a new
// embedded database takes seconds to create), and close it cleanly on shutdown.
export default defineNitroPlugin((nitroApp) => {
  try {
    storeChoice()
  }
  catch (error) {
    if (!(error instanceof StoreRefusal)) throw error
    refuse(error)
    // Under `nuxt dev` or on Vercel every API request answers 503 and logs this again.
    return
  }
  useStore().catch((error) => {
    if (error instanceof StoreRefusal) return refuse(error)
    console.error('[nakanai] could not open the store:', error)
  })
  nitroApp.hooks.hook('close', closeStore)
})
