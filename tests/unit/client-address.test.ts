import { describe, expect, it } from 'vitest'
import { rateLimitKey, trustedHeader } from '../../server/utils/client-address'

describe('rateLimitKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::9', '2001:db8:1:2::/64'],
    ['2001:DB8:0001:0002:ffff::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('%s -> %s', (address, key) => {
    expect(rateLimitKey(address)).toBe(key)
  })

  it('gives every address of one /64 the same key', () => {
    expect(rateLimitKey('2001:db8:aa:bb::1')).toBe(rateLimitKey('2001:db8:aa:bb:ffff:ffff:ffff:ffff'))
    expect(rateLimitKey('2001:db8:aa:bb::1')).not.toBe(rateLimitKey('2001:db8:aa:bc::1'))
  })
})

describe('trustedHeader', () => {
  it.each([
    ['', {}, ''],
    ['X-Real-IP', {}, 'x-real-ip'],
    ['', { VERCEL: '1' }, 'x-forwarded-for'],
    ['x-real-ip', { VERCEL: '1' }, 'x-real-ip'],
  ])('trustProxy %j with %j -> %j', (config, env, expected) => {
    expect(trustedHeader(config, env)).toBe(expected)
  })
})
