import { describe, expect, it } from 'vitest'
import type { NoticeSeverity, StatusLevel, StatusNotice, StatusProvider } from '../../shared/types/status'
import { adapterFor } from '../../server/status/adapters'
import { NotThisProvider, type ProviderReading } from '../../server/status/adapters/types'
import { MAX_TITLE } from '../../server/status/provider-json'
import { blocksText, MAX_BODY } from '../../server/status/notice-text'
import { framingAllowed } from '../../server/status/frame-check'
import { type CapturedAnswer, fixtureBody, KUMA_VERSIONS, type KumaCapture, kumaCapture, statusFixture } from '../support/status-fixtures'

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

/** A notice with its text blocks (and the rest of a long one) as plain lines. */
const plain = ({ body, more, ...rest }: StatusNotice) => ({ ...rest, text: blocksText([...body, ...(more ?? [])]) })

const states = (reading: ProviderReading) => reading.components.map(component => `${component.name}:${component.state}`)

// Per provider and case: the overall state and the components the page would list.
const EXPECTED: Record<StatusProvider, Record<string, { state: StatusLevel, components: string[] }>> = {
  'uptime-kuma': {
    'operational': { state: 'operational', components: ['Web:operational', 'Streaming:operational', 'Object storage:operational'] },
    // A pending beat (2) is not up: Kuma's banner says partial down (src/pages/StatusPage.vue overallStatus).
    'degraded': { state: 'partial_outage', components: ['Web:operational', 'Streaming:degraded', 'Object storage:operational'] },
    'outage': { state: 'major_outage', components: ['Web:major_outage', 'Streaming:major_outage', 'Object storage:major_outage'] },
    'maintenance': { state: 'maintenance', components: ['Web:maintenance', 'Streaming:maintenance', 'Object storage:operational'] },
    'incident': { state: 'partial_outage', components: ['Web:major_outage', 'Streaming:operational', 'Object storage:operational'] },
    'incident-1.23': { state: 'partial_outage', components: ['Web:major_outage', 'Streaming:operational', 'Object storage:operational'] },
    // Issue 19 item 1: maintenanceList is shown, never counted; a monitor down beats one in maintenance.
    'maintenance-unrelated': { state: 'operational', components: ['Web:operational', 'Streaming:operational', 'Object storage:operational'] },
    'maintenance-unrelated-down': { state: 'partial_outage', components: ['Web:major_outage', 'Streaming:operational', 'Object storage:operational'] },
    'monitor-in-maintenance': { state: 'maintenance', components: ['Web:maintenance', 'Streaming:operational', 'Object storage:operational'] },
    'monitor-in-maintenance-down': { state: 'partial_outage', components: ['Web:maintenance', 'Streaming:major_outage', 'Object storage:operational'] },
    'empty': { state: 'unknown', components: [] },
  },
  'statuspage': {
    'operational': { state: 'operational', components: ['Web:operational', 'Streaming:operational'] },
    'degraded': { state: 'degraded', components: ['Web:degraded', 'Streaming:operational'] },
    'outage': { state: 'major_outage', components: ['Web:major_outage', 'Streaming:major_outage'] },
    'maintenance': { state: 'maintenance', components: ['Web:maintenance', 'Streaming:operational'] },
    'incident': { state: 'partial_outage', components: ['Web:partial_outage', 'Streaming:operational'] },
    'empty': { state: 'operational', components: [] },
    // Issue 19 item 1: the indicator says "maintenance", a component is down: the outage wins.
    'maintenance-down': { state: 'partial_outage', components: ['Web:maintenance', 'Streaming:major_outage'] },
    'maintenance-unrelated': { state: 'maintenance', components: ['Web:operational', 'Streaming:operational'] },
  },
  'betterstack': {
    'operational': { state: 'operational', components: ['Web:operational', 'Streaming:operational'] },
    'degraded': { state: 'degraded', components: ['Web:degraded', 'Streaming:operational'] },
    'outage': { state: 'major_outage', components: ['Web:major_outage', 'Streaming:major_outage'] },
    'maintenance': { state: 'maintenance', components: ['Web:maintenance', 'Streaming:operational'] },
    'incident': { state: 'partial_outage', components: ['Web:major_outage', 'Streaming:operational'] },
    'empty': { state: 'operational', components: [] },
    // Issue 19 item 1: aggregate_state "maintenance" while a resource is in downtime: the outage wins.
    'maintenance-down': { state: 'partial_outage', components: ['Web:maintenance', 'Streaming:major_outage'] },
    'maintenance-unrelated': { state: 'maintenance', components: ['Web:operational', 'Streaming:operational'] },
  },
  'instatus': {
    'operational': { state: 'operational', components: ['Web:operational', 'Streaming:operational'] },
    'degraded': { state: 'degraded', components: ['Web:degraded', 'Streaming:operational'] },
    'outage': { state: 'major_outage', components: ['Web:major_outage', 'Streaming:major_outage'] },
    'maintenance': { state: 'maintenance', components: ['Web:maintenance', 'Streaming:operational'] },
    'incident': { state: 'partial_outage', components: ['Web:partial_outage', 'Streaming:operational'] },
    'empty': { state: 'operational', components: [] },
    // Issue 19 item 1: page.status UNDERMAINTENANCE while a component is in an outage: the outage wins.
    'maintenance-down': { state: 'partial_outage', components: ['Web:maintenance', 'Streaming:major_outage'] },
    'maintenance-unrelated': { state: 'maintenance', components: ['Web:operational', 'Streaming:operational'] },
  },
  'gatus': {
    operational: { state: 'operational', components: ['Web:operational', 'Streaming:operational', 'Media:operational'] },
    degraded: { state: 'partial_outage', components: ['Web:operational', 'Streaming:major_outage', 'Media:operational'] },
    outage: { state: 'major_outage', components: ['Web:major_outage', 'Streaming:major_outage', 'Media:major_outage'] },
    incident: { state: 'partial_outage', components: ['Web:major_outage', 'Streaming:operational', 'Media:operational'] },
    empty: { state: 'unknown', components: [] },
  },
  'cachet3': {
    'operational': { state: 'operational', components: ['Web:operational', 'Streaming:operational'] },
    'degraded': { state: 'partial_outage', components: ['Web:degraded', 'Streaming:operational'] },
    'outage': { state: 'major_outage', components: ['Web:major_outage', 'Streaming:major_outage'] },
    'maintenance': { state: 'maintenance', components: ['Web:maintenance', 'Streaming:operational'] },
    'incident': { state: 'partial_outage', components: ['Web:partial_outage', 'Streaming:operational'] },
    'empty': { state: 'operational', components: [] },
    // Issue 19 item 1: /api/status says under_maintenance beside a partial outage: the outage wins.
    'maintenance-down': { state: 'partial_outage', components: ['Web:maintenance', 'Streaming:partial_outage'] },
    // A maintenance window over a component set operational: its latest_status says so.
    'maintenance-window': { state: 'maintenance', components: ['Web:maintenance', 'Streaming:operational'] },
  },
  'cachet2': {
    'operational': { state: 'operational', components: ['Web:operational', 'Streaming:operational'] },
    'degraded': { state: 'degraded', components: ['Web:degraded', 'Streaming:operational'] },
    'outage': { state: 'major_outage', components: ['Web:major_outage', 'Streaming:major_outage'] },
    'incident': { state: 'partial_outage', components: ['Web:partial_outage', 'Streaming:operational'] },
    'empty': { state: 'unknown', components: [] },
    // Issue 19 item 1: a schedule in progress shows maintenance only while nothing is down.
    'maintenance': { state: 'maintenance', components: ['Web:operational', 'Streaming:operational'] },
    'maintenance-down': { state: 'partial_outage', components: ['Web:partial_outage', 'Streaming:operational'] },
  },
}

