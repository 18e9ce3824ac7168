import { Agent, request } from 'node:http'
import { percentile, rssSampler, sleep } from './util.mjs'
import { storeReads } from './server.mjs'

/**
 * One HTTP exchange over a keep-alive agent: status, body text and milliseconds
 * from sending to the last byte. Network failures resolve with status 0.
 */
function exchange(agent, url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve) => {
    const started = performance.now()
    const req = request(url, { agent, method, headers }, (res) => {
      const chunks = []
      res.on('data', chunk => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }))
      res.on('error', error => resolve({ status: 0, error, ms: performance.now() - started }))
    })
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')))
    req.on('error', error => resolve({ status: 0, error, ms: performance.now() - started }))
    req.end(body)
  })
}

const uniform = (low, high) => low + Math.random() * (high - low)

/** What the page requests at each poll (composables/usePageState.ts): one request per visitor per interval. */
export const PAGE_POLL_PATHS = ['/api/state']
/** What the page requested before GET /api/state: messages and instance state apart. */
export const OLD_PAGE_POLL_PATHS = ['/api/messages', '/api/instance']

/**
 * The crowd: `visitors` pages each requesting `paths` every `pollMs` (±20 %
 * jitter, first poll spread over one interval, as visitors arriving over time and
 * browsers' timers drifting) with If-None-Match like a browser's HTTP cache, while
 * `writers` post `postsPerSecond` messages between them, each from its own address
 * (X-Forwarded-For, trusted by the server under NUXT_TRUST_PROXY).
 *
 * Requests go through keep-alive pools (`sockets` connections for readers, one per
 * writer) rather than one socket per visitor: in production the crowd reaches the
 * Node process through a reverse proxy or CDN that pools upstream connections.
 */
export async function runCrowd({ url, pid, visitors, durationS, writers = 20, postsPerSecond = 1, pollMs = 5000, sockets = 64, paths = PAGE_POLL_PATHS }) {
  // Idle sockets are closed after 4 s, before the server's 5 s keep-alive timeout would
  // close them under a request just being sent (ECONNRESET): what a pooling proxy does.
  const readAgent = new Agent({ keepAlive: true, maxSockets: sockets, timeout: 4000 })
  const writeAgent = new Agent({ keepAlive: true, maxSockets: writers, timeout: 4000 })
  const get = { latencies: [], ok: 0, notModified: 0, errors: 0 }
  const post = { latencies: [], created: 0, refused: {}, errors: 0 }
  const errorSamples = []
  const noteError = (what, result) => {
    if (errorSamples.length < 5) errorSamples.push(`${what}: ${result.status || result.error?.message} ${result.text?.slice(0, 200) ?? ''}`)
  }

  const rss = rssSampler(pid)
  const readsBefore = await storeReads(url)
  const startedAt = performance.now()
  const endsAt = startedAt + durationS * 1000
  let running = true
  // Sleeps that end early when the run stops, so the crowd winds down at once.
  const pending = new Set()
  const pause = ms => new Promise((resolve) => {
    const entry = { resolve, timer: setTimeout(() => {
      pending.delete(entry)
      resolve()
    }, ms) }
    pending.add(entry)
  })
  const stopAll = () => {
    running = false
    for (const entry of pending) {
      clearTimeout(entry.timer)
      entry.resolve()
    }
    pending.clear()
  }

  let polls = 0
  let sent = 0
  async function visitor() {
    const etags = new Map()
    await pause(uniform(0, pollMs))
    while (running && performance.now() < endsAt) {
      polls++
      // The page's requests of one poll go out together, as its composables start them.
      await Promise.all(paths.map(async (path) => {
        const etag = etags.get(path)
        sent++
        const result = await exchange(readAgent, `${url}${path}`, { headers: etag ? { 'if-none-match': etag } : {} })
        if (!running) return
        get.latencies.push(result.ms)
        if (result.status === 200 && result.text.startsWith('{')) {
          get.ok++
          etags.set(path, result.headers.etag)
        }
        else if (result.status === 304) {
          get.notModified++
        }
        else {
          get.errors++
          noteError(`GET ${path}`, result)
        }
      }))
      await pause(pollMs * uniform(0.8, 1.2))
    }
  }

  async function writer(index) {
    const periodMs = (writers / postsPerSecond) * 1000
    const address = `10.77.${Math.floor(index / 250)}.${(index % 250) + 1}`
    let sequence = 0
    // Writers take turns: staggered starts, then each one every `periodMs` (±10 %).
    await pause((index / writers) * periodMs)
    while (running && performance.now() < endsAt) {
      const body = JSON.stringify({ body: `bench writer ${index} message ${++sequence} ${Math.random().toString(36).slice(2, 8)}`, name: `bench-${index}` })
      const result = await exchange(writeAgent, `${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-forwarded-for': address },
        body,
      })
      if (!running) break
      post.latencies.push(result.ms)
      let code
      try {
        code = JSON.parse(result.text).error?.code
      }
      catch {
        // not JSON: counted as an error below
      }
      if (result.status === 201) post.created++
      else if ((result.status === 429 && (code === 'busy' || code === 'rate_limited')) || (result.status === 422 && code === 'duplicate')) post.refused[code] = (post.refused[code] ?? 0) + 1
      else {
        post.errors++
        noteError('POST', result)
      }
      await pause(periodMs * uniform(0.9, 1.1))
    }
  }

  const tasks = [
    ...Array.from({ length: visitors }, () => visitor()),
    ...Array.from({ length: writers }, (_, index) => writer(index)),
  ]
  await sleep(durationS * 1000)
  const readsAfter = await storeReads(url)
  const elapsedS = (performance.now() - startedAt) / 1000
  stopAll()
  const rssPeak = rss.peak()
  rss.stop()
  await Promise.all(tasks)
  readAgent.destroy()
  writeAgent.destroy()

  const requests = get.latencies.length + post.latencies.length
  return {
    visitors,
    writers,
    postsPerSecond,
    durationS: elapsedS,
    storeReads: readsAfter - readsBefore,
    storeReadsPerS: (readsAfter - readsBefore) / elapsedS,
    requestsPerS: requests / elapsedS,
    paths,
    /** GET requests sent per visitor per poll interval: what one open page costs. */
    requestsPerPoll: polls ? sent / polls : null,
    get: {
      count: get.latencies.length,
      ok: get.ok,
      notModified: get.notModified,
      p50Ms: percentile(get.latencies, 50),
      p99Ms: percentile(get.latencies, 99),
      errors: get.errors,
    },
    post: {
      count: post.latencies.length,
      created: post.created,
      refused: post.refused,
      p50Ms: percentile(post.latencies, 50),
      p99Ms: percentile(post.latencies, 99),
      maxMs: percentile(post.latencies, 100),
      errors: post.errors,
    },
    errors: get.errors + post.errors,
    errorSamples,
    rssPeakBytes: rssPeak,
  }
}
