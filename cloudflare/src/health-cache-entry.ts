// Where and for how long the Worker keeps the origin's health in each location's cache
// (read by the tests, which is why it imports nothing of the Workers runtime).

/** At most one /healthz check per location per this many seconds. */
export const HEALTH_CHECK_SECONDS = 10
/** The cache key's path on the instance's host (never requested from the origin). */
export const HEALTH_CACHE_PATH = '/.nakanai/origin-health'
