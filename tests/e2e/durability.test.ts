import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { afterAll, describe, expect, it } from 'vitest'
import { openPgliteStore } from '../../server/store/pglite'
import { loadMigrations } from '../support/migrations'
import { startServer, type RunningServer } from '../support/server'

const MESSAGES = 200
const folder = mkdtempSync(join(tmpdir(), 'nakanai-durability-'))
let server: RunningServer | undefined

afterAll(async () => {
  await server?.dispose()
  rmSync(folder, { recursive: true, force: true })
})

async function postThenKill(target: RunningServer): Promise<number[]> {
  const ids: number[] = []
  for (let i = 0; i < MESSAGES; i++) {
    const response = await fetch(`${target.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.0.${i >> 8}.${i & 255}` },
      body: JSON.stringify({ body: `durable ${i}` }),
    })
    expect(response.status).toBe(201)
    ids.push((await response.json()).message.id)
  }
  await target.stop('SIGKILL')
  return ids
}

describe('an acknowledged message survives kill -9', () => {
  it('on the embedded database', async () => {
    const dataDir = join(folder, 'pglite')
    // 200 posts in a few seconds would meet the global per-minute cap, which is not under test here.
    const store = await openPgliteStore(dataDir, loadMigrations())
    await store.close()
    const setup = await PGlite.create(dataDir)
    await setup.query('update nakanai.limits set global_per_minute = 10000')
    await setup.close()

    server = await startServer({ dataDir, env: { NUXT_TRUST_PROXY: 'x-forwarded-for' } })
    const acknowledged = await postThenKill(server)
    server = undefined

    const reopened = await PGlite.create(dataDir)
    const { rows } = await reopened.query<{ id: number }>(`select id from nakanai.messages where body like 'durable %' order by id`)
    await reopened.close()
    console.info(`[figure] PGlite: ${rows.length} of ${acknowledged.length} acknowledged messages survived kill -9`)
    expect(rows.map(row => row.id)).toEqual(acknowledged)

    server = await startServer({ dataDir })
    const { messages } = await (await fetch(`${server.url}/api/messages`)).json()
    expect(messages[0].id).toBe(acknowledged.at(-1))
  })
})