// The incident each provider's "incident" case carries, as plain text.
// Severity: Kuma's style "danger", Statuspage's impact "major", Better Stack's "downtime",
// Instatus's MAJOROUTAGE, Gatus's type "outage"; Cachet says none.
const INCIDENT: Record<StatusProvider, { title: string, text: string, updatedAt: string | null, postedAt?: string, severity?: NoticeSeverity }> = {
  'uptime-kuma': { title: 'Web is down', text: 'The database ran out of disk.\nWe are adding space.', updatedAt: '2026-11-28T19:58:00.000Z', severity: 'outage' },
  'statuspage': { title: 'Web is slow', text: 'The database ran out of disk. We are adding space.', updatedAt: '2026-11-28T19:58:00.000Z', severity: 'outage' },
  'betterstack': { title: 'Web is down', text: 'The database ran out of disk. We are adding space.', updatedAt: '2026-11-28T19:58:00.000Z', severity: 'outage' },
  'instatus': { title: 'Web is down', text: '', updatedAt: null, postedAt: '2026-11-28T19:50:00.000Z', severity: 'outage' },
  'gatus': { title: 'The database ran out of disk. We are adding space.', text: '', updatedAt: null, postedAt: '2026-11-28T19:58:00.000Z', severity: 'outage' },
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
    expect(plain(reading.incidents.at(-1)!)).toEqual(INCIDENT[provider])
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
    ['cachet2', 'Database upgrade'],
    ['cachet3', 'Database upgrade'],
  ])('%s lists only what is under way', async (provider, title) => {
    const reading = await read(provider, 'maintenance')
    expect(reading.maintenances.map(item => item.title)).toEqual([title])
  })

  it('Better Stack shows the announcement as a notice', async () => {
    const reading = await read('betterstack', 'incident')
    expect(reading.incidents[0]!.title).toBe('Expect slow uploads tonight.')
  })
})

