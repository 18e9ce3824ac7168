// Medians of several `npm run bench` results, as the README's table:
//   node bench/median.mjs run1.json run2.json run3.json
import { readFileSync } from 'node:fs'
import { median } from './lib/util.mjs'

const runs = process.argv.slice(2).map(file => JSON.parse(readFileSync(file, 'utf8')))
if (runs.length === 0) {
  console.error('usage: node bench/median.mjs result.json…')
  process.exit(1)
}
const m = pick => median(runs.map(pick).filter(value => value !== null && value !== undefined))
const f = (value, digits = 1) => (value === null ? 'n/a' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }))
const KB = 1024
const MB = 1024 * 1024
const rows = [
  ['Store reads/s, 1,000 visitors', f(m(r => r.crowd.full.storeReadsPerS), 2), `100 visitors: ${f(m(r => r.crowd.baseline.storeReadsPerS), 2)}; ratio ${f(m(r => r.crowd.full.storeReadsPerS / r.crowd.baseline.storeReadsPerS), 2)}`, '≤ 0.5/s, flat'],
  ['Requests/s served, 1,000 visitors', f(m(r => r.crowd.full.requestsPerS)), `100 visitors: ${f(m(r => r.crowd.baseline.requestsPerS))}; ratio ${f(m(r => r.crowd.full.requestsPerS / r.crowd.baseline.requestsPerS), 2)}`, ''],
  ['GET p50 / p99, 1,000 visitors', `${f(m(r => r.crowd.full.get.p50Ms), 2)} / ${f(m(r => r.crowd.full.get.p99Ms))} ms`, `100 visitors: ${f(m(r => r.crowd.baseline.get.p50Ms), 2)} / ${f(m(r => r.crowd.baseline.get.p99Ms))} ms`, ''],
  ['POST p50 / p99, 1,000 visitors', `${f(m(r => r.crowd.full.post.p50Ms))} / ${f(m(r => r.crowd.full.post.p99Ms))} ms`, `100 visitors: ${f(m(r => r.crowd.baseline.post.p50Ms))} / ${f(m(r => r.crowd.baseline.post.p99Ms))} ms`, 'p99 < 50 ms'],
  ['Errors (both crowds)', f(m(r => r.crowd.full.errors + r.crowd.baseline.errors), 0), `posts stored per run: ${f(m(r => r.crowd.full.post.created + r.crowd.baseline.post.created), 0)}, refused: ${f(m(r => [...Object.values(r.crowd.full.post.refused), ...Object.values(r.crowd.baseline.post.refused)].reduce((a, b) => a + b, 0)), 0)}`, '0'],
  ['Server RSS peak, crowd', `${f(m(r => r.crowd.full.rssPeakBytes / MB))} MB`, `100 visitors: ${f(m(r => r.crowd.baseline.rssPeakBytes / MB))} MB; idle after restart ${f(m(r => r.rssIdleBytes / MB))} MB`, '≤ 200 MB'],
  ['Server RSS after first start, new db', `${f(m(r => r.rssAfterFirstStartBytes / MB))} MB`, 'PGlite initdb; once per deployment', ''],
  ['Cached GET req/s, 100 connections', f(m(r => r.ceiling?.serverReqPerS), 0), `nginx static: ${f(m(r => r.ceiling?.nginxReqPerS), 0)}; ratio ${f(m(r => r.ceiling?.ratio), 2)}`, '≥ 0.5× nginx'],
  ['Page JS, gzip -9, first visit', `${f(m(r => r.pageWeight?.jsGzipBytes / KB))} KB`, `raw ${f(m(r => r.pageWeight?.jsBytes / KB))} KB; as served (br) ${f(m(r => r.pageWeight?.files.filter(file => file.kind === 'js').reduce((total, file) => total + (file.transferredBytes ?? 0), 0) / KB))} KB; +${f(m(r => r.pageWeight?.prefetchedGzipBytes / KB))} KB prefetched`, '≤ 70 KB'],
  ['Page CSS files, gzip', `${f(m(r => r.pageWeight?.cssGzipBytes / KB))} KB`, 'CSS is inlined in the HTML', ''],
  ['HTML of /, raw / gzip', `${f(m(r => r.pageWeight?.htmlBytes / KB))} / ${f(m(r => r.pageWeight?.htmlGzipBytes / KB))} KB`, 'with 50 messages', ''],
  ['First start → first GET, new data folder', `${f(m(r => r.coldStart.newDatabaseMedianMs), 0)} ms`, `restart on an existing one: ${f(m(r => r.coldStart.existingDatabaseMedianMs), 0)} ms; ratio ${f(m(r => r.coldStart.ratio), 2)}`, '≤ 1.5×'],
  ['Server RSS peak, 10,000 visitors', `${f(m(r => r.crowd.large?.rssPeakBytes / MB))} MB`, `req/s ${f(m(r => r.crowd.large?.requestsPerS))}, errors ${f(m(r => r.crowd.large?.errors), 0)}, store reads/s ${f(m(r => r.crowd.large?.storeReadsPerS), 2)}`, '≤ 200 MB'],
  ['Bench duration', `${f(m(r => r.elapsedS), 0)} s`, '', '< 300 s'],
]
console.log(`Medians of ${runs.length} run(s), ${runs[0].machine.cpus} × ${runs[0].machine.cpuModel}, Node ${runs[0].machine.node}, ${runs[0].store}\n`)
console.log('| Figure | Median | Baseline / ratio | Target |')
console.log('|---|---|---|---|')
for (const row of rows) console.log(`| ${row.join(' | ')} |`)
