// Open the store when the server starts rather than on the first visitor (a new
// embedded database takes seconds to create), and close it cleanly on shutdown.
export default defineNitroPlugin((nitroApp) => {
  useStore().catch(error => console.error('[nakanai] could not open the store:', error))
  nitroApp.hooks.hook('close', closeStore)
})
