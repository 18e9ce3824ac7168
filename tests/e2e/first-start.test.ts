import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../support/server'

let server: RunningServer | undefined
afterAll(() => server?.dispose())

describe('the first start of a new install', () => {
  it('unpacks the database the build made instead of running initdb', async () => {
    server = await startServer()
    // initdb leaves its records in the first WAL segment; the build's seed has moved
    // on to the second one and left it as holes.
    const wal = join(server.dataDir, 'pg_wal')
    const segments = readdirSync(wal).filter(name => /^[0-9A-F]{24}$/.test(name))
    expect(segments).toEqual(['000000010000000000000002'])
    const { size, blocks } = statSync(join(wal, segments[0]!))
    expect(blocks * 512).toBeLessThan(size / 4)
    expect(server.output()).not.toContain('could not start the embedded database from the build')
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200)
  })
})
