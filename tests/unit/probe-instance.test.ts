import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probeInstance } from '../../server/instance/probe'
import { startFakeInstance, type FakeInstance, type FakeInstanceMode } from '../support/fake-instance'

let fake: FakeInstance

beforeAll(async () => {
  fake = await startFakeInstance()
})
afterAll(() => fake.close())

describe('probeInstance', () => {
  const cases: [FakeInstanceMode, 'up' | 'down', string[]][] = [
    ['healthy', 'up', ['GET /healthz']],
    ['unhealthy', 'down', ['GET /healthz']],
    ['legacy', 'up', ['GET /healthz', 'POST /api/ping']],
    ['legacy-down', 'down', ['GET /healthz', 'POST /api/ping']],
    // nginx sends pages to the down page during an outage: that is not "up".
    ['redirect', 'down', ['GET /healthz']],
    ['closed', 'down', []],
  ]
  it.each(cases)('%s → %s', async (mode, state, requests) => {
    await fake.setMode(mode)
    fake.requests.length = 0
    const result = await probeInstance(`${fake.url}/`)
    expect(result.state).toBe(state)
    expect(fake.requests).toEqual(requests)
  })

  it('gives up on an instance that does not answer within the timeout', async () => {
    await fake.setMode('hang')
    const started = Date.now()
    const result = await probeInstance(fake.url, 'misskey', 300)
    expect(result.state).toBe('down')
    expect(Date.now() - started).toBeGreaterThanOrEqual(250)
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('stops reading an endless /api/ping at its byte cap, long before the deadline: down', async () => {
    await fake.setMode('legacy')
    fake.serve('POST /api/ping', { body: `{"pong":${'1'.repeat(64 * 1024)}`, endless: true })
    const started = Date.now()
    const result = await probeInstance(fake.url, 'misskey', 10_000)
    fake.serve('POST /api/ping', null)
    expect(result.state).toBe('down')
    expect(Date.now() - started).toBeLessThan(5000)
  })
})
