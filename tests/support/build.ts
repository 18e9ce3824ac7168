import { buildIfStale, readStats, ROOT, SERVER_ENTRY, STATS_TOKEN } from '../../bench/lib/server.mjs'

export { readStats, ROOT, SERVER_ENTRY, STATS_TOKEN }

/**
 * Builds the production server unless .output is already newer than every source,
 * with the same staleness check and lock as `npm run bench` (one implementation, in
 * plain JavaScript so the bench runs on Node 20 without a TypeScript loader).
 */
export async function buildOnce(): Promise<void> {
  await buildIfStale()
}
