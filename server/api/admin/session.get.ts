// Lets the page's admin view check a token before showing moderation buttons.
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  setResponseHeader(event, 'cache-control', 'no-store')
  return { ok: true }
})
