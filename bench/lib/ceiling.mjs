import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import autocannon from 'autocannon'
import { startNginx } from './nginx.mjs'

function cannon(url, { connections, durationS }) {
  return autocannon({ url, connections, duration: durationS, pipelining: 1 })
}

/** requests/s, latency and failures of one autocannon run, after a short warm-up. */
export async function measureReqPerS(url, { connections = 100, durationS = 10, warmupS = 2 } = {}) {
  if (warmupS > 0) await cannon(url, { connections, durationS: warmupS })
  const result = await cannon(url, { connections, durationS })
  return {
    reqPerS: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    bytesPerRequest: result.requests.total ? result.throughput.total / result.requests.total : null,
  }
}

/**
 * nginx (Debian's package) in its own temporary prefix, serving `body` as a static
 * file at `path` with the server's Cache-Control; null when nginx is not installed.
 */
export async function startStaticNginx(body, cacheControl, path) {
  return startNginx((dir, port) => {
    const www = join(dir, 'www')
    mkdirSync(join(www, dirname(path)), { recursive: true })
    writeFileSync(join(www, path), body)
    return `
  server {
    listen 127.0.0.1:${port};
    root ${www};
    location = ${path} {
      default_type 'application/json; charset=utf-8';
      add_header cache-control '${cacheControl}';
    }
  }`
  }, path)
}
