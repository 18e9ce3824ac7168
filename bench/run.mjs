// `npm run bench`: what the crowd costs the store, the server's ceiling next to
// nginx, the page's weight and the cold start, as one table and
// bench/results/latest.json. `npm run bench -- --quick` is the behaviour check
// run by the tests: store reads must not grow with visitors. See bench/README.md.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { measureReqPerS, NGINX, startNginx } from './lib/ceiling.mjs'
import { runCrowd } from './lib/crowd.mjs'
import { measurePageWeight } from './lib/page-weight.mjs'
import { buildIfStale, ROOT, startServer } from './lib/server.mjs'
import { kb, mb, median, rssBytes, round, sleep } from './lib/util.mjs'

const { values: args } = parseArgs({
  options: {
    'quick': { type: 'boolean', default: false },
    'visitors': { type: 'string' },
    'baseline-visitors': { type: 'string' },
    'duration': { type: 'string' },
    'writers': { type: 'string', default: '20' },
    'posts-per-second': { type: 'string', default: '1' },
    'ceiling-rounds': { type: 'string', default: '3' },
    'ceiling-seconds': { type: 'string', default: '5' },
    'no-browser': { type: 'boolean', default: false },
    'out': { type: 'string' },
  },
})

const quick = args.quick
const options = {
  visitors: Number(args.visitors ?? (quick ? 300 : 1000)),
  baselineVisitors: Number(args['baseline-visitors'] ?? 100),
  durationS: Number(args.duration ?? (quick ? 8 : 60)),
  writers: Number(args.writers),
  postsPerSecond: Number(args['posts-per-second']),
  ceilingRounds: Number(args['ceiling-rounds']),
  ceilingSeconds: Number(args['ceiling-seconds']),
}
const RECENT_WINDOW_S = 2
const TARGETS = { storeReadsPerS: 0.5, ceilingRatio: 0.5, postP99Ms: 50, pageJsGzipKb: 70, rssMb: 200 }

const log = message => console.error(`[bench] ${message}`)
const benchStarted = performance.now()
const work = mkdtempSync(join(tmpdir(), 'nakanai-bench-'))
const dataDir = join(work, 'data')
const env = { NUXT_TRUST_PROXY: 'x-forwarded-for' }
if (process.env.BENCH_DATABASE_URL) env.NUXT_DATABASE_URL = process.env.BENCH_DATABASE_URL
const storeName = env.NUXT_DATABASE_URL ? 'PostgreSQL (BENCH_DATABASE_URL)' : 'embedded PGlite'

