import type { ChildProcess } from 'node:child_process'

// Types of server.mjs, for the tests that share it (tests/support/server.ts).

export const ROOT: string
export const SERVER_ENTRY: string

export function buildIfStale(options?: { log?: (message: string) => void }): Promise<boolean>

export function freePort(): Promise<number>

/** Sends `signal` (SIGTERM unless told), then SIGKILL after `graceMs`; resolves once the process has exited. */
export function stopProcess(child: ChildProcess, options: { signal?: NodeJS.Signals, graceMs: number }): Promise<void>

export interface StartOptions {
  /** Environment on top of PATH, HOST, PORT, NODE_ENV=production and NUXT_DATA_DIR. */
  env?: Record<string, string>
  /** Reuse a data folder (to test restarts); a new temporary one by default, deleted by dispose(). */
  dataDir?: string
  /** A command to run the server under (e.g. ['unshare', '-rm', …]); the server's own command is appended. */
  prefix?: string[]
  /** The built server to run: .output/server/index.mjs of this checkout unless told (a copy installed elsewhere). */
  entry?: string
}

export interface SpawnedServer {
  url: string
  port: number
  pid: number
  process: ChildProcess
  dataDir: string
  /** performance.now() when the process was spawned. */
  startedAt: number
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>
  output: () => string
  /** SIGTERM (or the signal given: SIGKILL simulates a crash), then SIGKILL after 10 s. */
  stop: (signal?: NodeJS.Signals) => Promise<void>
  /** Stops and deletes the data folder when it was a temporary one. */
  dispose: () => Promise<void>
}

export interface RunningServer extends SpawnedServer {
  /** Process start to the first 200 of GET /api/messages. */
  readyMs: number
}

export function spawnServer(options?: StartOptions): Promise<SpawnedServer>
export function startServer(options?: StartOptions & { timeoutMs?: number }): Promise<RunningServer>

/** GET /api/stats: how often this process read the store and probed the instance. */
export type ServerStats = { storeReads: number, probes: number, readCached: boolean } & Record<string, unknown>

/** The admin token the bench and the tests give a server whose counters they read (GET /api/stats is admin-only). */
export const STATS_TOKEN: string
/** GET /api/stats of a server started with NUXT_ADMIN_TOKEN=STATS_TOKEN (or the token given). */
export function readStats(url: string, token?: string): Promise<ServerStats>
export function storeReads(url: string): Promise<number>