describe('the status page\'s own title and the time a notice carries (issue 19 item 7)', () => {
  it.each<[StatusProvider, string | undefined]>([
    ['uptime-kuma', 'Example status'],
    ['statuspage', 'Example'],
    ['instatus', 'Example'],
    ['betterstack', 'Example'],
    // Their APIs carry no title (Gatus's is rendered into its HTML; Cachet's is a setting).
    ['gatus', undefined],
    ['cachet2', undefined],
    ['cachet3', undefined],
  ])('%s: the page\'s title is %s', async (provider, title) => {
    const reading = await read(provider, 'incident')
    expect(reading.title || undefined).toBe(title)
  })

  it('Uptime Kuma 1.23 with lastUpdatedDate null: the creation time, as a posting time', async () => {
    const [incident] = (await read('uptime-kuma', 'incident-1.23')).incidents
    expect(incident).toMatchObject({ updatedAt: null, postedAt: '2026-11-28T19:50:00.000Z' })
  })

  it('an edited Kuma incident carries its update time only', async () => {
    const [incident] = (await read('uptime-kuma', 'incident')).incidents
    expect(incident!.updatedAt).toBe('2026-11-28T19:58:00.000Z')
    expect(incident).not.toHaveProperty('postedAt')
  })

  it.each(['cachet2', 'cachet3'] as const)('%s: an incident never edited (updated = created, as Eloquent sets it) is posted, not updated', async (provider) => {
    const [incident] = (await read(provider, 'incident-never-edited')).incidents
    expect(incident).toMatchObject({ title: 'Web is down', updatedAt: null, postedAt: '2026-11-28T19:50:00.000Z' })
  })

  it('Cachet 3: a schedule in progress shows its Markdown as plain text, posted when it began', async () => {
    const [schedule] = (await read('cachet3', 'maintenance')).maintenances
    expect(plain(schedule!)).toEqual({ title: 'Database upgrade', text: 'We upgrade PostgreSQL.\nnotes', updatedAt: null, postedAt: '2026-11-28T19:30:00.000Z' })
  })

  it('Better Stack: a report without updates carries its start as a posting time', async () => {
    const reading = await readChanged('betterstack', 'incident', bodies => rewrite(bodies, (_leaf, path) => path.endsWith('.status_report_id'), () => 'none'))
    const report = reading.incidents.find(item => item.title === 'Web is down')
    expect(report).toMatchObject({ updatedAt: null, body: [] })
    expect(Date.parse(report!.postedAt!)).not.toBeNaN()
  })

  it('the title is cleaned like every provider text', async () => {
    const reading = await readChanged('uptime-kuma', 'operational', bodies => rewrite(bodies, (_leaf, path) => path.endsWith('.config.title'), () => '\u202Eevil\u202C  <b>Status</b>\n'))
    expect(reading.title).toBe('evil <b>Status</b>')
  })
})

describe('group names (issue 19 item 7)', () => {
  it.each<[StatusProvider, string[]]>([
    ['uptime-kuma', ['Misskey/Web', 'Misskey/Streaming', 'Media/Object storage']],
    ['statuspage', ['Misskey/Web', 'Misskey/Streaming']],
    ['gatus', ['misskey/Web', 'misskey/Streaming', 'misskey/Media']],
    ['betterstack', ['Misskey/Web', 'Misskey/Streaming']],
    // Instatus's fixture has no groups; Cachet's group names are another endpoint.
    ['instatus', ['Web', 'Streaming']],
  ])('%s lists each component under its group', async (provider, expected) => {
    const reading = await read(provider, 'operational')
    expect(reading.components.map(item => item.group ? `${item.group}/${item.name}` : item.name)).toEqual(expected)
  })

  it('a group name is cleaned like any provider text, and an empty one is no group', async () => {
    const reading = await readChanged('uptime-kuma', 'operational', bodies => rewrite(bodies, (_leaf, path) => /publicGroupList\[\d\]\.name$/.test(path), () => '\u202E\u200B '))
    expect(reading.components.every(item => !('group' in item))).toBe(true)
  })
})

