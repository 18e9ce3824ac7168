// One helper starts the built server for the tests and `npm run bench` alike:
// production mode, a free port, a temporary data folder, stop with escalation.
export { freePort, spawnServer, startServer, stopProcess } from '../../bench/lib/server.mjs'
export type { RunningServer, SpawnedServer, StartOptions } from '../../bench/lib/server.mjs'
