import { existsSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

import { CHROMIUM_PATH, launchChromium } from './browser.mjs'

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

/** The languages measured: English and Japanese, and the largest ones after them. */
export const PAGE_LANGUAGES = ['en', 'ja', 'zh-TW', 'zh-CN', 'ko']

/** One first visit to `/` by a browser that reads `language`: every JS and CSS file it loads. */
async function visitInChromium(browser, url, language) {
  const context = await browser.newContext({ locale: language })
  const seen = new Map()
  try {
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
    const lang = await page.locator('html').getAttribute('lang')
    if (lang !== language) throw new Error(`a ${language} browser got a page in ${lang}`)
    return await Promise.all(seen.values())
  }
  finally {
    await context.close()
  }
}

async function filesNamedInHtml(url, hrefs) {
  const files = []
  for (const href of hrefs.needed) {
    const body = await fetchBytes(new URL(href, url))
    const kind = /\.css(?:\?|$)/.test(href) ? 'css' : 'js'
    files.push({ path: new URL(href, url).pathname, kind, bytes: body.length, gzipBytes: gzipBytes(body), transferredBytes: null, contentEncoding: null })
  }
  return files
}

async function weighLanguage(url, language, browser) {
  const htmlResponse = await fetch(`${url}/`, { headers: { 'accept-language': language, 'accept-encoding': 'identity' } })
  const html = Buffer.from(await htmlResponse.arrayBuffer())
  const hrefs = linkedAssets(html.toString('utf8'))
  const files = browser ? await visitInChromium(browser, url, language) : await filesNamedInHtml(url, hrefs)
  const counted = new Set(files.map(file => file.path))
  const prefetched = []
  for (const href of hrefs.prefetch) {
    const path = new URL(href, url).pathname
    if (counted.has(path)) continue
    const body = await fetchBytes(new URL(href, url))
    prefetched.push({ path, bytes: body.length, gzipBytes: gzipBytes(body) })
  }
  files.sort((a, b) => b.gzipBytes - a.gzipBytes)
  const js = files.filter(file => file.kind === 'js')
  return {
    language,
    htmlBytes: html.length,
    htmlGzipBytes: gzipBytes(html),
    files,
    prefetched,
    ...summarise(files),
    jsFiles: js.length,
    // What actually crossed the wire (Node serves the build's .br/.gz copies); null without Chromium.
    jsServedBytes: js.every(file => file.transferredBytes !== null) ? js.reduce((total, file) => total + file.transferredBytes, 0) : null,
    jsServedEncodings: [...new Set(js.map(file => file.contentEncoding ?? 'none'))],
    prefetchedGzipBytes: prefetched.reduce((total, file) => total + file.gzipBytes, 0),
  }
}

/**
 * What a first visit to `/` costs in each language: the HTML, and every JS and CSS
 * file the page loads, sized raw, gzipped (level 9) and as served. Measured in
 * Chromium, one browser profile per language (its Accept-Language picks the locale):
 * the HTML's <link rel=prefetch> tags (idle-time downloads of chunks the page may
 * never use) are removed so that only files the page actually requests are counted,
 * the visitor's locale chunk included; the prefetched files are listed separately.
 * Without Chromium, falls back to the files the HTML names (dynamic imports are then
 * missing, and `method` says so). The top-level figures are the first language's
 * (English), as before languages were measured; `byLanguage` has them all.
 */
export async function measurePageWeight(url, { useBrowser = true, languages = PAGE_LANGUAGES } = {}) {
  const byLanguage = {}
  let method = 'html (no Chromium: dynamic imports not counted)'
  if (useBrowser && existsSync(CHROMIUM_PATH)) {
    const browser = await launchChromium()
    try {
      for (const language of languages) byLanguage[language] = await weighLanguage(url, language, browser)
      method = 'chromium'
    }
    finally {
      await browser.close()
    }
  }
  else {
    for (const language of languages) byLanguage[language] = await weighLanguage(url, language, null)
  }
  return { method, ...byLanguage[languages[0]], byLanguage }
}
