import { afterEach, describe, expect, it, vi } from 'vitest'
import { describeFailure, logFailure } from '../../server/utils/log-failure'

const diskFull = () => Object.assign(new Error('could not extend file "base/5/16384": No space left on device\nHINT: Check free disk space.'), { code: '53100' })

describe('describeFailure', () => {
  it.each([
    ['a full disk (PostgreSQL)', diskFull(), 'the disk is full: Error 53100: could not extend file "base/5/16384": No space left on device'],
    ['a full disk (Node)', Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }), 'the disk is full: Error ENOSPC: ENOSPC: no space left on device, write'],
    ['a database that is not running', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), 'the database refuses connections (not running, or wrong host/port): Error ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:5432'],
    ['not an Error', 'boom\nsecond line', 'boom'],
  ])('%s', (_label, error, line) => {
    expect(describeFailure(error)).toBe(line)
  })

  it('names where a program error was thrown, on the same line', () => {
    const line = describeFailure(new TypeError('x is not a function'))
    expect(line).toMatch(/^TypeError: x is not a function \(at .*log-failure\.test\.ts:\d+:\d+\)$/)
  })
})

describe('logFailure', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('logs one line per distinct failure per minute, then how often it repeated', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {})
    const start = 1_000_000_000
    for (let i = 0; i < 50; i++) logFailure('request failed', diskFull(), start + i * 100)
    logFailure('request failed', new Error('something else'), start + 5000)
    expect(log.mock.calls.map(call => call.join(' '))).toEqual([
      '[nakanai] request failed: the disk is full: Error 53100: could not extend file "base/5/16384": No space left on device',
      expect.stringMatching(/^\[nakanai\] request failed: Error: something else \(at /),
    ])
    logFailure('request failed', diskFull(), start + 61_000)
    expect(log).toHaveBeenCalledTimes(3)
    expect(log.mock.calls[2]![0]).toMatch(/No space left on device \(and 49 times more since the last line\)$/)
    expect(log.mock.calls.flat().join('\n').split('\n')).toHaveLength(3)
  })
})
