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

/** What real Kuma answered when the answer was not a 200 JSON body: its status and headers, or no answer at all. */
export interface CapturedAnswer {
  status?: number
  headers?: Record<string, string>
  json?: unknown
  text?: string
  /** "no answer within 10000 ms" when Kuma never answered. */
  error?: string
}

/** tests/fixtures/status/uptime-kuma-<version>.json, captured from a real Kuma by tests/fixtures/status/capture/uptime-kuma.mjs. */
export interface KumaCapture extends StatusFixture {
  kuma: string
  capturedAt: string
  customDomain: string
  /** The status page's own HTML answers (their framing headers), by name. */
  pageResponses: Record<string, CapturedAnswer & { path: string, host?: string }>
  /** Answers that are not a case's 200 JSON (a wrong slug, the entry page), by name then path. */
  responses: Record<string, Record<string, CapturedAnswer>>
}

export const KUMA_VERSIONS = ['1.23.16', '2.5.3'] as const

function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'status', `${name}.json`), 'utf8')) as T
}

export function statusFixture(provider: StatusProvider): StatusFixture {
  return readFixture(provider)
}

export function kumaCapture(version: typeof KUMA_VERSIONS[number]): KumaCapture {
  return readFixture(`uptime-kuma-${version}`)
}

/** The body a fixture case gives for a URL (path and query), or undefined (a 404). */
export function fixtureBody(fixture: StatusFixture, name: string, url: URL): unknown {
  return fixture.cases[name]?.[url.pathname + url.search]
}
