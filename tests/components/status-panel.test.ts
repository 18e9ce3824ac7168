import { describe, expect, it } from 'vitest'
import { mountSuspended } from '@nuxt/test-utils/runtime'
import StatusPanel from '~/components/StatusPanel.vue'
import type { StatusSummary } from '~~/shared/types/status'

const at = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000).toISOString()

const summary = (overrides: Partial<StatusSummary> = {}): StatusSummary => ({
  provider: 'uptime-kuma',
  state: 'partial_outage',
  components: [
    { name: 'Web', state: 'major_outage' },
    { name: 'Streaming', state: 'operational' },
    { name: 'misskey.example', state: 'major_outage', instance: true },
  ],
  incidents: [{ title: 'Web is down', body: [{ type: 'p', runs: [{ text: 'The database ran out of disk.\n<b>not bold</b>' }] }], updatedAt: at(120) }],
  maintenances: [],
  pageUrl: 'https://status.example/status/main',
  readAt: at(20),
  stale: false,
  frameable: false,
  ...overrides,
})

describe('StatusPanel', () => {
  it('says the overall state in words, lists the components and the incident as text', async () => {
    const panel = await mountSuspended(StatusPanel, { props: { summary: summary() } })
    const overall = panel.find('.status-overall')
    expect(overall.text()).toBe('Partial outage')
    expect(overall.classes()).toContain('level-partial_outage')
    expect(panel.findAll('.status-components li').map(item => item.text())).toEqual(['Web: Down', 'Streaming: Operational', 'misskey.example: Down'])
    const notice = panel.find('.status-notice')
    expect(notice.find('h3').text()).toBe('Incident Web is down')
    // Provider text is text: markup that survived as words shows as typed, never as elements.
    expect(notice.find('.status-text').text()).toBe('The database ran out of disk.\n<b>not bold</b>')
    expect(notice.find('b').exists()).toBe(false)
    expect(notice.text()).toContain('updated 2 minutes ago')
    expect(panel.find('.status-freshness').text()).toBe('Read from the status page half a minute ago.')
    expect(panel.find('a[href="https://status.example/status/main"]').attributes('rel')).toBe('noopener noreferrer')
    expect(panel.find('details.status-more').exists()).toBe(false)
    // No style from the provider: drawn as an outage, as before.
    expect(notice.classes()).toContain('severity-outage')
  })

  it('draws the text\'s blocks with plain elements: paragraphs, lists, strong, em and links leaving the page', async () => {
    const panel = await mountSuspended(StatusPanel, {
      props: { summary: summary({ incidents: [{
        title: 'Slow uploads',
        body: [
          { type: 'p', runs: [{ text: 'We are ' }, { text: 'moving', strong: true }, { text: ' the ' }, { text: 'database', strong: true, em: true }, { text: '.' }] },
          { type: 'ul', items: [[{ text: 'Posting works' }], [{ text: 'see ' }, { text: 'the post', href: 'https://blog.example/x' }]] },
          { type: 'ol', items: [[{ text: '<script>alert(1)</script>' }]] },
        ],
        severity: 'degraded',
        updatedAt: at(60),
      }] }) },
    })
    const notice = panel.find('.status-notice')
    expect(notice.classes()).toContain('severity-degraded')
    expect(notice.findAll('p.status-text').map(p => p.text())).toEqual(['We are moving the database.'])
    expect(notice.findAll('strong').map(item => item.text())).toEqual(['moving', 'database'])
    expect(notice.find('strong em').text()).toBe('database')
    expect(notice.findAll('ul.status-list li').map(item => item.text())).toEqual(['Posting works', 'see the post'])
    const link = notice.find('ul a')
    expect(link.attributes()).toMatchObject({ href: 'https://blog.example/x', target: '_blank', rel: 'noopener noreferrer nofollow' })
    // A run is text, whatever it says.
    expect(notice.find('ol li').text()).toBe('<script>alert(1)</script>')
    expect(notice.find('script').exists()).toBe(false)
  })

  it.each([['informational'], ['degraded'], ['outage']] as const)('draws a %s incident in its own colour class', async (severity) => {
    const panel = await mountSuspended(StatusPanel, { props: { summary: summary({ incidents: [{ title: 'x', body: [], severity, updatedAt: null }] }) } })
    expect(panel.find('.status-notice').classes()).toEqual(expect.arrayContaining(['notice-incident', `severity-${severity}`]))
  })

  it('a maintenance carries no severity class: it keeps its own colour', async () => {
    const panel = await mountSuspended(StatusPanel, { props: { summary: summary({ incidents: [], maintenances: [{ title: 'Upgrade', body: [], updatedAt: null }] }) } })
    expect(panel.find('.status-notice').classes().filter(name => name.startsWith('severity-'))).toEqual([])
  })

  it('shows a long text\'s first lines, the rest behind a labelled summary (closed, no script needed)', async () => {
    const panel = await mountSuspended(StatusPanel, {
      props: { summary: summary({ incidents: [{
        title: 'Long',
        body: [{ type: 'p', runs: [{ text: 'First lines.' }] }],
        more: [{ type: 'p', runs: [{ text: 'The rest.' }] }, { type: 'ul', items: [[{ text: 'item' }]] }],
        updatedAt: null,
      }] }) },
    })
    const notice = panel.find('.status-notice')
    expect(notice.find(':scope > p.status-text').text()).toBe('First lines.')
    const more = notice.find('details.status-more')
    expect(more.attributes('open')).toBeUndefined()
    expect(more.find('summary').text()).toBe('Show the rest')
    expect(more.findAll('.status-text, .status-list li').map(item => item.text())).toEqual(['The rest.', 'item'])
  })

  it('heads the panel with the status page\'s own title when it has one', async () => {
    const titled = await mountSuspended(StatusPanel, { props: { summary: summary({ title: 'Example <b>status</b>' }) } })
    expect(titled.find('h2 .status-title').text()).toBe('Example <b>status</b>')
    expect(titled.find('h2 b').exists()).toBe(false)
    const untitled = await mountSuspended(StatusPanel, { props: { summary: summary() } })
    expect(untitled.find('h2 .status-title').text()).toBe('Status page')
  })

  it('at a glance: the title and the overall state are the summary of a details open only on a wide screen', async () => {
    const panel = await mountSuspended(StatusPanel, { props: { summary: summary() } })
    const details = panel.find('details.status-details')
    expect(details.find('summary h2').text()).toMatch(/^Status page\s*Partial outage$/)
    // Open exactly when the window is wide (happy-dom's is 1024 px: open; a phone's: closed).
    expect(details.attributes('open') !== undefined).toBe(window.matchMedia('(min-width: 48rem)').matches)
    expect(details.find('.status-components').exists()).toBe(true)
  })

  it('lists components under their provider\'s group names, nakanai\'s own row after a gap', async () => {
    const panel = await mountSuspended(StatusPanel, {
      props: {
        summary: summary({
          components: [
            { name: 'Web', state: 'major_outage', group: 'Misskey' },
            { name: 'Streaming', state: 'operational', group: 'Misskey' },
            { name: 'Object storage', state: 'operational', group: 'Media <i>x</i>' },
            { name: 'misskey.example', state: 'major_outage', instance: true },
          ],
        }),
      },
    })
    const items = panel.findAll('.status-components li')
    expect(items.map(item => item.text())).toEqual(['Misskey', 'Web: Down', 'Streaming: Operational', 'Media <i>x</i>', 'Object storage: Operational', 'misskey.example: Down'])
    expect(items.filter(item => item.classes('status-group')).map(item => item.text())).toEqual(['Misskey', 'Media <i>x</i>'])
    expect(panel.find('.status-components i').exists()).toBe(false)
    expect(items.at(-1)!.classes()).toContain('status-ungrouped')
  })

  it('says "posted" for a notice that carries only its creation time (Kuma\'s lastUpdatedDate null)', async () => {
    const panel = await mountSuspended(StatusPanel, {
      props: { summary: summary({ incidents: [{ title: 'Web is down', body: [], updatedAt: null, postedAt: at(7200) }] }) },
    })
    const notice = panel.find('.status-notice')
    expect(notice.text()).toContain('posted about 2 hours ago')
    expect(notice.text()).not.toContain('updated')
  })

  it('says when what it shows is the last good answer', async () => {
    const panel = await mountSuspended(StatusPanel, { props: { summary: summary({ stale: true, readAt: at(300) }) } })
    expect(panel.find('.status-freshness').text()).toBe('The status page is not answering; this is what it said 5 minutes ago.')
  })

  it('says "unknown" when the status page was never read', async () => {
    const panel = await mountSuspended(StatusPanel, { props: { summary: summary({ provider: null, state: 'unknown', components: [], incidents: [], readAt: null }) } })
    expect(panel.find('.status-overall').text()).toBe('Status unknown')
    expect(panel.find('.status-freshness').text()).toBe('The status page could not be read yet.')
  })

  it('says so when the status page could not be read (a wrong slug), keeping the link', async () => {
    const panel = await mountSuspended(StatusPanel, {
      props: { summary: summary({ provider: null, state: 'major_outage', unreadable: true, components: [{ name: 'misskey.example', state: 'major_outage', instance: true }], incidents: [], readAt: null }) },
    })
    expect(panel.find('.status-unreadable').text()).toBe('The status page could not be read; open it with the link below.')
    expect(panel.find('a[href="https://status.example/status/main"]').text()).toBe('Open the status page')
    // Said once: not also "could not be read yet".
    expect(panel.find('.status-freshness').exists()).toBe(false)
  })

  it('offers the frame below the summary when the page allows framing (open on a wide screen)', async () => {
    const panel = await mountSuspended(StatusPanel, { props: { summary: summary({ frameable: true }) } })
    const frame = panel.find('details.status-frame')
    expect(frame.find('summary').text()).toBe('Show the status page here')
    // happy-dom's window is 1024 px wide; phones get it closed (the browser test checks both).
    expect(frame.find('iframe').attributes('src')).toBe('https://status.example/status/main')
  })

  it('titles the frame with the name the instance gave itself, like the heading', async () => {
    useBranding().value = { name: 'Sky Town', description: null, themeColor: null, iconUrl: null, serverErrorImageUrl: null, bannerUrl: null, kind: null }
    try {
      const panel = await mountSuspended(StatusPanel, { props: { summary: summary({ frameable: true }) } })
      expect(panel.find('details.status-frame iframe').attributes('title')).toBe('Status page of Sky Town')
    }
    finally {
      useBranding().value = null
    }
  })

  it('shows only the instance when no status page is configured', async () => {
    const panel = await mountSuspended(StatusPanel, {
      props: { summary: summary({ provider: null, state: 'major_outage', components: [{ name: 'misskey.example', state: 'major_outage', instance: true }], incidents: [], pageUrl: '', readAt: at(3) }) },
    })
    expect(panel.find('.status-overall').text()).toBe('Major outage')
    expect(panel.find('.status-freshness').text()).toBe('Checked by this page less than 5 seconds ago.')
    expect(panel.find('a').exists()).toBe(false)
  })
})
