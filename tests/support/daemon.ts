import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { connect } from 'node:net'
import { delimiter, join } from 'node:path'
import { stopProcess } from './server'

/**
 * What the tests that run a program other than the built server share (nginx, Caddy, the
 * Vercel function): finding the program, checking a config with it, and running it in the
 * foreground until the port it was told to listen on answers, with a stop that does not
 * wait forever.
 */

/**
 * The first of `$<envVariable>`, `<name>` on PATH, and `places` that exists. A missing
 * program fails the test with `missing` (how to install it); it is never skipped.
 */
export function findProgram(name: string, envVariable: string, places: string[], missing: string): string {
  const candidates = [
    process.env[envVariable],
    ...(process.env.PATH ?? '').split(delimiter).map(dir => join(dir, name)),
    ...places,
  ].filter((candidate): candidate is string => !!candidate)
  const found = candidates.find(candidate => existsSync(candidate))
  if (!found) throw new Error(missing)
  return found
}

/** Runs a checking command (`nginx -t`, `caddy validate`) to its end: did it pass, and all it printed. */
export function check(program: string, args: string[], env?: NodeJS.ProcessEnv): { ok: boolean, output: string } {
  const result = spawnSync(program, args, { encoding: 'utf8', env })
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` }
}

// nginx, Caddy and the Vercel function stop in well under a second; one that does not is killed.
const STOP_GRACE_MS = 5_000

export interface Daemon {
  port: number
  /** What the program wrote to stderr so far (Caddy logs there). */
  readonly log: string
  stop(): Promise<void>
}

export interface DaemonOptions {
  env?: NodeJS.ProcessEnv
  /** Said when it exits before listening: more of why than stderr has (nginx's error log). */
  whyExited?: () => Promise<string>
  /** How long it may take to listen; 10 s by default. */
  readyWithinMs?: number
}

/** Runs `program` in the foreground and resolves once something listens on `port`. */
export async function startDaemon(program: string, args: string[], port: number, options: DaemonOptions = {}): Promise<Daemon> {
  const child = spawn(program, args, { stdio: ['ignore', 'ignore', 'pipe'], env: options.env })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  await waitForPort(port, async () => {
    if (child.exitCode === null) return null
    const more = await options.whyExited?.() ?? ''
    return `${program} exited with ${child.exitCode}:\n${stderr}${more ? `\n${more}` : ''}`
  }, options.readyWithinMs).catch((error) => {
    child.kill('SIGKILL')
    throw error
  })
  return {
    port,
    get log() {
      return stderr
    },
    stop: () => stopProcess(child, { graceMs: STOP_GRACE_MS }),
  }
}

/**
 * Waits until something listens on `port` (`withinMs`, 10 s by default). `failed` is asked
 * between attempts and returns why the process will never listen (it exited), or null.
 */
async function waitForPort(port: number, failed: () => Promise<string | null> | string | null, withinMs = 10_000): Promise<void> {
  const deadline = Date.now() + withinMs
  for (;;) {
    const reason = await failed()
    if (reason) throw new Error(reason)
    if (await canConnect(port)) return
    if (Date.now() > deadline) throw new Error(`nothing listened on ${port} within ${withinMs / 1000} s`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}
