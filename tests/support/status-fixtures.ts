import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { StatusProvider } from '../../shared/types/status'
import { ROOT } from './build'

/** tests/fixtures/status/<provider>.json: where its shapes come from, and per case the body of each path. */
export interface StatusFixture {
  source: string
  /** The status page's own path, as an admin would configure it (/status/main for Uptime Kuma). */
  pagePath: string
  cases: Record<string, Record<string, unknown>>
}

export function statusFixture(provider: StatusProvider): StatusFixture {
  return JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'status', `${provider}.json`), 'utf8')) as StatusFixture
}

/** The body a fixture case gives for a URL (path and query), or undefined (a 404). */
export function fixtureBody(fixture: StatusFixture, name: string, url: URL): unknown {
  return fixture.cases[name]?.[url.pathname + url.search]
}
