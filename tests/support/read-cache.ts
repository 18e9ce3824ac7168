import { readStats, STATS_TOKEN } from './build'

/**
 * Resolves once the server's cached read has expired, so that its next GET asks the
 * store: a condition the server reports (GET /api/stats `readCached`), not a sleep
 * that would have to know the window. Needs the server's admin token.
 */
export async function readCacheExpired(url: string, token = STATS_TOKEN): Promise<void> {
  const deadline = Date.now() + 10_000
  while ((await readStats(url, token)).readCached) {
    if (Date.now() > deadline) throw new Error('the read cache never expired (10 s)')
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}
