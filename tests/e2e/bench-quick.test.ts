import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT } from '../support/build'

const run = promisify(execFile)
const work = mkdtempSync(join(tmpdir(), 'nakanai-bench-quick-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

// `npm run bench -- --quick` as a behaviour check, not a timing one: 100 then 300
// visitors polling while 20 writers post, against the built server. The store must
// be read about once per cache window whatever the crowd and whatever the writes.
describe('npm run bench -- --quick', () => {
  it('store reads do not grow with visitors (100 vs 300), and nothing fails', async () => {
    const out = join(work, 'quick.json')
    const result = await run(process.execPath, ['bench/run.mjs', '--quick', '--out', out], { cwd: ROOT, timeout: 120_000 })
      .then(({ stdout }) => ({ code: 0, stdout }), (error: { code?: number, stdout?: string, stderr?: string }) => ({ code: error.code ?? -1, stdout: `${error.stdout}\n${error.stderr}` }))
    const report = JSON.parse(readFileSync(out, 'utf8'))
    const { baseline, full } = report.crowd
    console.info(`[figure] store reads: ${baseline.visitors} visitors → ${baseline.storeReads} in ${baseline.durationS.toFixed(1)} s; ${full.visitors} visitors → ${full.storeReads} in ${full.durationS.toFixed(1)} s`)
    expect(report.behaviour.filter((check: { pass: boolean }) => !check.pass), result.stdout).toEqual([])
    expect(full.get.count).toBeGreaterThan(baseline.get.count * 2)
    expect(full.post.created).toBeGreaterThan(0)
    expect(result.code, result.stdout).toBe(0)
  }, 150_000)
})