describe('hostile provider text (Uptime Kuma fixture)', () => {
  it('is cleaned, capped and typed, never thrown on', async () => {
    const reading = await read('uptime-kuma', 'hostile')
    // The name that is not a string is dropped; controls and bidi overrides are removed.
    expect(reading.components).toEqual([{ name: 'Web<b>x</b>', state: 'unknown', group: 'G' }])
    expect(reading.incidents).toHaveLength(1)
    const [incident] = reading.incidents
    expect([...incident!.title]).toHaveLength(MAX_TITLE)
    // The text is capped as a whole, its first lines shown and the rest one tap away.
    const text = plain(incident!).text
    expect([...text.replaceAll('\n', '')].length).toBeLessThanOrEqual(MAX_BODY)
    expect(text.endsWith('…')).toBe(true)
    expect(incident!.more?.length).toBeGreaterThan(0)
    expect(text.startsWith('line[31m')).toBe(true)
    expect(incident!.updatedAt).toBeNull()
  })
})

// Issue 18 item 12: one "updated_at": 99999999999999999 threw in the time conversion and
// blanked the whole panel. A bad field drops that field, never the read.
const OUT_OF_RANGE: number = JSON.parse('99999999999999999')

/** A copy of `value` with every leaf for which `pick` is true replaced by what `replace` gives. */
function rewrite(value: unknown, pick: (leaf: unknown, path: string) => boolean, replace: () => unknown, path = ''): unknown {
  if (Array.isArray(value)) return value.map((item, index) => rewrite(item, pick, replace, `${path}[${index}]`))
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rewrite(item, pick, replace, `${path}.${key}`)]))
  }
  return pick(value, path) ? replace() : value
}

/** Every leaf's path in a fixture case. */
function leafPaths(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leafPaths(item, `${path}[${index}]`))
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => leafPaths(item, `${path}.${key}`))
  return [path]
}

/** Reads a fixture case (its body per path and query) changed by `change` first. */
function readChanged(provider: StatusProvider, name: string, change: (bodies: unknown) => unknown): Promise<ProviderReading> {
  const fixture = statusFixture(provider)
  const bodies = change(fixture.cases[name]) as Record<string, unknown>
  return adapterFor(provider).read(new URL(fixture.pagePath, ORIGIN), async (url) => {
    const body = bodies[url.pathname + url.search]
    if (body === undefined) throw new Error(`404 ${url.pathname}${url.search}`)
    return body
  })
}

const LEVELS = ['unknown', 'operational', 'maintenance', 'degraded', 'partial_outage', 'major_outage']

function expectWellFormed(reading: ProviderReading) {
  expect(LEVELS).toContain(reading.state)
  for (const component of reading.components) expect(LEVELS).toContain(component.state)
  for (const item of [...reading.incidents, ...reading.maintenances]) {
    expect(typeof item.title).toBe('string')
    expect(item.updatedAt === null || new Date(item.updatedAt).toISOString() === item.updatedAt).toBe(true)
    expect(item.postedAt === undefined || (item.updatedAt === null && new Date(item.postedAt).toISOString() === item.postedAt)).toBe(true)
  }
  expect(reading.title === undefined || typeof reading.title === 'string').toBe(true)
}

describe.each(Object.keys(EXPECTED) as StatusProvider[])('%s: out-of-range numbers', (provider) => {
  const TIME_TEXT = /^(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}|\w{3} \w{3} \d{2} \d{4} )/
  it.each(['incident', 'maintenance'].filter(name => statusFixture(provider).cases[name]))('%s: every time 99999999999999999 drops the times, not the read', async (name) => {
    const clean = await read(provider, name)
    const poisoned = await readChanged(provider, name, bodies => rewrite(bodies, leaf => typeof leaf === 'string' && TIME_TEXT.test(leaf), () => OUT_OF_RANGE))
    expect(poisoned.state).toBe(clean.state)
    expect(poisoned.components).toEqual(clean.components)
    expect(poisoned.incidents.length).toBeGreaterThanOrEqual(clean.incidents.length)
    expect(poisoned.maintenances.length).toBeGreaterThanOrEqual(clean.maintenances.length)
    for (const item of [...poisoned.incidents, ...poisoned.maintenances]) {
      expect(item.updatedAt).toBeNull()
      expect(item.postedAt).toBeUndefined()
    }
  })
})

describe('any one field of any fixture, made hostile', () => {
  // Beyond a date's range, words that are inherited properties, an object that throws
  // when turned into text or a number, and the wrong types.
  const HOSTILE: unknown[] = [OUT_OF_RANGE, -1e308, 'constructor', '__proto__', JSON.parse('{"toString":1}'), [], {}, null, true]

  it.each(Object.keys(EXPECTED) as StatusProvider[])('%s: reads (well formed) or is "not this provider"; nothing else', async (provider) => {
    const { cases } = statusFixture(provider)
    const failures = new Set<string>()
    for (const name of Object.keys(cases)) {
      for (const target of leafPaths(cases[name])) {
        for (const hostile of HOSTILE) {
          try {
            expectWellFormed(await readChanged(provider, name, bodies => rewrite(bodies, (_leaf, path) => path === target, () => hostile)))
          }
          catch (error) {
            if (!(error instanceof NotThisProvider)) failures.add(`${name} ${target} = ${JSON.stringify(hostile)}: ${(error as Error).message.split('\n')[0]}`)
          }
        }
      }
    }
    expect([...failures]).toEqual([])
  })
})

