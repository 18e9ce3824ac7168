import { describe, expect, it } from 'vitest'
import type { StatusLevel, StatusProvider } from '../../shared/types/status'
import { adapterFor } from '../../server/status/adapters'
import { NotThisProvider, type ProviderReading } from '../../server/status/adapters/types'
import { MAX_TEXT, MAX_TITLE } from '../../server/status/provider-json'
import { fixtureBody, statusFixture } from '../support/status-fixtures'

const ORIGIN = 'https://status.example.com'

/** Reads one fixture case through the adapter, as the reader would over HTTP. */
async function read(provider: StatusProvider, name: string): Promise<ProviderReading> {
  const fixture = statusFixture(provider)
  expect(fixture.cases[name], `${provider} has a "${name}" case`).toBeDefined()
  return adapterFor(provider).read(new URL(fixture.pagePath, ORIGIN), async (url) => {
    expect(url.origin).toBe(ORIGIN)
    const body = fixtureBody(fixture, name, url)
    if (body === undefined) throw new Error(`404 ${url.pathname}${url.search}`)
    return body
  })
}

const states = (reading: ProviderReading) => reading.components.map(component => `${component.name}:${component.state}`)

// Per provider and case: the overall state and the components the page would list.
const EXPECTED: Record<StatusProvider, Record<string, { state: StatusLevel, components: string[] }>> = {
  'uptime-kuma': {
    'operational': { state: 'operational', components: ['Web:operational', 'Streaming:operational', 'Object storage:operational'] },
    'degraded': { state: 'degraded', components: ['Web:operational', 'Streaming:degraded', 'Object storage:operational'] },
    'outage': { state: 'major_outage', components: ['Web:major_outage', 'Streaming:major_outage', 'Object storage:major_outage'] },
    'maintenance': { state: 'maintenance', components: ['Web:maintenance', 'Streaming:maintenance', 'Object storage:operational'] },
    'incident': { state: 'partial_outage', components: ['Web:major_outage', 'Streaming:operational', 'Object storage:operational'] },
    'incident-1.23': { state: 'partial_outage', components: ['Web:major_outage', 'Streaming:operational', 'Object storage:operational'] },
    'empty': { state: 'unknown', components: [] },
  },
  'statuspage': {
    operational: { state: 'operational', components: ['Web:operational', 'Streaming:operational'] },
    degraded: { state: 'degraded', components: ['Web:degraded', 'Streaming:operational'] },
    outage: { state: 'major_outage', components: ['Web:major_outage', 'Streaming:major_outage'] },
    maintenance: { state: 'maintenance', components: ['Web:maintenance', 'Streaming:operational'] },
    incident: { state: 'partial_outage', components: ['Web:partial_outage', 'Streaming:operational'] },
    empty: { state: 'operational', components: [] },
  },
  'betterstack': {
    operational: { state: 'operational', components: ['Web:operational', 'Streaming:operational'] },
    degraded: { state: 'degraded', components: ['Web:degraded', 'Streaming:operational'] },
    outage: { state: 'major_outage', components: ['Web:major_outage', 'Streaming:major_outage'] },
    maintenance: { state: 'maintenance', components: ['Web:maintenance', 'Streaming:operational'] },
    incident: { state: 'partial_outage', components: ['Web:major_outage', 'Streaming:operational'] },
    empty: { state: 'operational', components: [] },
  },
  'instatus': {
    operational: { state: 'operational', components: ['Web:operational', 'Streaming:operational'] },
    degraded: { state: 'degraded', components: ['Web:degraded', 'Streaming:operational'] },
    outage: { state: 'major_outage', components: ['Web:major_outage', 'Streaming:major_outage'] },
    maintenance: { state: 'maintenance', components: ['Web:maintenance', 'Streaming:operational'] },
    incident: { state: 'partial_outage', components: ['Web:partial_outage', 'Streaming:operational'] },
    empty: { state: 'operational', components: [] },
  },
  'gatus': {
    operational: { state: 'operational', components: ['Web:operational', 'Streaming:operational', 'Media:operational'] },
    degraded: { state: 'partial_outage', components: ['Web:operational', 'Streaming:major_outage', 'Media:operational'] },
    outage: { state: 'major_outage', components: ['Web:major_outage', 'Streaming:major_outage', 'Media:major_outage'] },
    incident: { state: 'partial_outage', components: ['Web:major_outage', 'Streaming:operational', 'Media:operational'] },
    empty: { state: 'unknown', components: [] },
  },
  'cachet3': {
    operational: { state: 'operational', components: ['Web:operational', 'Streaming:operational'] },
    degraded: { state: 'partial_outage', components: ['Web:degraded', 'Streaming:operational'] },
    outage: { state: 'major_outage', components: ['Web:major_outage', 'Streaming:major_outage'] },
    maintenance: { state: 'maintenance', components: ['Web:maintenance', 'Streaming:operational'] },
    incident: { state: 'partial_outage', components: ['Web:partial_outage', 'Streaming:operational'] },
    empty: { state: 'operational', components: [] },
  },
  'cachet2': {
    operational: { state: 'operational', components: ['Web:operational', 'Streaming:operational'] },
    degraded: { state: 'degraded', components: ['Web:degraded', 'Streaming:operational'] },
    outage: { state: 'major_outage', components: ['Web:major_outage', 'Streaming:major_outage'] },
    incident: { state: 'partial_outage', components: ['Web:partial_outage', 'Streaming:operational'] },
    empty: { state: 'unknown', components: [] },
  },
}