let server
let nginx
const cleanup = async () => {
  await nginx?.stop().catch(() => {})
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

try {
  if (await buildIfStale({ log })) log('built')

  // Cold start: a new database (created by this start), then the same one again.
  log(`cold start on a new database (${storeName})…`)
  server = await startServer({ dataDir, env })
  const newDatabaseMs = server.readyMs
  await sleep(300)
  const rssAfterFirstStart = rssBytes(server.pid)
  const existingDatabaseMs = []
  if (!quick) {
    for (let round = 0; round < 3; round++) {
      await server.stop()
      server = await startServer({ dataDir, env })
      existingDatabaseMs.push(server.readyMs)
    }
  }
  results.coldStart = { newDatabaseMs, existingDatabaseMs, existingDatabaseMedianMs: median(existingDatabaseMs) }
  results.rssAfterFirstStartBytes = rssAfterFirstStart
  await sleep(500)
  results.rssIdleBytes = rssBytes(server.pid)

  // Crowd: a short unrecorded warm-up (the first calls of a fresh process compile
  // JavaScript and the SQL functions' plans), the baseline crowd, then the big one.
  if (!quick) {
    log('warm-up: 5 s of the baseline crowd, not recorded…')
    await runCrowd({ url: server.url, pid: server.pid, visitors: options.baselineVisitors, durationS: 5, writers: options.writers, postsPerSecond: options.postsPerSecond })
  }
  const crowd = {}
  for (const [key, visitors] of [['baseline', options.baselineVisitors], ['full', options.visitors]]) {
    log(`crowd: ${visitors} visitors polling for ${options.durationS} s, ${options.writers} writers posting ${options.postsPerSecond}/s…`)
    crowd[key] = await runCrowd({ url: server.url, pid: server.pid, visitors, durationS: options.durationS, writers: options.writers, postsPerSecond: options.postsPerSecond })
    log(`  ${crowd[key].storeReads} store reads (${round(crowd[key].storeReadsPerS, 2)}/s), ${round(crowd[key].requestsPerS)} req/s, ${crowd[key].errors} errors`)
  }
  results.crowd = crowd

  if (!quick) {
    // Ceiling: the cached GET against nginx serving the same bytes, alternating.
    const body = Buffer.from(await (await fetch(`${server.url}/api/messages`)).arrayBuffer())
    nginx = await startNginx(body).catch((error) => {
      log(`nginx failed to start: ${error.message}`)
      return null
    })
    const rounds = { server: [], nginx: [] }
    log(`ceiling: ${options.ceilingRounds} rounds of ${options.ceilingSeconds} s at 100 connections${nginx ? ', alternating with nginx' : ` (no nginx at ${NGINX})`}…`)
    for (let index = 0; index < options.ceilingRounds; index++) {
      rounds.server.push(await measureReqPerS(`${server.url}/api/messages`, { durationS: options.ceilingSeconds, warmupS: index === 0 ? 2 : 0 }))
      if (nginx) rounds.nginx.push(await measureReqPerS(nginx.url, { durationS: options.ceilingSeconds, warmupS: index === 0 ? 2 : 0 }))
    }
    const serverReqPerS = median(rounds.server.map(r => r.reqPerS))
    const nginxReqPerS = nginx ? median(rounds.nginx.map(r => r.reqPerS)) : null
    results.ceiling = {
      bodyBytes: body.length,
      serverReqPerS,
      nginxReqPerS,
      ratio: nginxReqPerS ? serverReqPerS / nginxReqPerS : null,
      rounds,
      nginx: nginx ? NGINX : `unavailable (${NGINX} not found)`,
    }
    await nginx?.stop()
    nginx = undefined

    log('page weight…')
    results.pageWeight = await measurePageWeight(server.url, { useBrowser: !args['no-browser'] })
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
const { baseline, full } = results.crowd
const readsBound = run => run.durationS / RECENT_WINDOW_S + 1
const behaviour = [
  { check: `store reads with ${full.visitors} visitors (${full.storeReads}) ≤ one per ${RECENT_WINDOW_S} s window + 1 (${round(readsBound(full), 1)})`, pass: full.storeReads <= readsBound(full) },
  { check: `store reads with ${baseline.visitors} visitors (${baseline.storeReads}) ≤ one per ${RECENT_WINDOW_S} s window + 1 (${round(readsBound(baseline), 1)})`, pass: baseline.storeReads <= readsBound(baseline) },
  { check: `store reads do not grow with visitors: ${full.visitors} → ${round(full.storeReadsPerS, 3)}/s vs ${baseline.visitors} → ${round(baseline.storeReadsPerS, 3)}/s (+ at most 2 reads)`, pass: full.storeReads <= baseline.storeReads * (full.durationS / baseline.durationS) + 2 },
  { check: `no errors (no 5xx, network failure or unexpected answer): ${baseline.errors + full.errors}`, pass: baseline.errors + full.errors === 0 },
]
results.behaviour = behaviour

const rows = []
const row = (figure, measured, baselineText, target, pass) => rows.push({ figure, measured, baseline: baselineText, target, verdict: pass === null || pass === undefined ? '' : pass ? 'ok' : 'MISSED' })
const f = (value, digits = 1) => (value === null || value === undefined ? 'n/a' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }))
const refusals = run => Object.entries(run.post.refused).map(([code, count]) => `${count} ${code}`).join(', ') || 'none'

row('Store reads/s (crowd)', `${f(full.storeReadsPerS, 2)} (${full.visitors} visitors)`, `${f(baseline.storeReadsPerS, 2)} (${baseline.visitors} visitors), ratio ${f(full.storeReadsPerS / baseline.storeReadsPerS, 2)}`, `≤ ${TARGETS.storeReadsPerS}, flat`, full.storeReadsPerS <= TARGETS.storeReadsPerS && behaviour[2].pass)
row('Requests/s served (crowd)', f(full.requestsPerS), `${f(baseline.requestsPerS)}, ratio ${f(full.requestsPerS / baseline.requestsPerS, 2)}`, '', null)
row('GET p50 / p99 (crowd)', `${f(full.get.p50Ms, 2)} / ${f(full.get.p99Ms, 2)} ms`, `${f(baseline.get.p50Ms, 2)} / ${f(baseline.get.p99Ms, 2)} ms`, '', null)
row('POST p50 / p99 (crowd)', `${f(full.post.p50Ms, 2)} / ${f(full.post.p99Ms, 2)} ms (n=${full.post.count})`, `${f(baseline.post.p50Ms, 2)} / ${f(baseline.post.p99Ms, 2)} ms (n=${baseline.post.count})`, `p99 < ${TARGETS.postP99Ms} ms`, full.post.p99Ms < TARGETS.postP99Ms)
row('Posts stored / refused (crowd)', `${full.post.created} / ${refusals(full)}`, `${baseline.post.created} / ${refusals(baseline)}`, 'refusals expected only above 120/min', null)
row('Errors (crowd)', String(full.errors), String(baseline.errors), '0', behaviour[3].pass)
row('Server RSS peak (crowd)', `${f(mb(full.rssPeakBytes))} MB`, `${f(mb(baseline.rssPeakBytes))} MB`, `≤ ${TARGETS.rssMb} MB`, mb(full.rssPeakBytes) <= TARGETS.rssMb)
row('Server RSS after first start (new db)', `${f(mb(results.rssAfterFirstStartBytes))} MB`, `idle after restart: ${f(mb(results.rssIdleBytes))} MB`, '', null)
if (results.ceiling) {
  const { ceiling } = results
  row('Cached GET req/s @100 conn', f(ceiling.serverReqPerS, 0), ceiling.nginxReqPerS ? `nginx static ${f(ceiling.nginxReqPerS, 0)}, ratio ${f(ceiling.ratio, 2)}` : 'nginx row unavailable (not installed)', `≥ ${TARGETS.ceilingRatio}× nginx`, ceiling.ratio === null ? null : ceiling.ratio >= TARGETS.ceilingRatio)
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
if (results.coldStart) {
  const { coldStart } = results
  row('Cold start → first GET', `${f(coldStart.newDatabaseMs, 0)} ms (new db)`, coldStart.existingDatabaseMedianMs ? `${f(coldStart.existingDatabaseMedianMs, 0)} ms (existing db), ratio ${f(coldStart.newDatabaseMs / coldStart.existingDatabaseMedianMs, 1)}` : '', '', null)
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
if (full.errorSamples.length || baseline.errorSamples.length) console.log(`error samples: ${[...baseline.errorSamples, ...full.errorSamples].join('\n  ')}`)

const out = args.out ?? join(ROOT, 'bench/results', quick ? 'quick.json' : 'latest.json')
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`)
console.log(`\nwritten to ${out}`)
process.exit(behaviour.every(({ pass }) => pass) ? 0 : 1)