describe('status-page text follows the chat\'s text rules (issue 18 item 13)', () => {
  const zalgo = `Web${'\u0301'.repeat(320)}\u061C`
  it.each(['uptime-kuma', 'statuspage', 'betterstack', 'cachet2'] as const)('%s: 320 marks on a letter and U+061C in names and incidents are cut and removed', async (provider) => {
    const names = new Set(['name', 'public_name', 'company_name', 'title', 'content', 'body', 'message', 'announcement'])
    const reading = await readChanged(provider, 'incident', bodies => rewrite(bodies, (leaf, path) => typeof leaf === 'string' && names.has(path.split('.').at(-1)!), () => zalgo))
    const texts = [reading.title ?? '', ...reading.components.map(component => component.name), ...reading.incidents.flatMap(item => [item.title, plain(item).text])]
    expect(texts.length).toBeGreaterThan(0)
    for (const text of texts.filter(Boolean)) expect(text).toBe(`Web${'\u0301'.repeat(8)}`)
  })
})

describe('incident text is Markdown reduced to plain runs (issue 19 item 4)', () => {
  const MARKDOWN = 'We are **moving** the database.\n\n- see [the post](https://blog.example/x)\n- [bad](javascript:alert(1)) <img src=x onerror=alert(1)><script>alert(2)</script>'
  it.each(['uptime-kuma', 'statuspage', 'betterstack', 'cachet2', 'cachet3', 'gatus'] as const)('%s: the body goes through it', async (provider) => {
    const names = new Set(['content', 'body', 'message'])
    const reading = await readChanged(provider, 'incident', bodies => rewrite(bodies, (leaf, path) => typeof leaf === 'string' && names.has(path.split('.').at(-1)!), () => MARKDOWN))
    const incident = reading.incidents.at(-1)!
    // Gatus announcements have no title: the text's first line is the title, as text, and the rest its body.
    if (provider === 'gatus') {
      expect(incident.title).toBe('We are moving the database.')
      expect(incident.body).toEqual([{ type: 'ul', items: [[{ text: 'see ' }, { text: 'the post', href: 'https://blog.example/x' }], [{ text: 'bad' }]] }])
      return
    }
    expect(incident.body).toEqual([
      { type: 'p', runs: [{ text: 'We are ' }, { text: 'moving', strong: true }, { text: ' the database.' }] },
      { type: 'ul', items: [[{ text: 'see ' }, { text: 'the post', href: 'https://blog.example/x' }], [{ text: 'bad' }]] },
    ])
  })

  it('Uptime Kuma: a Markdown incident as real Kuma 2.x stores it (fixture case incident-markdown)', async () => {
    const [incident] = (await read('uptime-kuma', 'incident-markdown')).incidents
    const text = plain(incident!).text
    expect(text).not.toMatch(/\*\*|\]\(|<\/?[a-z]/i)
    expect(incident!.body.flatMap(block => block.type === 'p' ? block.runs : block.items.flat()).filter(run => run.href).map(run => run.href)).toEqual(['https://blog.example.com/2026/11/db'])
    expect(incident!.severity).toBe('degraded')
  })
})

describe('Gatus: an announcement is a Markdown message without a title (web/app/src/utils/markdown.js)', () => {
  it('its first line is the title, every other line its body: nothing is lost', async () => {
    const [announcement] = (await read('gatus', 'incident-markdown')).incidents
    expect(announcement).toMatchObject({ title: 'Uploads are slow', severity: 'degraded', updatedAt: null, postedAt: '2026-11-28T19:58:00.000Z' })
    expect(plain(announcement!).text).toBe('We are moving the object storage to a bigger disk.\nThe old one stays read-only\nuntil then')
    expect(announcement!.body.flatMap(block => block.type === 'p' ? block.runs : block.items.flat()).filter(run => run.href).map(run => run.href)).toEqual(['https://blog.example.com/storage'])
  })
})

