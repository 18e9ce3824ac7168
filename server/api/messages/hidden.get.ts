// The newest hidden messages, so a moderator's mistake can be seen and restored.
const HIDDEN_LIMIT = 100

export default defineApiHandler(async (event) => {
  requireAdmin(event)
  setResponseHeader(event, 'cache-control', 'no-store')
  return { messages: await (await useStore()).hiddenMessages(HIDDEN_LIMIT) }
})
