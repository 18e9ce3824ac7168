// `npm run bench`: what the crowd costs the store, the server's ceiling next to
// nginx, the page's weight and the cold start, as one table and
// bench/results/latest.json. `npm run bench -- --quick` is the behaviour check
// run by the tests: store reads must not grow with visitors. See bench/README.md.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { measureReqPerS, startStaticNginx } from './lib/ceiling.mjs'
import { startCountingProxy } from './lib/counting-proxy.mjs'
import { startGuideNginx } from './lib/guide-nginx.mjs'
import { NGINX } from './lib/nginx.mjs'
import { OLD_PAGE_POLL_PATHS, PAGE_POLL_PATHS, runCrowd } from './lib/crowd.mjs'
import { measurePhone, SCENE_ENV, seedScene, serveSceneStatusPage } from './lib/first-screen.mjs'
import { measurePageWeight } from './lib/page-weight.mjs'
import { buildIfStale, ROOT, startServer, STATS_TOKEN } from './lib/server.mjs'
import { kb, mb, median, rssBytes, round, sleep } from './lib/util.mjs'

const { values: args } = parseArgs({
  options: {
    'quick': { type: 'boolean', default: false },
    'visitors': { type: 'string' },
    'large-visitors': { type: 'string' },
    'cold-start-rounds': { type: 'string' },
    'baseline-visitors': { type: 'string' },
    'duration': { type: 'string' },
    'writers': { type: 'string', default: '20' },
    'posts-per-second': { type: 'string', default: '1' },
    'ceiling-rounds': { type: 'string', default: '3' },
    'ceiling-seconds': { type: 'string', default: '5' },
    'no-browser': { type: 'boolean', default: false },
    'out': { type: 'string' },
    'old-page': { type: 'boolean', default: false },
  },
})

const quick = args.quick
// What each visitor polls: the page's one request, or (--old-page) the two the page made before GET /api/state.
const pollPaths = args['old-page'] ? OLD_PAGE_POLL_PATHS : PAGE_POLL_PATHS
const options = {
  visitors: Number(args.visitors ?? (quick ? 300 : 1000)),
  // The crowd of an outage at a large instance, full runs only.
  largeVisitors: quick ? 0 : Number(args['large-visitors'] ?? 10_000),
  coldStartRounds: Number(args['cold-start-rounds'] ?? (quick ? 1 : 5)),
  pollPaths,
  baselineVisitors: Number(args['baseline-visitors'] ?? 100),
  durationS: Number(args.duration ?? (quick ? 8 : 60)),
  writers: Number(args.writers),
  postsPerSecond: Number(args['posts-per-second']),
  ceilingRounds: Number(args['ceiling-rounds']),
  ceilingSeconds: Number(args['ceiling-seconds']),
}
const RECENT_WINDOW_S = 2
// The ceiling is measured on the page's poll, the request a crowd repeats.
const CEILING_PATH = PAGE_POLL_PATHS[0]
const TARGETS = { storeReadsPerS: 0.5, ceilingRatio: 0.5, postP99Ms: 50, pageJsGzipKb: 62, firstScreenPx: 844, hiddenPollsPerMinute: 2, rssMb: 200, firstStartRatio: 1.5, requestsPerPoll: 1, frontRequestsPerWindow: 1 }

const log = message => console.error(`[bench] ${message}`)
const benchStarted = performance.now()
const work = mkdtempSync(join(tmpdir(), 'nakanai-bench-'))
const dataDir = join(work, 'data')
const env = { NUXT_TRUST_PROXY: 'x-forwarded-for', NUXT_ADMIN_TOKEN: STATS_TOKEN }
if (process.env.BENCH_DATABASE_URL) env.NUXT_DATABASE_URL = process.env.BENCH_DATABASE_URL
const storeName = env.NUXT_DATABASE_URL ? 'PostgreSQL (BENCH_DATABASE_URL)' : 'embedded PGlite'

