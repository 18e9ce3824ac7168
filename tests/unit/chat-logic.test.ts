import { describe, expect, it } from 'vitest'
import { insertMessage, mergeSnapshot } from '../../composables/useChat'
import { pollDelay } from '../../composables/usePoller'
import { SETTING_DEFAULTS } from '../../shared/settings'
import type { ChatMessage } from '../../shared/types/message'

const message = (id: number): ChatMessage => ({ id, body: `m${id}`, name: null, createdAt: new Date(id * 1000).toISOString() })
const ids = (messages: ChatMessage[]) => messages.map(m => m.id)

describe('pollDelay', () => {
  it('doubles per failure from the interval up to a 60 s ceiling', () => {
    expect([0, 1, 2, 3, 4, 10].map(failures => pollDelay(failures, { intervalMs: 5000 }))).toEqual([5000, 10_000, 20_000, 40_000, 60_000, 60_000])
  })

  it('slows down in a hidden tab, never stops, and never polls a hidden tab faster than a visible one', () => {
    const options = { intervalMs: 5000, hiddenIntervalMs: 30_000 }
    expect([0, 1, 2].map(failures => pollDelay(failures, options, true))).toEqual([30_000, 60_000, 60_000])
    expect(pollDelay(0, options, false)).toBe(5000)
    expect(pollDelay(0, { intervalMs: 40_000, hiddenIntervalMs: 30_000 }, true)).toBe(40_000)
  })

  it('polls a hidden tab at most once per 30 s with the shipped settings', () => {
    expect(pollDelay(0, { intervalMs: SETTING_DEFAULTS.pollIntervalMs, hiddenIntervalMs: SETTING_DEFAULTS.hiddenPollIntervalMs }, true)).toBeGreaterThanOrEqual(30_000)
  })
})

describe('mergeSnapshot', () => {
  it('takes the snapshot, newest first, without duplicates', () => {
    expect(ids(mergeSnapshot([message(1), message(2)], [message(2), message(3), message(1)], new Set()))).toEqual([3, 2, 1])
  })

  it('keeps the visitor\'s own message when the snapshot is older than it', () => {
    const own = new Set([5])
    expect(ids(mergeSnapshot([message(5), message(3)], [message(3), message(2)], own))).toEqual([5, 3, 2])
  })

  it('drops messages a moderator hid (absent from the snapshot)', () => {
    expect(ids(mergeSnapshot([message(3), message(2), message(1)], [message(3), message(1)], new Set()))).toEqual([3, 1])
  })

  it('insertMessage adds once and keeps order', () => {
    expect(ids(insertMessage([message(3), message(1)], message(4)))).toEqual([4, 3, 1])
    expect(ids(insertMessage([message(4), message(3)], message(4)))).toEqual([4, 3])
  })
})
