import { describe, expect, it } from 'vitest'
import { newestFirst } from '../../shared/utils/newest-first'

const item = (id: number, version = 'a') => ({ id, version })

describe('newestFirst', () => {
  it.each([
    { name: 'sorts by id, newest first', items: [item(1), item(3), item(2)], limit: 10, ids: [3, 2, 1] },
    { name: 'keeps each id once', items: [item(2), item(1), item(2)], limit: 10, ids: [2, 1] },
    { name: 'cuts to the limit after sorting', items: [item(1), item(5), item(3), item(4)], limit: 2, ids: [5, 4] },
    { name: 'empty stays empty', items: [], limit: 5, ids: [] },
  ])('$name', ({ items, limit, ids }) => {
    expect(newestFirst(items, limit).map(entry => entry.id)).toEqual(ids)
  })

  it('keeps the first occurrence of an id (the caller\'s trusted version)', () => {
    expect(newestFirst([item(1, 'new'), item(1, 'old')], 5)).toEqual([item(1, 'new')])
  })
})
