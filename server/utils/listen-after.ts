import { Server } from 'node:net'

/**
 * Holds the built server's listen() until `ready` has settled. Nitro's node-server
 * entry listens (and prints "Listening on …") as soon as the plugins have run, but
 * whether the store can be used at all (a full disk, a data folder owned by root, a
 * role PostgreSQL refuses) is known only later: a refused start then read in the
 * journal as if it had started. Under `nuxt dev` the dev server listens and on Vercel
 * nothing does: there it does nothing.
 */
export function listenAfter(ready: Promise<unknown>): void {
  if (import.meta.dev || process.env.VERCEL) return
  // The entry calls listen() once, right after the plugins (nitropack's node-server.mjs),
  // on an http or https server: both inherit it from net.Server.
  const listen = Server.prototype.listen
  Server.prototype.listen = function (this: Server, ...args: unknown[]) {
    Server.prototype.listen = listen
    // Stopped (SIGTERM) before it listens, Nitro's graceful shutdown closes the server:
    // not an error (Node's own close() would report ERR_SERVER_NOT_RUNNING, unhandled),
    // and it must not start listening after that.
    let stopped = false
    this.close = (callback?: (error?: Error) => void) => {
      stopped = true
      if (callback) queueMicrotask(callback)
      return this
    }
    void ready.finally(() => {
      delete (this as Partial<Server>).close
      if (!stopped) listen.apply(this, args as Parameters<Server['listen']>)
    })
    return this
  } as Server['listen']
}
