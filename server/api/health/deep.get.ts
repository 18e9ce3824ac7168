// The daily Vercel cron (vercel.json) lands here: one real query keeps the
// database awake. A path of its own, because cron paths are best without a query string.
export default defineEventHandler(event => deepHealth(event))