// The incident each provider's "incident" case carries, as plain text.
const INCIDENT: Record<StatusProvider, { title: string, text: string, updatedAt: string | null }> = {
  'uptime-kuma': { title: 'Web is down', text: 'The database ran out of disk.\nWe are adding space.', updatedAt: '2026-11-28T19:58:00.000Z' },
  'statuspage': { title: 'Web is slow', text: 'The database ran out of disk. We are adding space.', updatedAt: '2026-11-28T19:58:00.000Z' },
  'betterstack': { title: 'Web is down', text: 'The database ran out of disk. We are adding space.', updatedAt: '2026-11-28T19:58:00.000Z' },
  'instatus': { title: 'Web is down', text: '', updatedAt: '2026-11-28T19:50:00.000Z' },
  'gatus': { title: 'The database ran out of disk. We are adding space.', text: '', updatedAt: '2026-11-28T19:58:00.000Z' },
  'cachet3': { title: 'Web is down', text: 'The database ran out of disk. We are adding space.', updatedAt: '2026-11-28T19:58:00.000Z' },
  'cachet2': { title: 'Web is down', text: 'The database ran out of disk. We are adding space.', updatedAt: '2026-11-28T19:58:00.000Z' },
}

describe.each(Object.keys(EXPECTED) as StatusProvider[])('%s adapter', (provider) => {
  it('cites where its shapes come from', () => {
    expect(statusFixture(provider).source.length).toBeGreaterThan(80)
  })

  it.each(Object.entries(EXPECTED[provider]))('%s', async (name, expected) => {
    const reading = await read(provider, name)
    expect(reading.state).toBe(expected.state)
    expect(states(reading)).toEqual(expected.components)
    if (name === 'operational' || name === 'empty') {
      // Resolved incidents and finished reports are history, not news.
      expect(reading.incidents).toEqual([])
      expect(reading.maintenances).toEqual([])
    }
  })

  it('gives the active incident as plain text', async () => {
    const reading = await read(provider, 'incident')
    expect(reading.incidents.at(-1)).toEqual(INCIDENT[provider])
  })

  it('refuses an answer of another provider\'s shape', async () => {
    const other = provider === 'gatus' ? { data: [] } : []
    await expect(adapterFor(provider).read(new URL('/status/main', ORIGIN), async () => other)).rejects.toBeInstanceOf(NotThisProvider)
  })
})

describe('maintenance text', () => {
  it.each<[StatusProvider, string]>([
    ['uptime-kuma', 'Database upgrade'],
    ['statuspage', 'Database upgrade'],
    ['betterstack', 'Database upgrade'],
    ['instatus', 'Database upgrade'],
  ])('%s lists only what is under way', async (provider, title) => {
    const reading = await read(provider, 'maintenance')
    expect(reading.maintenances.map(item => item.title)).toEqual([title])
  })

  it('Better Stack shows the announcement as a notice', async () => {
    const reading = await read('betterstack', 'incident')
    expect(reading.incidents[0]!.title).toBe('Expect slow uploads tonight.')
  })
})

describe('hostile provider text (Uptime Kuma fixture)', () => {
  it('is cleaned, capped and typed, never thrown on', async () => {
    const reading = await read('uptime-kuma', 'hostile')
    // The name that is not a string is dropped; controls and bidi overrides are removed.
    expect(reading.components).toEqual([{ name: 'Web<b>x</b>', state: 'unknown' }])
    expect(reading.incidents).toHaveLength(1)
    const [incident] = reading.incidents
    expect([...incident!.title]).toHaveLength(MAX_TITLE)
    expect([...incident!.text]).toHaveLength(MAX_TEXT)
    expect(incident!.text.startsWith('line[31m')).toBe(true)
    expect(incident!.updatedAt).toBeNull()
  })
})