let server
let nginx
let counter
const cleanup = async () => {
  await nginx?.stop().catch(() => {})
  await counter?.stop().catch(() => {})
  await server?.stop().catch(() => {})
  rmSync(work, { recursive: true, force: true })
}
process.on('SIGINT', () => cleanup().finally(() => process.exit(130)))

const results = {
  date: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryMb: Math.round(totalmem() / 2 ** 20), node: process.version },
  store: storeName,
  options,
  targets: TARGETS,
}

/**
 * The crowd through real nginx running the page's block of deploy/self-host.md, with a
 * counting forwarder between nginx and nakanai: the polls per second nginx answers
 * against the requests per second that reach nakanai (per polled URL and cache window),
 * then the ceiling of the cached poll through nginx next to nginx's static one.
 */
async function runThroughNginx(staticReqPerS) {
  counter = await startCountingProxy(server.url)
  nginx = await startGuideNginx(`127.0.0.1:${counter.port}`).catch((error) => {
    log(`nginx with the guide's block failed to start: ${error.message}`)
    return null
  })
  if (!nginx) return null
  log(`through nginx (deploy/self-host.md's block): ${options.visitors} visitors polling for ${options.durationS} s, then the ceiling…`)
  // No writers: behind one nginx every post comes from the same address, the limits would refuse them.
  const crowd = await runCrowd({ url: nginx.url, pid: server.pid, visitors: options.visitors, durationS: options.durationS, writers: 0, paths: options.pollPaths })
  const reached = counter.requests.filter(note => note.method === 'GET' && !note.authorized && options.pollPaths.includes(note.path)).length
  const windows = crowd.durationS / RECENT_WINDOW_S
  const rounds = []
  for (let index = 0; index < options.ceilingRounds; index++) {
    rounds.push(await measureReqPerS(`${nginx.url}${CEILING_PATH}`, { durationS: options.ceilingSeconds, warmupS: index === 0 ? 2 : 0 }))
  }
  const ceilingReqPerS = median(rounds.map(r => r.reqPerS))
  await nginx.stop()
  await counter.stop()
  nginx = undefined
  counter = undefined
  log(`  nginx answered ${round(crowd.requestsPerS)} polls/s, nakanai saw ${round(reached / crowd.durationS, 2)}/s; ceiling through nginx ${round(ceilingReqPerS, 0)} req/s`)
  return {
    visitors: options.visitors,
    durationS: crowd.durationS,
    pollsPerS: crowd.requestsPerS,
    errors: crowd.errors,
    reachedNakanai: reached,
    reachedPerS: reached / crowd.durationS,
    reachedPerUrlPerWindow: reached / options.pollPaths.length / windows,
    ceilingReqPerS,
    staticReqPerS,
    ceilingRatio: staticReqPerS ? ceilingReqPerS / staticReqPerS : null,
    rounds,
  }
}

