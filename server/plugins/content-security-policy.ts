// Sets the Content-Security-Policy of every server-rendered page, hashing the inline
// scripts it actually contains. Not in development: Vite's client injects its own.
export default defineNitroPlugin((nitroApp) => {
  if (import.meta.dev) return
  nitroApp.hooks.hook('render:response', (response) => {
    if (typeof response.body !== 'string') return
    response.headers ??= {}
    response.headers['content-security-policy'] = contentSecurityPolicy(response.body, useRuntimeConfig().public.statusPageUrl)
  })
})
