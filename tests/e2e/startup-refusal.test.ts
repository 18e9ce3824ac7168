import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { afterAll, describe, expect, test } from 'vitest'
import { ROOT } from '../support/build'
import { listener } from '../support/listen'
import { usePostgres } from '../support/postgres'
import { readCacheExpired } from '../support/read-cache'
import { asNobody, folderOfNobody, installBuild, NOBODY } from '../support/unprivileged'
import { spawnServer as spawnBuiltServer, startServer, type StartOptions } from '../support/server'

const folder = mkdtempSync(join(tmpdir(), 'nakanai-startup-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

/** Starts the built server without waiting for it. */
const spawnServer = (env: Record<string, string>) => spawnBuiltServer({ env })

/** Runs the built server until it exits on its own (killed after `limitMs`); `prefix` runs it under another command (unshare). */
async function runUntilExit(env: Record<string, string>, { limitMs = 20_000, ...options }: StartOptions & { limitMs?: number } = {}): Promise<{ code: number | null, log: string }> {
  const server = await spawnBuiltServer({ env, ...options })
  const timer = setTimeout(() => server.process.kill('SIGKILL'), limitMs)
  const code = await server.exited
  clearTimeout(timer)
  await server.dispose()
  return { code, log: server.output() }
}

/**
 * The server exited 1 saying why, naming `message`, and never said it was listening:
 * a journal must not read as if it had started.
 */
function expectRefusal({ code, log }: { code: number | null, log: string }, message: string): void {
  expect(code).toBe(1)
  expect(log).toContain('refusing to start')
  expect(log).toContain(message)
  expect(log).not.toContain('Listening')
}

/** GET /api/health until it answers `status` (at most 15 s). */
async function healthBecomes(url: string, status: number): Promise<{ ok: boolean, error?: string }> {
  let last: Response | undefined
  for (const started = Date.now(); Date.now() - started < 15_000;) {
    last = await fetch(`${url}/api/health`).catch(() => undefined)
    if (last?.status === status) return last.json()
    await new Promise(resolve => setTimeout(resolve, 200))
  }
  throw new Error(`/api/health did not answer ${status} within 15 s (last: ${last?.status})`)
}

describe('start-up refuses a configuration that cannot work, naming the variable', () => {
  test.each([
    [{ NUXT_SUPABASE_URL: 'https://abcd.supabase.co' }, 'NUXT_SUPABASE_SECRET_KEY'],
    [{ NUXT_SUPABASE_SECRET_KEY: 'sb_secret_0123456789abcdef' }, 'NUXT_SUPABASE_URL'],
    [{ NUXT_DATABASE_URL: 'mysql://user:pw@db.example/chat' }, 'NUXT_DATABASE_URL'],
    // An unencoded @ once made it look up a host named after the end of the password.
    [{ NUXT_DATABASE_URL: 'postgres://nakanai:p@ss@127.0.0.1:5432/nakanai' }, 'percent-encode'],
    [{ NUXT_DATABASE_URL: 'postgres://nakanai:12#45@127.0.0.1:5432/nakanai' }, 'percent-encode'],
    // Without a scheme the message is about the scheme, not about passwords.
    [{ NUXT_DATABASE_URL: 'db.example/chat' }, 'NUXT_DATABASE_URL must be a whole URL starting with its scheme'],
    [{ NUXT_SUPABASE_URL: 'abcd.supabase.co', NUXT_SUPABASE_SECRET_KEY: 'sb_secret_0123456789abcdef' }, 'NUXT_SUPABASE_URL must be a whole URL starting with its scheme'],
    [{ NUXT_PUBLIC_INSTANCE_URL: 'misskey.example' }, 'NUXT_PUBLIC_INSTANCE_URL must be a whole URL starting with https://'],
    [{ NUXT_PUBLIC_STATUS_PAGE_URL: 'status.misskey.example:443' }, 'NUXT_PUBLIC_STATUS_PAGE_URL must be a whole URL starting with https://'],
    // A file, a path under a file, and one under /proc (where start-up used to hang silently).
    [{ NUXT_DATA_DIR: join(folder, 'a-file') }, 'NUXT_DATA_DIR'],
    [{ NUXT_DATA_DIR: join(folder, 'a-file', 'db') }, 'NUXT_DATA_DIR'],
    [{ NUXT_DATA_DIR: '/proc/nakanai-test/db' }, 'NUXT_DATA_DIR /proc/nakanai-test/db cannot be used'],
  ])('%j', async (env, message) => {
    writeFileSync(join(folder, 'a-file'), '')
    expectRefusal(await runUntilExit(env), message)
  })

  test('a port in use: exits 1 at once, naming PORT', async () => {
    const taken = listener(createServer())
    const port = await taken.listen()
    try {
      const refused = await runUntilExit({ PORT: String(port) })
      expectRefusal(refused, 'is already in use')
      expect(refused.log).toContain('PORT')
    }
    finally {
      await taken.stop()
    }
  })

  // unshare gives the server a file system of its own: a 4 MB disk, or a read-only folder.
  test('a disk too small for a new database: exits 1 saying so, once', async () => {
    const dataDir = join(folder, 'small-disk')
    const { code, log } = await runUntilExit({ NUXT_DATA_DIR: join(dataDir, 'db') }, { prefix: ['unshare', '-rm', 'sh', '-c', `mkdir -p ${dataDir} && mount -t tmpfs -o size=4m none ${dataDir} && exec "$@"`, 'sh'], limitMs: 50_000 })
    expectRefusal({ code, log }, 'no space left on the device')
    expect(log.match(/refusing to start/g)).toHaveLength(1)
    // Copying the seed ran out of space: initdb, needing as much, is not tried after it.
    expect(log).not.toContain('creating it with initdb')
  }, 60_000)

  test('a read-only data folder: exits 1 naming NUXT_DATA_DIR', async () => {
    const dataDir = join(folder, 'read-only')
    const refused = await runUntilExit({ NUXT_DATA_DIR: dataDir }, { prefix: ['unshare', '-rm', 'sh', '-c', `mkdir -p ${dataDir} && mount --bind ${dataDir} ${dataDir} && mount -o remount,bind,ro ${dataDir} && exec "$@"`, 'sh'] })
    expectRefusal(refused, `NUXT_DATA_DIR ${dataDir} is on a read-only file system`)
  })

  // The service's user once looped on "not reachable (Aborted()…)" with /api/health 503
  // forever after a single run by hand as root had left three root-owned files.
  test('files in the data folder that another user owns: exits 1 with the chown that gives them back', async () => {
    const build = installBuild()
    const parent = folderOfNobody('nakanai-foreign-')
    const dataDir = join(parent, 'db')
    try {
      // The service's start, then one by hand as root, each posting.
      for (const [i, prefix] of [asNobody(), []].entries()) {
        const server = await startServer({ dataDir, prefix, entry: build.entry })
        const posted = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body: `run ${i}` }) })
        expect(posted.status).toBe(201)
        await server.stop()
      }
      const foreign = readdirSync(dataDir, { recursive: true, encoding: 'utf8' }).filter(entry => statSync(join(dataDir, entry)).uid !== NOBODY.uid)
      expect(foreign.length).toBeGreaterThan(0)

      const refused = await runUntilExit({ NUXT_DATA_DIR: dataDir }, { prefix: asNobody(), entry: build.entry })
      expectRefusal(refused, `NUXT_DATA_DIR ${dataDir} holds files of another user`)
      expect(refused.log).toContain(`sudo chown -R ${NOBODY.uid}:${NOBODY.gid} ${dataDir}`)
    }
    finally {
      rmSync(parent, { recursive: true, force: true })
      build.remove()
    }
  }, 90_000)

  test('on Vercel the embedded store refuses: the API answers 503 and the log says why', async () => {
    const server = await spawnServer({ VERCEL: '1' })
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
      server.process.kill()
      await server.exited
    }
  })
})