describe('incident severity from each provider\'s style or impact (issue 19 item 4)', () => {
  it.each<[StatusProvider, string, string, NoticeSeverity | undefined]>([
    ['uptime-kuma', 'style', 'info', 'informational'],
    ['uptime-kuma', 'style', 'primary', 'informational'],
    ['uptime-kuma', 'style', 'light', 'informational'],
    ['uptime-kuma', 'style', 'dark', 'informational'],
    ['uptime-kuma', 'style', 'warning', 'degraded'],
    ['uptime-kuma', 'style', 'danger', 'outage'],
    ['uptime-kuma', 'style', 'constructor', undefined],
    ['statuspage', 'impact', 'none', 'informational'],
    ['statuspage', 'impact', 'minor', 'degraded'],
    ['statuspage', 'impact', 'critical', 'outage'],
    ['instatus', 'impact', 'DEGRADEDPERFORMANCE', 'degraded'],
    ['instatus', 'impact', 'PARTIALOUTAGE', 'outage'],
    ['gatus', 'type', 'information', 'informational'],
    ['gatus', 'type', 'warning', 'degraded'],
    ['betterstack', 'aggregate_state', 'degraded', 'degraded'],
  ])('%s %s %s: %s', async (provider, field, value, severity) => {
    const reading = await readChanged(provider, 'incident', bodies => rewrite(bodies, (leaf, path) => typeof leaf === 'string' && path.endsWith(`.${field}`) && !path.includes('data.attributes.aggregate_state') && !/components|page\./.test(path), () => value))
    expect(reading.incidents.at(-1)!.severity).toBe(severity)
  })
})

describe('maintenances carry no severity: the page draws them in their own colour', () => {
  it.each(['uptime-kuma', 'statuspage', 'betterstack', 'instatus', 'cachet2', 'cachet3'] as const)('%s', async (provider) => {
    const reading = await read(provider, 'maintenance')
    expect(reading.maintenances.length).toBeGreaterThan(0)
    for (const maintenance of reading.maintenances) expect(maintenance).not.toHaveProperty('severity')
  })
})

describe('a long incident (issue 19 item 5)', () => {
  it('Uptime Kuma: 1,800 characters are kept whole (no longer cut at 1,000), the first lines apart from the rest', async () => {
    const long = 'The database server ran out of disk and we are moving it. '.repeat(31).trim()
    expect([...long].length).toBeGreaterThan(1750)
    const reading = await readChanged('uptime-kuma', 'incident', bodies => rewrite(bodies, (_leaf, path) => path.endsWith('.content'), () => long))
    const [incident] = reading.incidents
    expect(blocksText(incident!.body).length).toBeLessThan(300)
    expect(`${blocksText(incident!.body)} ${blocksText(incident!.more!)}`).toBe(long)
  })
})

describe('maintenance never hides a component that is down (issue 19 item 1)', () => {
  it.each<[StatusProvider, string]>([
    ['uptime-kuma', 'maintenance-unrelated'],
    ['uptime-kuma', 'maintenance-unrelated-down'],
    ['uptime-kuma', 'monitor-in-maintenance-down'],
    ['statuspage', 'maintenance-down'],
    ['statuspage', 'maintenance-unrelated'],
    ['betterstack', 'maintenance-down'],
    ['betterstack', 'maintenance-unrelated'],
    ['instatus', 'maintenance-down'],
    ['instatus', 'maintenance-unrelated'],
    ['cachet2', 'maintenance-down'],
    ['cachet3', 'maintenance-down'],
  ])('%s %s: the in-progress maintenance is still listed, as information', async (provider, name) => {
    const reading = await read(provider, name)
    expect(reading.maintenances.map(item => item.title)).toEqual(['Database upgrade'])
  })
})

// ── What real Uptime Kuma answered (issue 19 acceptance 1) ──
// tests/fixtures/status/uptime-kuma-<version>.json, captured by tests/fixtures/status/capture/uptime-kuma.mjs
// from Kuma 1.23.16 and 2.5.3 built from source: monitors Web and Object storage (down at once) and
// Streaming (PENDING while failing), under groups Misskey and Media of the page "main".

