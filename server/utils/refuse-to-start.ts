/**
 * A setting the server cannot run with is the admin's to fix and will not heal by
 * retrying: a long-running server stops with status 1, so systemd shows the unit
 * as failed and the terminal or journal shows why. Under `nuxt dev` and on Vercel
 * there is no process to stop; the message is logged and the health check says so.
 */
export function refuseToStart(message: string): void {
  console.error(`[nakanai] refusing to start: ${message}`)
  if (!import.meta.dev && !process.env.VERCEL) process.exit(1)
}
