import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchChromium } from './browser'
import { ROOT } from './build'
import { startServer, type RunningServer, type StartOptions } from './server'

/**
 * What a system test file needs around its assertions, in one place: the built server
 * started before its tests, Chromium visitors each with a browser profile of their own
 * (so no cookie, storage or rate limit is shared by accident), and both disposed after.
 */

const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots')

/** Where a test's screenshot goes: test-results/screenshots/<name>, for a person to look at. */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true })
  return join(SCREENSHOTS, name)
}

/** Vue has mounted the app, so clicks are handled by script, not by a form post. */
export function hydrated(page: Page) {
  return page.waitForFunction(() => Boolean((document.querySelector('#__nuxt') as { __vue_app__?: unknown } | null)?.__vue_app__))
}

export interface VisitorOptions extends BrowserContextOptions {
  /** The visitor's address, sent as X-Forwarded-For (a server trusting it gives each its own rate limit). */
  address?: string
  /** Console messages that are expected, not problems (Chromium logs every refused 4xx fetch). */
  expectedConsole?: RegExp
  /** Put before each problem (the language of the visitor, say). */
  label?: string
}

export interface Visitors {
  /**
   * A new visitor: a browser profile of their own and one page in it. Console errors and
   * warnings, CSP violations and uncaught page errors go to `problems`.
   */
  visitor(options?: VisitorOptions): Promise<Page>
  /** A new visitor on `url`, once the page is hydrated. */
  open(url: string, options?: VisitorOptions): Promise<Page>
  /** What went wrong in any visitor's page so far ("<label> <type>: <text>"). */
  readonly problems: string[]
  close(): Promise<void>
}

/** Visitors in one Chromium, launched on the first visitor (a file that needs none pays nothing). */
export function chromiumVisitors(): Visitors {
  let browser: Promise<Browser> | undefined
  const problems: string[] = []
  const visitors: Visitors = {
    problems,
    async visitor({ address, expectedConsole, label, ...options } = {}) {
      browser ??= launchChromium()
      const headers = address ? { ...options.extraHTTPHeaders, 'x-forwarded-for': address } : options.extraHTTPHeaders
      const context = await (await browser).newContext({ ...options, extraHTTPHeaders: headers })
      const page = await context.newPage()
      const prefix = label ? `${label} ` : ''
      page.on('console', (message) => {
        if (expectedConsole?.test(message.text())) return
        if (message.type() === 'error' || message.type() === 'warning') problems.push(`${prefix}${message.type()}: ${message.text()}`)
      })
      page.on('pageerror', error => problems.push(`${prefix}pageerror: ${error.message}`))
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`)
        })
      })
      return page
    },
    async open(url, options) {
      const page = await visitors.visitor(options)
      await page.goto(url)
      await hydrated(page)
      return page
    },
    async close() {
      await (await browser?.catch(() => undefined))?.close()
    },
  }
  return visitors
}

/** chromiumVisitors() for the tests of this file (or describe block), closed after them. */
export function useVisitors(): Visitors {
  const visitors = chromiumVisitors()
  afterAll(() => visitors.close())
  return visitors
}

export interface Site extends Visitors {
  /** The server process now running (a new one after restart()). */
  readonly server: RunningServer
  readonly url: string
  /** A new visitor on `path` of the site, once the page is hydrated. */
  visit(path?: string, options?: VisitorOptions): Promise<Page>
  /** Stops the server and starts another on the same data folder and environment. */
  restart(): Promise<RunningServer>
}

/**
 * The built server (production, free port, temporary data folder) started before the tests
 * of this file (or describe block) and Chromium visitors for them; both disposed after them.
 * `options` may be a function, called when the server starts: what it needs (a fake
 * instance's URL, a database) is ready by then.
 */
export function useSite(options: StartOptions | (() => StartOptions | Promise<StartOptions>) = {}): Site {
  const visitors = useVisitors()
  let start: StartOptions
  // Every process of this site; the first one's dispose deletes the data folder they share.
  const servers: RunningServer[] = []
  const current = () => {
    const server = servers.at(-1)
    if (!server) throw new Error('the site is used before its server started (beforeAll)')
    return server
  }
  beforeAll(async () => {
    start = typeof options === 'function' ? await options() : options
    servers.push(await startServer(start))
  })
  afterAll(async () => {
    for (const server of servers.reverse()) await server.dispose()
  })
  return {
    ...visitors,
    get server() {
      return current()
    },
    get url() {
      return current().url
    },
    visit: (path = '/', visitorOptions) => visitors.open(new URL(path, current().url).href, visitorOptions),
    async restart() {
      const before = current()
      await before.stop()
      servers.push(await startServer({ ...start, dataDir: before.dataDir }))
      return current()
    },
  }
}
