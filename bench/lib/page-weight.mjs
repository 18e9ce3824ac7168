import { existsSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const gzipBytes = buffer => gzipSync(buffer, { level: 9 }).length
const PREFETCH_LINK = /<link\b[^>]*\brel="prefetch"[^>]*>/g

function linkedAssets(html) {
  const hrefs = { needed: new Set(), prefetch: new Set() }
  for (const [tag] of html.matchAll(/<(?:link|script)\b[^>]*>/g)) {
    const src = /\b(?:href|src)="([^"]+)"/.exec(tag)?.[1]
    if (!src || !/\.(?:m?js|css)(?:\?|$)/.test(src)) continue
    if (/\brel="prefetch"/.test(tag)) hrefs.prefetch.add(src)
    else if (/\brel="(?:modulepreload|preload|stylesheet)"/.test(tag) || tag.startsWith('<script')) hrefs.needed.add(src)
  }
  return hrefs
}

async function fetchBytes(url) {
  const response = await fetch(url, { headers: { 'accept-encoding': 'identity' } })
  if (!response.ok) throw new Error(`${url} answered ${response.status}`)
  return Buffer.from(await response.arrayBuffer())
}

function summarise(files) {
  const sum = (kind, key) => files.filter(file => file.kind === kind).reduce((total, file) => total + file[key], 0)
  return {
    jsBytes: sum('js', 'bytes'),
    jsGzipBytes: sum('js', 'gzipBytes'),
    cssBytes: sum('css', 'bytes'),
    cssGzipBytes: sum('css', 'gzipBytes'),
  }
}

/**
 * What a first visit to `/` costs: the HTML, and every JS and CSS file the page
 * loads, sized raw and gzipped (level 9). Measured in Chromium: the HTML's
 * <link rel=prefetch> tags (idle-time downloads of chunks the page may never use)
 * are removed so that only files the page actually requests are counted, dynamic
 * imports such as the visitor's locale included; the prefetched files are listed
 * separately. Without Chromium, falls back to the files the HTML names (dynamic
 * imports are then missing, and `method` says so).
 */
export async function measurePageWeight(url, { useBrowser = true } = {}) {
  const htmlResponse = await fetch(`${url}/`, { headers: { 'accept-language': 'en', 'accept-encoding': 'identity' } })
  const html = Buffer.from(await htmlResponse.arrayBuffer())
  const hrefs = linkedAssets(html.toString('utf8'))
  const result = {
    method: null,
    htmlBytes: html.length,
    htmlGzipBytes: gzipBytes(html),
    files: [],
    prefetched: [],
  }

  const seen = new Map()
  if (useBrowser && existsSync(CHROMIUM)) {
    const { chromium } = await import('playwright-core')
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    })
    try {
      const context = await browser.newContext({ locale: 'en-US' })
      const page = await context.newPage()
      await page.route(`${url}/`, async (route) => {
        const response = await route.fetch()
        const body = (await response.text()).replace(PREFETCH_LINK, '')
        await route.fulfill({ response, body })
      })
      page.on('response', async (response) => {
        const path = new URL(response.url()).pathname
        const kind = /\.m?js$/.test(path) ? 'js' : /\.css$/.test(path) ? 'css' : null
        if (!kind || seen.has(path)) return
        seen.set(path, (async () => {
          const body = await response.body()
          const sizes = await response.request().sizes().catch(() => null)
          return { path, kind, bytes: body.length, gzipBytes: gzipBytes(body), transferredBytes: sizes?.responseBodySize ?? null, contentEncoding: response.headers()['content-encoding'] ?? null }
        })())
      })
      await page.goto(`${url}/`, { waitUntil: 'networkidle' })
      result.files = await Promise.all(seen.values())
      result.method = 'chromium'
    }
    finally {
      await browser.close()
    }
  }
  else {
    for (const href of hrefs.needed) {
      const body = await fetchBytes(new URL(href, url))
      const kind = /\.css(?:\?|$)/.test(href) ? 'css' : 'js'
      result.files.push({ path: new URL(href, url).pathname, kind, bytes: body.length, gzipBytes: gzipBytes(body), transferredBytes: null, contentEncoding: null })
    }
    result.method = 'html (no Chromium: dynamic imports not counted)'
  }

  const counted = new Set(result.files.map(file => file.path))
  for (const href of hrefs.prefetch) {
    const path = new URL(href, url).pathname
    if (counted.has(path)) continue
    const body = await fetchBytes(new URL(href, url))
    result.prefetched.push({ path, bytes: body.length, gzipBytes: gzipBytes(body) })
  }
  result.files.sort((a, b) => b.gzipBytes - a.gzipBytes)
  return { ...result, ...summarise(result.files), prefetchedGzipBytes: result.prefetched.reduce((total, file) => total + file.gzipBytes, 0) }
}