const UP = ['Web:operational', 'Streaming:operational', 'Object storage:operational']
const KUMA_EXPECTED: Record<string, { state: StatusLevel, components: string[] }> = {
  'operational': { state: 'operational', components: UP },
  'incident-info': { state: 'operational', components: UP },
  'incident-warning': { state: 'operational', components: UP },
  'incident-danger': { state: 'operational', components: UP },
  'incident-primary': { state: 'operational', components: UP },
  'incident-light': { state: 'operational', components: UP },
  'incident-dark': { state: 'operational', components: UP },
  'incident-edited': { state: 'operational', components: UP },
  'incident-two-posted': { state: 'operational', components: UP },
  'incident-unpinned': { state: 'operational', components: UP },
  'instance-down': { state: 'partial_outage', components: ['Web:major_outage', 'Streaming:operational', 'Object storage:operational'] },
  // Kuma's banner: "Degraded Service" (partial down); the unrelated maintenance is information only.
  'maintenance-unrelated-down': { state: 'partial_outage', components: ['Web:major_outage', 'Streaming:operational', 'Object storage:operational'] },
  'maintenance-unrelated': { state: 'operational', components: UP },
  'monitor-in-maintenance': { state: 'maintenance', components: ['Web:maintenance', 'Streaming:operational', 'Object storage:operational'] },
  // Kuma's banner says maintenance here; ours lets the monitor that is down win.
  'monitor-in-maintenance-down': { state: 'partial_outage', components: ['Web:maintenance', 'Streaming:operational', 'Object storage:major_outage'] },
  'recovered': { state: 'operational', components: UP },
  // Kuma counts PENDING as not up: partial down beside up monitors, all down when none is up.
  'pending': { state: 'partial_outage', components: ['Web:operational', 'Streaming:degraded', 'Object storage:operational'] },
  'none-up': { state: 'major_outage', components: ['Web:major_outage', 'Streaming:degraded', 'Object storage:major_outage'] },
  'empty': { state: 'unknown', components: [] },
  'custom-domain': { state: 'operational', components: UP },
}

const STYLE_SEVERITY: Record<string, NoticeSeverity> = { info: 'informational', warning: 'degraded', danger: 'outage', primary: 'informational', light: 'informational', dark: 'informational' }

/** Reads one captured case at its page: / on the custom domain, /status/empty for the page without groups, else /status/main. */
function readCaptured(capture: KumaCapture, name: string): Promise<ProviderReading> {
  const page = name === 'custom-domain'
    ? new URL('/', `https://${capture.customDomain}`)
    : new URL(name === 'empty' ? '/status/empty' : capture.pagePath, ORIGIN)
  return adapterFor('uptime-kuma').read(page, async (url) => {
    const body = capture.cases[name]?.[url.pathname + url.search]
    if (body === undefined) throw new Error(`404 ${url.pathname}${url.search}`)
    return body
  })
}

/** Replays what Kuma answered as the reader's HTTP would see it: not 200 or no answer throws. */
function replay(answers: Record<string, CapturedAnswer>) {
  return async (url: URL) => {
    const answer = answers[url.pathname]
    if (!answer) throw new Error(`404 ${url.pathname}`)
    if (answer.error) throw new Error(`${url.pathname}: ${answer.error}`)
    if (answer.status !== 200) throw new Error(`${url.pathname} answered ${answer.status}`)
    return answer.json
  }
}

