import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startPostgres, type TestPostgres } from '../support/postgres'
import { spawnServer } from '../support/server'

/** Runs the built server until it exits on its own (killed after 20 s). */
async function runUntilExit(env: Record<string, string>): Promise<{ code: number | null, log: string }> {
  const server = await spawnServer({ env })
  const timer = setTimeout(() => server.stop('SIGKILL'), 20_000)
  const code = await server.exited
  clearTimeout(timer)
  await server.dispose()
  return { code, log: server.output() }
}

describe('start-up refuses a configuration that cannot work, naming the variable', () => {
  test.each([
    [{ NUXT_SUPABASE_URL: 'https://abcd.supabase.co' }, 'NUXT_SUPABASE_SECRET_KEY'],
    [{ NUXT_SUPABASE_SECRET_KEY: 'sb_secret_0123456789abcdef' }, 'NUXT_SUPABASE_URL'],
    [{ NUXT_DATABASE_URL: 'mysql://user:pw@db.example/chat' }, 'NUXT_DATABASE_URL'],
  ])('%j', async (env, variable) => {
    const { code, log } = await runUntilExit(env)
    expect(code).toBe(1)
    expect(log).toContain('refusing to start')
    expect(log).toContain(variable)
  })

  test('on Vercel the embedded store refuses: the API answers 503 and the log says why', async () => {
    const server = await spawnServer({ env: { VERCEL: '1' } })
    try {
      let health: Response | undefined
      for (let i = 0; i < 200 && !health; i++) {
        health = await fetch(`${server.url}/api/health`).catch(() => undefined)
        if (!health) await new Promise(resolve => setTimeout(resolve, 100))
      }
      expect(health?.status).toBe(503)
      expect(await health!.json()).toMatchObject({ ok: false, error: 'store_misconfigured' })
      const messages = await fetch(`${server.url}/api/messages`)
      expect(messages.status).toBe(503)
      expect(server.output()).toContain('NUXT_SUPABASE_URL')
    }
    finally {
      await server.dispose()
    }
  })
})

describe('with NUXT_DATABASE_MIGRATE=false', () => {
  let pg: TestPostgres

  beforeAll(async () => {
    pg = await startPostgres()
  })
  afterAll(() => pg?.dispose())

  test('a database without the migrations stops start-up, naming them', async () => {
    const { code, log } = await runUntilExit({ NUXT_DATABASE_URL: await pg.createDatabase(), NUXT_DATABASE_MIGRATE: 'false' })
    expect(code).toBe(1)
    expect(log).toContain('NUXT_DATABASE_MIGRATE')
    expect(log).toContain('_messages.sql')
  })
})
