import { afterEach, describe, expect, it } from 'vitest'
import { mountSuspended } from '@nuxt/test-utils/runtime'
import DownNotice from '~/components/DownNotice.vue'
import NoticeList from '~/components/NoticeList.vue'
import { loadLocale } from '~/composables/useI18n'

const learned = {
  name: 'Learned Name',
  description: null,
  themeColor: '#1a4f80',
  iconUrl: `/api/branding/icon/${'a'.repeat(64)}`,
  serverErrorImageUrl: `/api/branding/server-error/${'b'.repeat(64)}`,
  bannerUrl: null,
  kind: 'misskey' as const,
}

afterEach(async () => {
  useRuntimeConfig().public.instanceName = 'Misskey'
  useBranding().value = null
  useNuxtApp().$locale.value = await loadLocale('en')
})

describe('the instance\'s face in the heading', () => {
  it('nothing learned: the page as always', async () => {
    const notice = await mountSuspended(DownNotice)
    expect(notice.find('h1').text()).toBe('Misskey is down')
    expect(notice.find('img').exists()).toBe(false)
  })

  it('the learned name, icon and error picture', async () => {
    useBranding().value = learned
    const notice = await mountSuspended(DownNotice)
    expect(notice.find('h1').text()).toBe('Learned Name is down')
    expect(notice.find('.instance-icon').attributes('src')).toBe(learned.iconUrl)
    expect(notice.find('.server-error-image').attributes('src')).toBe(learned.serverErrorImageUrl)
  })

  it('NUXT_PUBLIC_INSTANCE_NAME wins over the learned name', async () => {
    useRuntimeConfig().public.instanceName = 'misskey.example'
    useBranding().value = learned
    const notice = await mountSuspended(DownNotice)
    expect(notice.find('h1').text()).toBe('misskey.example is down')
  })
})

describe('the instance\'s own words', () => {
  it('a Mastodon instance: its name in the reassurance and the way back, its thumbnail as a banner, never "Misskey"', async () => {
    useBranding().value = { ...learned, name: 'Mastodon Example', kind: 'mastodon', iconUrl: null, serverErrorImageUrl: null, bannerUrl: `/api/branding/banner/${'c'.repeat(64)}` }
    useNuxtApp().$locale.value = await loadLocale('ja')
    const notice = await mountSuspended(DownNotice)
    expect(notice.find('.instance-cover').attributes('src')).toBe(`/api/branding/banner/${'c'.repeat(64)}`)
    expect(notice.find('.instance-icon').exists()).toBe(false)
    expect(notice.find('.down-text .muted').text()).toBe('Mastodon Example のアカウントや投稿は消えていません。待っている間、下のチャットで他の人と話せます。')
    expect(notice.text()).not.toMatch(/misskey|ノート/i)
  })

  it('Misskey and its forks keep Misskey\'s own word in Japanese', async () => {
    useBranding().value = { ...learned, name: 'Shark Town', kind: 'misskey' }
    useNuxtApp().$locale.value = await loadLocale('ja')
    const notice = await mountSuspended(DownNotice)
    expect(notice.find('.down-text .muted').text()).toBe('Shark Town のアカウントやノートは消えていません。待っている間、下のチャットで他の人と話せます。')
    expect(notice.find('.instance-cover').exists()).toBe(false)
  })
})

describe('the admins\' updates', () => {
  const now = Date.parse('2026-11-29T12:00:00Z')
  const notice = { id: 1, body: 'Restoring the database.', expectedBackAt: '2026-11-29T12:25:00Z', createdAt: '2026-11-29T11:57:00Z', updatedAt: '2026-11-29T11:57:00Z', resolvedAt: null }

  it('under the admins\' heading, with the expected time as a clock time and relative', async () => {
    useNuxtApp().$locale.value = await loadLocale('ja')
    const list = await mountSuspended(NoticeList, { props: { notices: [notice], now } })
    expect(list.find('h2').text()).toBe('管理者からのお知らせ')
    expect(list.find('.meta time').text()).toBe('3分前')
    expect(list.find('.expected-back time').attributes('datetime')).toBe(notice.expectedBackAt)
    // Mounted: the clock time in this machine's own zone, as a visitor's browser shows it.
    const clock = new Intl.DateTimeFormat('ja', { hour: '2-digit', minute: '2-digit' }).format(new Date(notice.expectedBackAt))
    expect(list.find('.expected-back').text()).toBe(`復旧見込み: ${clock}（25分後）`)
  })

  it('resolved: reads as resolved with the time, and no longer promises the expected time', async () => {
    const resolved = { ...notice, resolvedAt: '2026-11-29T11:58:00Z' }
    for (const [code, text] of [['ja', '解決済み（2分前）'], ['en', 'Resolved 2 minutes ago']] as const) {
      useNuxtApp().$locale.value = await loadLocale(code)
      const list = await mountSuspended(NoticeList, { props: { notices: [resolved], now } })
      expect(list.find('.resolved').text()).toBe(text)
      expect(list.find('.resolved time').attributes('datetime')).toBe(resolved.resolvedAt)
      expect(list.find('.expected-back').exists()).toBe(false)
    }
  })

  it('nothing at all without updates, but the polite live region stays for the next one', async () => {
    const list = await mountSuspended(NoticeList, { props: { notices: [], now } })
    expect(list.find('section').exists()).toBe(false)
    expect(list.find('[aria-live="polite"]').exists()).toBe(true)
    await list.setProps({ notices: [notice], now })
    expect(list.find('[aria-live="polite"]').text()).toBe('Update from the admins: Restoring the database.')
  })

  it('once the instance is back: earlier updates, their expected time no longer promised', async () => {
    const list = await mountSuspended(NoticeList, { props: { notices: [notice], now, back: true } })
    expect(list.find('h2').text()).toBe('Earlier updates from the admins')
    expect(list.find('.expected-back').exists()).toBe(false)
    expect(list.find('.body').text()).toBe('Restoring the database.')
  })

  it('the latest update in view, earlier ones behind a summary; several arriving at once are all announced', async () => {
    const older = { ...notice, id: 0, body: 'Investigating.', createdAt: '2026-11-29T11:50:00Z' }
    const list = await mountSuspended(NoticeList, { props: { notices: [], now } })
    await list.setProps({ notices: [notice, older], now })
    expect(list.find('.notice .body').text()).toBe('Restoring the database.')
    expect(list.find('details.notices-earlier summary').text()).toBe('Earlier updates (1)')
    expect(list.find('details.notices-earlier .body').text()).toBe('Investigating.')
    expect(list.find('[aria-live="polite"]').text()).toBe('Update from the admins: Investigating.\nUpdate from the admins: Restoring the database.')
  })
})
