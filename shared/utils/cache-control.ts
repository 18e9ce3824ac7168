/**
 * For the polled reads (`/api/state`, `/api/messages`): a shared cache (Vercel's CDN,
 * nginx) answers for 2 s, so N visitors cost one server read per window; browsers
 * revalidate every time (max-age=0) and usually get a 304.
 */
export const POLL_CACHE_CONTROL = 'public, max-age=0, s-maxage=2, stale-while-revalidate=10'
