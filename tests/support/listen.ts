import type { Server, Socket } from 'node:net'

export interface Listener {
  /** The port of the first listen; later listens reuse it. */
  readonly port: number
  readonly listening: boolean
  /** Listens on 127.0.0.1 (the port given, else a free one the first time, else the same one again). */
  listen(port?: number): Promise<number>
  /** Cuts every open connection (a hung request, a keep-alive socket). */
  dropConnections(): void
  /** Cuts every connection and stops listening: the port refuses connections until listen() again. */
  stop(): Promise<void>
}

/**
 * Listening, connection tracking and a stop that does not wait for idle sockets, for
 * every server a test starts (fake Misskey, fake instance, fake status page, Supabase
 * stub, a port that accepts and never answers).
 */
export function listener(server: Server): Listener {
  const sockets = new Set<Socket>()
  let port = 0
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  const dropConnections = () => {
    for (const socket of sockets) socket.destroy()
  }
  return {
    get port() {
      return port
    },
    get listening() {
      return server.listening
    },
    listen: requested => new Promise<number>((resolve, reject) => {
      server.once('error', reject)
      server.listen(requested ?? port, '127.0.0.1', () => {
        server.off('error', reject)
        port = (server.address() as { port: number }).port
        resolve(port)
      })
    }),
    dropConnections,
    stop: () => new Promise<void>((resolve) => {
      dropConnections()
      if (!server.listening) return resolve()
      server.close(() => resolve())
    }),
  }
}