try {
  if (await buildIfStale({ log })) log('built')

  // Cold start, alternating: a first start on a new data folder (a new database,
  // from the build's seed), then a restart on the first folder (an existing one).
  log(`cold start: ${options.coldStartRounds} × (new data folder, then a restart on an existing one) (${storeName})…`)
  const newDatabaseMs = []
  const existingDatabaseMs = []
  let rssAfterFirstStart
  for (let round = 0; round < options.coldStartRounds; round++) {
    server = await startServer({ dataDir: round === 0 ? dataDir : join(work, `new-${round}`), env })
    newDatabaseMs.push(server.readyMs)
    if (round === 0) {
      await sleep(300)
      rssAfterFirstStart = rssBytes(server.pid)
    }
    await server.stop()
    server = await startServer({ dataDir, env })
    existingDatabaseMs.push(server.readyMs)
    if (round < options.coldStartRounds - 1) await server.stop()
  }
  results.coldStart = {
    newDatabaseMs,
    existingDatabaseMs,
    newDatabaseMedianMs: median(newDatabaseMs),
    existingDatabaseMedianMs: median(existingDatabaseMs),
    ratio: median(newDatabaseMs) / median(existingDatabaseMs),
  }
  results.rssAfterFirstStartBytes = rssAfterFirstStart
  await sleep(500)
  results.rssIdleBytes = rssBytes(server.pid)

  // Crowd: a short unrecorded warm-up (the first calls of a fresh process compile
  // JavaScript and the SQL functions' plans), the baseline crowd, then the big one.
  if (!quick) {
    log('warm-up: 5 s of the baseline crowd, not recorded…')
    await runCrowd({ url: server.url, pid: server.pid, visitors: options.baselineVisitors, durationS: 5, writers: options.writers, postsPerSecond: options.postsPerSecond, paths: options.pollPaths })
  }
  const crowd = {}
  const crowds = [['baseline', options.baselineVisitors], ['full', options.visitors]]
  if (options.largeVisitors) crowds.push(['large', options.largeVisitors])
  for (const [key, visitors] of crowds) {
    log(`crowd: ${visitors} visitors polling for ${options.durationS} s, ${options.writers} writers posting ${options.postsPerSecond}/s…`)
    crowd[key] = await runCrowd({ url: server.url, pid: server.pid, visitors, durationS: options.durationS, writers: options.writers, postsPerSecond: options.postsPerSecond, paths: options.pollPaths })
    log(`  ${crowd[key].storeReads} store reads (${round(crowd[key].storeReadsPerS, 2)}/s), ${round(crowd[key].requestsPerS)} req/s, ${crowd[key].errors} errors, peak RSS ${mb(crowd[key].rssPeakBytes)} MB`)
  }
  results.crowd = crowd

  if (!quick) {
    // Ceiling: the cached GET against nginx serving the same bytes, alternating.
    const answer = await fetch(`${server.url}${CEILING_PATH}`)
    const body = Buffer.from(await answer.arrayBuffer())
    nginx = await startStaticNginx(body, answer.headers.get('cache-control'), CEILING_PATH).catch((error) => {
      log(`nginx failed to start: ${error.message}`)
      return null
    })
    const rounds = { server: [], nginx: [] }
    log(`ceiling: ${options.ceilingRounds} rounds of ${options.ceilingSeconds} s at 100 connections${nginx ? ', alternating with nginx' : ` (no nginx at ${NGINX})`}…`)
    for (let index = 0; index < options.ceilingRounds; index++) {
      rounds.server.push(await measureReqPerS(`${server.url}${CEILING_PATH}`, { durationS: options.ceilingSeconds, warmupS: index === 0 ? 2 : 0 }))
      if (nginx) rounds.nginx.push(await measureReqPerS(`${nginx.url}${CEILING_PATH}`, { durationS: options.ceilingSeconds, warmupS: index === 0 ? 2 : 0 }))
    }
    const serverReqPerS = median(rounds.server.map(r => r.reqPerS))
    const nginxReqPerS = nginx ? median(rounds.nginx.map(r => r.reqPerS)) : null
    results.ceiling = {
      path: CEILING_PATH,
      bodyBytes: body.length,
      serverReqPerS,
      nginxReqPerS,
      ratio: nginxReqPerS ? serverReqPerS / nginxReqPerS : null,
      rounds,
      nginx: nginx ? NGINX : `unavailable (${NGINX} not found)`,
    }
    await nginx?.stop()
    nginx = undefined

    results.front = await runThroughNginx(results.ceiling.nginxReqPerS)

    log('page weight…')
    results.pageWeight = await measurePageWeight(server.url, { useBrowser: !args['no-browser'] })
    if (!args['no-browser']) {
      log('phone: the first screen with a bad day\'s content, and a hidden tab for a minute…')
      results.phone = await measurePhoneScene()
    }
  }
}
catch (error) {
  log(`failed: ${error.stack ?? error}`)
  if (server) log(`server output:\n${server.output().slice(-3000)}`)
  await cleanup()
  process.exit(2)
}
await cleanup()
results.elapsedS = (performance.now() - benchStarted) / 1000