describe('on PostgreSQL', () => {
  const pg = usePostgres()

  // First in this block: the roles are cluster-wide, and the next tests' servers (superuser) create them.
  test('the database\'s owner without the Supabase roles and without CREATEROLE: told to create the three roles', async () => {
    const sql = postgres(pg.url, { max: 1, onnotice: () => {} })
    try {
      expect(await sql`select rolname from pg_roles where rolname in ('anon', 'authenticated', 'service_role')`).toEqual([])
      await sql.unsafe('create role chat_owner login')
      await sql.unsafe('create database chat_owned owner chat_owner')
    }
    finally {
      await sql.end()
    }
    const refused = await runUntilExit({ NUXT_DATABASE_URL: `postgres://chat_owner@127.0.0.1:${pg.port}/chat_owned` })
    expectRefusal(refused, 'the migrations need Supabase\'s three API roles, anon, authenticated and service_role')
    expect(refused.log).toContain('create role service_role nologin noinherit')
    expect(refused.log).not.toContain('connect as the database\'s owner')
    // The guide shows the same lines.
    expect(readFileSync(join(ROOT, 'deploy/self-host.md'), 'utf8')).toContain('create role service_role nologin noinherit')
  })

  test('with NUXT_DATABASE_MIGRATE=false, a database without the migrations stops start-up, naming them', async () => {
    const refused = await runUntilExit({ NUXT_DATABASE_URL: await pg.createDatabase(), NUXT_DATABASE_MIGRATE: 'false' })
    expectRefusal(refused, 'NUXT_DATABASE_MIGRATE')
    expect(refused.log).toContain('_messages.sql')
  })

  test.each([
    [`/nakanai_missing`, 'database "nakanai_missing" does not exist'],
    ['nobody_here@', 'does not let user "nobody_here" in'],
  ])('a permanent refusal by PostgreSQL (%s) stops start-up, naming NUXT_DATABASE_URL', async (change, message) => {
    const url = change.startsWith('/') ? pg.url.replace(/\/postgres$/, change) : pg.url.replace('postgres@', change)
    const refused = await runUntilExit({ NUXT_DATABASE_URL: url })
    expectRefusal(refused, message)
    expect(refused.log).toContain('NUXT_DATABASE_URL')
  })

  test('a database not reachable yet: the server keeps trying, /api/health says 503 until it is back', async () => {
    const url = await pg.createDatabase()
    pg.stop()
    let stopped = true
    const server = await spawnServer({ NUXT_DATABASE_URL: url })
    try {
      expect(await healthBecomes(server.url, 503)).toMatchObject({ ok: false, error: 'store_unavailable' })
      pg.start()
      stopped = false
      expect(await healthBecomes(server.url, 200)).toMatchObject({ ok: true, store: 'postgres' })
      expect(server.output().match(/is not reachable/g)).toHaveLength(1)
      expect(server.output()).toMatch(/store: PostgreSQL database "test_\w+" on 127\.0\.0\.1:\d+ as postgres \(reachable again\)/)
    }
    finally {
      if (stopped) pg.start()
      server.process.kill()
      await server.exited
    }
  })
})