describe.each(KUMA_VERSIONS)('real Uptime Kuma %s (captured)', (version) => {
  const capture = kumaCapture(version)

  it('is what that version answered, cited to its source', () => {
    expect(capture.kuma).toBe(version)
    expect(capture.source).toContain(`tag ${version}`)
    expect(Object.keys(capture.cases).sort()).toEqual(Object.keys(KUMA_EXPECTED).sort())
  })

  it.each(Object.entries(KUMA_EXPECTED))('%s: the overall state and the rows', async (name, expected) => {
    const reading = await readCaptured(capture, name)
    expect(reading.state).toBe(expected.state)
    expect(states(reading)).toEqual(expected.components)
    if (expected.components.length > 0) {
      expect(reading.title).toBe('Example status')
      expect(reading.components.map(item => item.group)).toEqual(['Misskey', 'Misskey', 'Media'])
    }
  })

  it.each(Object.entries(STYLE_SEVERITY))('incident styled %s: severity %s, Markdown made plain, posted (never updated)', async (style, severity) => {
    const { incidents } = await readCaptured(capture, `incident-${style}`)
    expect(incidents).toHaveLength(1)
    const [incident] = incidents
    expect(incident).toMatchObject({ title: `Incident styled ${style}`, severity, updatedAt: null })
    // lastUpdatedDate null on a new incident: its creation time, as a posting time (item 7).
    expect(incident!.postedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/)
    const text = plain(incident!).text
    expect(text).toContain('We are moving the database to a bigger disk.')
    expect(text).not.toMatch(/\*\*|\]\(|<\/?[a-z]|onerror|javascript:/i)
    const links = incident!.body.flatMap(block => block.type === 'p' ? block.runs : block.items.flat()).filter(run => run.href).map(run => run.href)
    expect(links).toEqual(['https://blog.example.test/2026/db'])
  })

  it('an edited incident: its update time only', async () => {
    const [incident] = (await readCaptured(capture, 'incident-edited')).incidents
    expect(incident).toMatchObject({ title: 'Incident styled dark, edited', severity: 'informational' })
    expect(incident!.updatedAt).toMatch(/Z$/)
    expect(incident).not.toHaveProperty('postedAt')
  })

  it(`two incidents posted: ${version.startsWith('1.') ? '1.23 pins the newer only' : '2.x lists both, newest first'}`, async () => {
    const { incidents } = await readCaptured(capture, 'incident-two-posted')
    const titles = version.startsWith('1.') ? ['A second incident'] : ['A second incident', 'Incident styled dark, edited']
    expect(incidents.map(item => item.title)).toEqual(titles)
    expect(incidents[0]!.severity).toBe('degraded')
  })

  it.each(['operational', 'incident-unpinned', 'instance-down', 'recovered', 'pending', 'none-up', 'empty'])('%s: no notices', async (name) => {
    const reading = await readCaptured(capture, name)
    expect(reading.incidents).toEqual([])
    expect(reading.maintenances).toEqual([])
  })

  it.each([
    ['maintenance-unrelated', 'Database upgrade'],
    ['maintenance-unrelated-down', 'Database upgrade'],
    ['monitor-in-maintenance', 'Web maintenance'],
    ['monitor-in-maintenance-down', 'Web maintenance'],
  ])('%s: the maintenance is listed as information (no severity), its Markdown made plain', async (name, title) => {
    const { maintenances } = await readCaptured(capture, name)
    expect(maintenances).toHaveLength(1)
    expect(maintenances[0]).toMatchObject({ title, updatedAt: null })
    expect(maintenances[0]).not.toHaveProperty('severity')
    expect(plain(maintenances[0]!).text).toBe('We upgrade the database.\nnotes')
  })

  it('a custom domain: /api/entry-page names the slug for the host it was asked with', async () => {
    expect(capture.responses['entry-page-custom-domain']!['/api/entry-page']!.json).toEqual({ type: 'statusPageMatchedDomain', statusPageSlug: 'main' })
    // Asked under another host, it names Kuma's entry page: no status page there.
    await expect(adapterFor('uptime-kuma').read(new URL('/', ORIGIN), replay(capture.responses['entry-page']!))).rejects.toBeInstanceOf(NotThisProvider)
  })

  it(`a wrong slug: ${version.startsWith('1.') ? 'no answer at all' : '404'}, never a reading`, async () => {
    const answers = capture.responses['wrong-slug']!
    const main = answers['/api/status-page/mian']!
    if (version.startsWith('1.')) expect(main.error).toMatch(/no answer/)
    else expect(main).toMatchObject({ status: 404, json: { status: 'fail', msg: 'Status Page Not Found' } })
    // The beats answer 200 with nothing in them, whatever the slug.
    expect(answers['/api/status-page/heartbeat/mian']).toMatchObject({ status: 200, json: { heartbeatList: {}, uptimeList: {} } })
    await expect(adapterFor('uptime-kuma').read(new URL('/status/mian', ORIGIN), replay(answers))).rejects.toThrow(/mian/)
  })

  it(`a slug saved with capitals: asked as written (${version.startsWith('1.') ? '1.23 answers it so, and never answers it lowercased' : '2.x lowercases every request, and never finds it'})`, async () => {
    const answers = capture.responses['mixed-case-slug']!
    const reading = adapterFor('uptime-kuma').read(new URL('/status/Empty-Page', ORIGIN), replay(answers))
    if (version.startsWith('1.')) {
      expect(answers['/api/status-page/empty-page']!.error).toMatch(/no answer/)
      await expect(reading).resolves.toMatchObject({ title: 'Empty', state: 'unknown', components: [] })
    }
    else {
      expect(answers['/api/status-page/empty-page']).toMatchObject({ status: 404 })
      await expect(reading).rejects.toThrow('/api/status-page/Empty-Page answered 404')
    }
  })

  it('the page refuses to be framed elsewhere (X-Frame-Options SAMEORIGIN, no CSP), on its slug and its custom domain', () => {
    for (const name of ['page', 'custom-domain-root'] as const) {
      const answer = capture.pageResponses[name]!
      expect(answer.headers).toMatchObject({ 'x-frame-options': 'SAMEORIGIN' })
      expect(answer.headers).not.toHaveProperty('content-security-policy')
      expect(framingAllowed(new Headers(answer.headers), ORIGIN, 'https://down.example.com')).toBe(false)
    }
  })

  it('started with UPTIME_KUMA_DISABLE_FRAME_SAMEORIGIN=1, the page may be framed (no X-Frame-Options, no CSP)', () => {
    for (const name of ['page-frame-sameorigin-disabled', 'custom-domain-root-frame-sameorigin-disabled'] as const) {
      const answer = capture.pageResponses[name]!
      expect(answer.status).toBe(200)
      expect(answer.headers).not.toHaveProperty('x-frame-options')
      expect(answer.headers).not.toHaveProperty('content-security-policy')
      expect(framingAllowed(new Headers(answer.headers), ORIGIN, 'https://down.example.com')).toBe(true)
    }
  })
})