// Verdicts: behaviour (exit code) and targets (reported).
const { baseline, full, large } = results.crowd
const runs = [baseline, full, large].filter(Boolean)
const biggest = runs.at(-1)
const readsBound = run => run.durationS / RECENT_WINDOW_S + 1
const errors = runs.reduce((total, run) => total + run.errors, 0)
const behaviour = [
  ...runs.map(run => ({ check: `store reads with ${run.visitors} visitors (${run.storeReads}) ≤ one per ${RECENT_WINDOW_S} s window + 1 (${round(readsBound(run), 1)})`, pass: run.storeReads <= readsBound(run) })),
  { check: `store reads do not grow with visitors: ${biggest.visitors} → ${round(biggest.storeReadsPerS, 3)}/s vs ${baseline.visitors} → ${round(baseline.storeReadsPerS, 3)}/s (+ at most 2 reads)`, pass: biggest.storeReads <= baseline.storeReads * (biggest.durationS / baseline.durationS) + 2 },
  { check: `no errors (no 5xx, network failure or unexpected answer): ${errors}`, pass: errors === 0 },
]
results.behaviour = behaviour

/** Its own server, with the scene of tests/e2e/first-screen.test.ts: an instance refusing connections, a status page, an update, messages. */
async function measurePhoneScene() {
  const status = await serveSceneStatusPage()
  // Port 9 (discard) on loopback: nothing listens, the instance is down.
  const scene = await startServer({ env: { ...SCENE_ENV, NUXT_PUBLIC_INSTANCE_URL: 'http://127.0.0.1:9', NUXT_PUBLIC_STATUS_PAGE_URL: status.url } })
  try {
    await seedScene(scene.url)
    return await measurePhone(scene.url)
  }
  finally {
    await scene.dispose()
    await status.close()
  }
}

const rows = []
const row = (figure, measured, baselineText, target, pass) => rows.push({ figure, measured, baseline: baselineText, target, verdict: pass === null || pass === undefined ? '' : pass ? 'ok' : 'MISSED' })
const f = (value, digits = 1) => (value === null || value === undefined ? 'n/a' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }))
const refusals = run => Object.entries(run.post.refused).map(([code, count]) => `${count} ${code}`).join(', ') || 'none'

