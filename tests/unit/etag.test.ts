import { describe, expect, it } from 'vitest'
import { etagMatches } from '../../server/utils/etag'

describe('etagMatches', () => {
  const etag = '"abc"'
  it.each([
    [undefined, false],
    ['', false],
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ['"x",W/"abc"', true],
    ['*', true],
    ['"abd"', false],
    ['abc', false],
    ['"ab"', false],
    [`"${'a'.repeat(5000)}"`, false],
  ])('If-None-Match %s -> %s', (header, expected) => {
    expect(etagMatches(header, etag)).toBe(expected)
  })
})
