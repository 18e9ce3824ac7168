import { Agent, createServer, request } from 'node:http'
import { freePort } from './server.mjs'

/**
 * An HTTP forwarder in front of `target` (http://host:port) that notes every request
 * reaching it: what the server behind a front (nginx with its cache) really receives.
 * Each note is { method, path (without the query), url, authorized, at (performance.now()) }.
 */
export async function startCountingProxy(target) {
  const requests = []
  const agent = new Agent({ keepAlive: true, maxSockets: 64 })
  const server = createServer((req, res) => {
    requests.push({ method: req.method, path: req.url.split('?')[0], url: req.url, authorized: Boolean(req.headers.authorization), at: performance.now() })
    const forwarded = request(new URL(req.url, target), { method: req.method, headers: req.headers, agent }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers)
      answer.pipe(res)
    })
    forwarded.on('error', () => {
      res.writeHead(502)
      res.end()
    })
    req.pipe(forwarded)
  })
  server.keepAliveTimeout = 4000
  const port = await freePort()
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', resolve)
  })
  return {
    port,
    requests,
    /** The notes of requests matching `method` and `path` (since index `from`). */
    matching: (method, path, from = 0) => requests.slice(from).filter(note => note.method === method && note.path === path),
    stop: () => new Promise((resolve) => {
      agent.destroy()
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}