const visitorsText = run => `${run.visitors.toLocaleString('en-US')} visitors`
const others = run => runs.filter(other => other !== run)
const flat = behaviour.at(-2).pass
row('Store reads/s (crowd)', `${f(full.storeReadsPerS, 2)} (${visitorsText(full)})`, others(full).map(run => `${f(run.storeReadsPerS, 2)} (${visitorsText(run)})`).join(', '), `≤ ${TARGETS.storeReadsPerS}, flat`, full.storeReadsPerS <= TARGETS.storeReadsPerS && flat)
if (large) row(`Store reads/s (${visitorsText(large)})`, f(large.storeReadsPerS, 2), `ratio to ${visitorsText(baseline)} ${f(large.storeReadsPerS / baseline.storeReadsPerS, 2)}`, `≤ ${TARGETS.storeReadsPerS}, flat`, large.storeReadsPerS <= TARGETS.storeReadsPerS && flat)
row('Requests per visitor per poll', `${f(biggest.requestsPerPoll, 2)} (${biggest.paths.join(' + ')})`, args['old-page'] ? 'the page before GET /api/state (--old-page)' : `the page before GET /api/state: ${OLD_PAGE_POLL_PATHS.length} (--old-page)`, `${TARGETS.requestsPerPoll}`, Math.round(biggest.requestsPerPoll * 100) / 100 <= TARGETS.requestsPerPoll)
for (const run of runs) row(`Requests/s served (${visitorsText(run)})`, f(run.requestsPerS), run === baseline ? '' : `ratio to ${visitorsText(baseline)} ${f(run.requestsPerS / baseline.requestsPerS, 2)}`, '', null)
row('GET p50 / p99 (crowd)', `${f(full.get.p50Ms, 2)} / ${f(full.get.p99Ms, 2)} ms`, others(full).map(run => `${f(run.get.p50Ms, 2)} / ${f(run.get.p99Ms, 2)} ms (${visitorsText(run)})`).join(', '), '', null)
row('POST p50 / p99 (crowd)', `${f(full.post.p50Ms, 2)} / ${f(full.post.p99Ms, 2)} ms (n=${full.post.count})`, others(full).map(run => `${f(run.post.p50Ms, 2)} / ${f(run.post.p99Ms, 2)} ms (${visitorsText(run)})`).join(', '), `p99 < ${TARGETS.postP99Ms} ms`, full.post.p99Ms < TARGETS.postP99Ms)
row('Posts stored / refused (crowd)', `${full.post.created} / ${refusals(full)}`, others(full).map(run => `${run.post.created} / ${refusals(run)}`).join(', '), 'refusals expected only above 120/min', null)
row('Errors (crowds)', runs.map(run => String(run.errors)).join(' / '), runs.map(visitorsText).join(' / '), '0', behaviour.at(-1).pass)
for (const run of [full, large].filter(Boolean)) row(`Server RSS peak (${visitorsText(run)})`, `${f(mb(run.rssPeakBytes))} MB`, run === full ? `${f(mb(baseline.rssPeakBytes))} MB (${visitorsText(baseline)})` : '', `≤ ${TARGETS.rssMb} MB`, mb(run.rssPeakBytes) <= TARGETS.rssMb)
row('Server RSS after first start (new db)', `${f(mb(results.rssAfterFirstStartBytes))} MB`, `idle after restart: ${f(mb(results.rssIdleBytes))} MB`, '', null)
if (results.ceiling) {
  const { ceiling } = results
  row('Cached GET req/s @100 conn', f(ceiling.serverReqPerS, 0), ceiling.nginxReqPerS ? `nginx static ${f(ceiling.nginxReqPerS, 0)}, ratio ${f(ceiling.ratio, 2)}` : 'nginx row unavailable (not installed)', `≥ ${TARGETS.ceilingRatio}× nginx`, ceiling.ratio === null ? null : ceiling.ratio >= TARGETS.ceilingRatio)
}
if (results.front) {
  const { front } = results
  row(`Polls/s at nginx, guide's block (${front.visitors.toLocaleString('en-US')} visitors)`, f(front.pollsPerS), `reaching nakanai: ${f(front.reachedPerS, 2)}/s (${front.reachedNakanai} in ${f(front.durationS, 0)} s), ${front.errors} errors`, '', null)
  row('Requests reaching nakanai per URL per 2 s window', f(front.reachedPerUrlPerWindow, 2), 'whatever the crowd', `≤ ${TARGETS.frontRequestsPerWindow}`, front.reachedPerUrlPerWindow <= TARGETS.frontRequestsPerWindow)
  row('Cached GET req/s @100 conn through nginx', f(front.ceilingReqPerS, 0), front.staticReqPerS ? `nginx static ${f(front.staticReqPerS, 0)}, ratio ${f(front.ceilingRatio, 2)}` : 'no static figure', '', null)
}
if (results.pageWeight) {
  const page = results.pageWeight
  // One row per language: the visitor's locale is its own chunk, so each language
  // should cost about what English does (the "vs en" difference), not the sum of all.
  for (const weight of Object.values(page.byLanguage)) {
    const served = weight.jsServedBytes === null ? '' : `; as served ${f(kb(weight.jsServedBytes))} KB (${weight.jsServedEncodings.join(', ')})`
    const versus = weight === page.byLanguage.en || !page.byLanguage.en ? '' : `; vs en ${weight.jsGzipBytes >= page.byLanguage.en.jsGzipBytes ? '+' : '−'}${f(kb(Math.abs(weight.jsGzipBytes - page.byLanguage.en.jsGzipBytes)), 2)} KB gz`
    row(`Page JS, first visit (${weight.language})`, `${f(kb(weight.jsGzipBytes))} KB gz in ${weight.jsFiles} files`, `raw ${f(kb(weight.jsBytes))} KB${served}${versus}`, `≤ ${TARGETS.pageJsGzipKb} KB gz`, kb(weight.jsGzipBytes) <= TARGETS.pageJsGzipKb)
  }
  row('Page JS prefetched at idle (en)', `${f(kb(page.prefetchedGzipBytes))} KB gz`, `${page.prefetched.length} files, not needed to show the page`, '', null)
  row('Page CSS, gzip (files)', `${f(kb(page.cssGzipBytes))} KB`, 'page CSS is inlined in the HTML', '', null)
  row('HTML of / (raw / gzip)', `${f(kb(page.htmlBytes))} / ${f(kb(page.htmlGzipBytes))} KB`, `with ${Math.min(50, full.post.created + baseline.post.created)}+ messages`, '', null)
}
if (results.phone) {
  const { firstScreen, hidden } = results.phone
  row('First screen 390×844: chat message box top (ja / en)', `${firstScreen.ja.chatBoxTop} / ${firstScreen.en.chatBoxTop} px`, `first message at ${firstScreen.ja.firstMessageTop} / ${firstScreen.en.firstMessageTop} px; page ${firstScreen.ja.pageHeight} / ${firstScreen.en.pageHeight} px`, `≤ ${TARGETS.firstScreenPx} px`, Math.max(firstScreen.ja.chatBoxTop, firstScreen.en.chatBoxTop) <= TARGETS.firstScreenPx)
  row('Hidden tab: requests of /api/state per minute', f(hidden.perMinute, 2), `${hidden.polls} in ${hidden.seconds} s hidden; a visible tab: 12/min`, `≤ ${TARGETS.hiddenPollsPerMinute}`, hidden.perMinute <= TARGETS.hiddenPollsPerMinute)
}
{
  const { coldStart } = results
  row('First start → first GET, new data folder', `${f(coldStart.newDatabaseMedianMs, 0)} ms (median of ${coldStart.newDatabaseMs.length})`, `restart on an existing one: ${f(coldStart.existingDatabaseMedianMs, 0)} ms; ratio ${f(coldStart.ratio, 2)}`, `≤ ${TARGETS.firstStartRatio}×`, coldStart.ratio <= TARGETS.firstStartRatio)
}
results.table = rows

