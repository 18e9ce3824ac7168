import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT, SERVER_ENTRY } from './build'

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

export interface RunningServer {
  url: string
  dataDir: string
  process: ChildProcess
  output: () => string
  /** Stops the process (SIGTERM, or SIGKILL to simulate a crash). */
  stop: (signal?: NodeJS.Signals) => Promise<void>
  /** Stops and deletes the data folder. */
  dispose: () => Promise<void>
}

export interface StartOptions {
  env?: Record<string, string>
  /** Reuse a data folder (to test restarts); a new temporary one by default. */
  dataDir?: string
}

/** Starts the built production server (`node .output/server/index.mjs`) and waits until it answers. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const port = await freePort()
  const dataDir = options.dataDir ?? join(mkdtempSync(join(tmpdir(), 'nakanai-')), 'data')
  let log = ''
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: String(port),
      NUXT_DATA_DIR: dataDir,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (chunk) => {
    log += chunk
  })
  child.stderr!.on('data', (chunk) => {
    log += chunk
  })
  const url = `http://127.0.0.1:${port}`

  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise(resolve => child.once('exit', resolve))
    child.kill(signal)
    await exited
  }

  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${log}`)
    try {
      const response = await fetch(`${url}/api/messages`)
      if (response.ok) break
    }
    catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop('SIGKILL')
      throw new Error(`server did not answer within 60 s:\n${log}`)
    }
    await new Promise(resolve => setTimeout(resolve, 100))
  }

  return {
    url,
    dataDir,
    process: child,
    output: () => log,
    stop,
    dispose: async () => {
      await stop()
      if (!options.dataDir) rmSync(join(dataDir, '..'), { recursive: true, force: true })
    },
  }
}
