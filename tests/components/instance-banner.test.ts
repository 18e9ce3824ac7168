import { afterEach, describe, expect, it } from 'vitest'
import { mountSuspended } from '@nuxt/test-utils/runtime'
import InstanceBanner from '~/components/InstanceBanner.vue'
import InstanceSince from '~/components/InstanceSince.vue'
import type { InstanceStatus } from '~~/shared/types/instance'

const at = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000).toISOString()
const up: InstanceStatus = { state: 'up', checkedAt: at(1), since: at(1), latencyMs: 5 }

function configure(instanceUrl: string, returnCountdownSeconds: number) {
  Object.assign(useRuntimeConfig().public, { instanceUrl, instanceName: 'Fakekey', returnCountdownSeconds })
}

afterEach(() => {
  configure('', 10)
  useChatDraft().value = ''
})

describe('InstanceBanner', () => {
  it('says nothing while the state is unknown', async () => {
    configure('https://misskey.example', 10)
    const banner = await mountSuspended(InstanceBanner, { props: { status: { state: 'unknown', checkedAt: null, since: null }, seenDown: false } })
    expect(banner.text()).toBe('')
  })

  it('shows how long the instance has been down, as a duration, and when it was last checked', async () => {
    const since = await mountSuspended(InstanceSince, { props: { status: { state: 'down', checkedAt: at(3), since: at(600) } } })
    expect(since.find('.instance-down').text()).toMatch(/^Down for 10 minutes\s+·\s+last checked less than 5 seconds ago$/)
    useNuxtApp().$locale.value = await loadLocale('ja')
    const ja = await mountSuspended(InstanceSince, { props: { status: { state: 'down', checkedAt: at(3), since: at(4) } } })
    expect(ja.find('.instance-down').text()).toMatch(/^停止して1分未満/)
    useNuxtApp().$locale.value = await loadLocale('en')
  })

  it('says "still down" when the store could not tell since when', async () => {
    const since = await mountSuspended(InstanceSince, { props: { status: { state: 'down', checkedAt: at(3), since: null } } })
    expect(since.find('.instance-down').text()).toMatch(/^Still down/)
  })

  it('counts down after an outage it has seen', async () => {
    configure('https://misskey.example', 10)
    const banner = await mountSuspended(InstanceBanner, { props: { status: up, seenDown: true } })
    expect(banner.find('a.button').attributes('href')).toBe('https://misskey.example/')
    expect(banner.find('[data-countdown]').text()).toBe('Taking you back automatically in 10 s.')
    banner.unmount()
  })

  it('holds the countdown while a chat message is being written', async () => {
    configure('https://misskey.example', 10)
    const draft = useChatDraft()
    draft.value = 'half a sentence'
    const banner = await mountSuspended(InstanceBanner, { props: { status: up, seenDown: true } })
    expect(banner.find('a.button').exists()).toBe(true)
    expect(banner.find('[data-countdown]').exists()).toBe(false)
    draft.value = ''
    await nextTick()
    expect(banner.find('[data-countdown]').text()).toBe('Taking you back automatically in 10 s.')
    banner.unmount()
  })

  it('only offers the button when automatic return is off (0 seconds)', async () => {
    configure('https://misskey.example', 0)
    const banner = await mountSuspended(InstanceBanner, { props: { status: up, seenDown: true } })
    expect(banner.find('a.button').text()).toBe('Go back to Fakekey')
    expect(banner.find('[data-countdown]').exists()).toBe(false)
  })
})