const headers = { figure: 'Figure', measured: 'Measured', baseline: 'Baseline / ratio', target: 'Target', verdict: '' }
const widths = Object.fromEntries(Object.keys(headers).map(key => [key, Math.max(headers[key].length, ...rows.map(r => r[key].length))]))
const line = r => `| ${Object.keys(headers).map(key => r[key].padEnd(widths[key])).join(' | ')} |`
console.log(`\nnakanai bench (${results.mode}) — ${storeName}, ${results.machine.cpus} × ${results.machine.cpuModel}, Node ${process.version}, ${round(results.elapsedS, 0)} s`)
console.log(line(headers))
console.log(`|${Object.keys(headers).map(key => '-'.repeat(widths[key] + 2)).join('|')}|`)
for (const r of rows) console.log(line(r))
for (const { check, pass } of behaviour) console.log(`${pass ? 'ok    ' : 'FAILED'} ${check}`)
const samples = runs.flatMap(run => run.errorSamples)
if (samples.length) console.log(`error samples: ${samples.join('\n  ')}`)

const out = args.out ?? join(ROOT, 'bench/results', quick ? 'quick.json' : 'latest.json')
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`)
console.log(`\nwritten to ${out}`)
process.exit(behaviour.every(({ pass }) => pass) ? 0 : 1)
