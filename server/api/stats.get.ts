// Counters for the tests and `npm run bench`: how often this process asked the store
// and probed the instance.
export default defineEventHandler((event) => {
  setResponseHeader(event, 'cache-control', 'no-store')
  return { ...recentMessagesStats(), ...instanceProbeStats() }
})
