import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startNginx } from './nginx.mjs'
import { freePort, ROOT } from './server.mjs'

// The nginx block of deploy/self-host.md (step 4) is what admins copy; the bench and
// tests/fronts/page-cache.test.ts run that very text, read from the guide, so that
// the guide and what is measured and tested cannot drift apart.

/** The nginx block of the guide's step 4, as written there. */
export function guideNginxBlock() {
  const guide = readFileSync(join(ROOT, 'deploy/self-host.md'), 'utf8')
  const block = /^## 4\. nginx with TLS$[\s\S]*?^```nginx\n([\s\S]*?)^```$/m.exec(guide)?.[1]
  if (!block) throw new Error('deploy/self-host.md: no ```nginx block under "## 4. nginx with TLS"')
  return block
}

/**
 * The guide's block as it can run here: plain HTTP on 127.0.0.1:`port` instead of
 * 443 with TLS (and the redirect server on `redirectPort` instead of 80), nakanai at
 * `upstream` (host:port) instead of 127.0.0.1:4870, the cache in `cacheDir`. Returns
 * the text and the guide's lines it changed, for the tests to check that only those
 * lines differ.
 */
export function runnableGuideBlock({ port, redirectPort, upstream, cacheDir }) {
  const original = guideNginxBlock().split('\n')
  const changed = []
  const lines = original.flatMap((line) => {
    const trimmed = line.trim()
    const replace = (text) => {
      changed.push(line)
      return text === null ? [] : [text]
    }
    if (trimmed === 'listen 443 ssl http2;') return replace(line.replace('443 ssl http2', `127.0.0.1:${port}`))
    if (trimmed === 'listen 80;') return replace(line.replace('80', `127.0.0.1:${redirectPort}`))
    if (/^listen \[::\]/.test(trimmed) || /^ssl_/.test(trimmed)) return replace(null)
    if (trimmed === 'proxy_pass http://127.0.0.1:4870;') return replace(line.replace('127.0.0.1:4870', upstream))
    if (trimmed.startsWith('proxy_cache_path ')) return replace(line.replace(/proxy_cache_path \S+/, `proxy_cache_path ${cacheDir}`))
    return [line]
  })
  return { text: lines.join('\n'), changed }
}

/**
 * nginx running the guide's block (bench/lib/nginx.mjs) in front of nakanai at
 * `upstream` (host:port); null when nginx is not installed.
 */
export async function startGuideNginx(upstream) {
  const redirectPort = await freePort()
  return startNginx((dir, port) => runnableGuideBlock({ port, redirectPort, upstream, cacheDir: join(dir, 'cache') }).text, '/api/health')
}
