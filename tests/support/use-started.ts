import { afterAll, beforeAll } from 'vitest'

/**
 * Something a file's tests share (a fake server, a database server), started before the
 * tests of this file (or describe block) and stopped after them. What it returns stands
 * for the started thing from the first test on. Hooks run in order of registration and
 * the afterAll ones in reverse: register what another needs first, and it stops last.
 */
export function useStarted<T extends object>(start: () => Promise<T>, stop: (started: T) => unknown, timeoutMs?: number): T {
  let started: T | undefined
  beforeAll(async () => {
    started = await start()
  }, timeoutMs)
  afterAll(async () => {
    if (started) await stop(started)
  })
  return new Proxy({} as T, {
    get(_, key) {
      if (!started) throw new Error(`${String(key)} is read before the beforeAll hook started it`)
      const value: unknown = Reflect.get(started, key)
      return typeof value === 'function' ? value.bind(started) : value
    },
  })
}
