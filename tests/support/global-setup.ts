import { buildOnce } from './build'

// Builds the production server once for every system test (skipped when the
// existing .output is newer than the sources).
export default async function setup() {
  await buildOnce()
}