describe('one process per embedded data folder', () => {
  test('a second server on the folder exits 1 naming it and its owner; the first keeps serving and loses nothing', async () => {
    // All-digit secrets, which Nuxt used to turn into numbers.
    const TOKEN = '12345678901234567890'
    const env = { NUXT_TRUST_PROXY: 'x-forwarded-for', NUXT_ADMIN_TOKEN: TOKEN, NUXT_CLIENT_HASH_SALT: '0123456789' }
    const first = await startServer({ env })
    const acknowledged: number[] = []
    const post = async (server: { url: string }, i: number) => {
      const response = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.7.0.${i}` },
        body: JSON.stringify({ body: `kept ${i}` }),
      })
      expect(response.status).toBe(201)
      acknowledged.push((await response.json()).message.id)
    }
    const stored = async (server: { url: string }) => (await (await fetch(`${server.url}/api/messages`)).json()).messages.map((m: { id: number }) => m.id)
    let third: Awaited<ReturnType<typeof startServer>> | undefined
    try {
      for (let i = 0; i < 3; i++) await post(first, i)

      const second = await runUntilExit({ NUXT_DATA_DIR: first.dataDir })
      expectRefusal(second, `NUXT_DATA_DIR ${first.dataDir} is in use by another process (PID ${first.process.pid})`)

      for (let i = 3; i < 6; i++) await post(first, i)
      await readCacheExpired(first.url, TOKEN)
      expect((await stored(first)).sort()).toEqual([...acknowledged].sort())

      // The digits of the token survived: moderation works with it.
      const hidden = await fetch(`${first.url}/api/messages/${acknowledged[0]}`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } })
      expect(hidden.status).toBe(200)
      acknowledged.shift()

      // Readable by its owner only; the start-up log names the store, once.
      expect(statSync(first.dataDir).mode & 0o777).toBe(0o700)
      expect(first.output().match(/\[nakanai\] store: /g)).toHaveLength(1)
      expect(first.output()).toContain(`store: embedded database (PGlite) in ${first.dataDir}`)

      // A lock left by a crash is taken over; one released on a clean stop is gone.
      await first.stop('SIGKILL')
      third = await startServer({ dataDir: first.dataDir, env })
      expect(third.output()).toContain(`took over the lock of process ${first.process.pid}`)
      expect((await stored(third)).sort()).toEqual([...acknowledged].sort())
      await third.stop()
      expect(existsSync(join(first.dataDir, 'nakanai.lock'))).toBe(false)
    }
    finally {
      await third?.stop()
      await first.dispose()
    }
  }, 150_000)

  test('without HOST it listens on this machine only', async () => {
    const server = await spawnServer({ HOST: '' })
    try {
      for (let i = 0; i < 300 && !server.output().includes('Listening on'); i++) await new Promise(resolve => setTimeout(resolve, 100))
      expect(server.output()).toContain(`Listening on http://127.0.0.1:${server.port}`)
    }
    finally {
      server.process.kill()
      await server.exited
    }
  })
})
