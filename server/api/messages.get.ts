// The chat's messages alone, for scripts; the page polls GET /api/state. It has no
// per-client parameters so that a CDN and this process answer everyone from one
// store read per window.
export default defineApiHandler(async event => sendCachedJson(event, await recentMessages()))
