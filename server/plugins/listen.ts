import { DEFAULT_HOST, DEFAULT_PORT } from '../default-address'

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\./.test(host)

// The built server (Nitro's node-server) reads HOST and PORT after the plugins
// have run, and listens on every interface when HOST is unset: with
// NUXT_TRUST_PROXY set, anyone reaching the port directly could then claim any
// address. Without HOST it listens on this machine only; HOST=0.0.0.0 opens it.
export default defineNitroPlugin(() => {
  if (import.meta.dev || process.env.VERCEL) return
  if (!process.env.NITRO_HOST && !process.env.HOST) process.env.HOST = DEFAULT_HOST
  if (!process.env.NITRO_PORT && !process.env.PORT) process.env.PORT = String(DEFAULT_PORT)
  const host = process.env.NITRO_HOST || process.env.HOST || ''
  if (useRuntimeConfig().trustProxy && !isLoopback(host)) {
    console.warn(`[nakanai] NUXT_TRUST_PROXY is set and HOST=${host} listens beyond this machine: anyone who reaches the port directly can claim any address. Keep the port closed to the outside.`)
  }
  // A port taken by another process made Node report an uncaught exception and run
  // on listening to nothing (exit code 0, systemd "active"). Stop at once instead.
  process.on('uncaughtException', (error: NodeJS.ErrnoException) => {
    if (error.syscall !== 'listen') return
    const where = `${process.env.NITRO_HOST || process.env.HOST}:${process.env.NITRO_PORT || process.env.PORT}`
    const reason = error.code === 'EADDRINUSE'
      ? `${where} is already in use by another process. Stop it, or set PORT (and HOST) to a free address.`
      : `cannot listen on ${where} (${error.code}). Set PORT (and HOST) to an address this user may use.`
    console.error(`[nakanai] refusing to start: ${reason}`)
    process.exit(1)
  })
})
