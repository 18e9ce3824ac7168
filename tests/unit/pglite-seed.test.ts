import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { seedFolder } from '../../modules/pglite-seed'
import { migrate } from '../../server/store/migrate'
import { openPgliteStore } from '../../server/store/pglite'
import { pgliteDriver } from '../../server/store/pglite-driver'
import { plantSeed, plantSeedIfAny } from '../../server/store/pglite-seed'
import { ROOT } from '../support/build'
import { loadMigrations } from '../support/migrations'

let seed: string
const root = mkdtempSync(join(tmpdir(), 'nakanai-seed-'))

beforeAll(async () => {
  // The build's own seed (made once per PGlite version and set of migrations, then cached).
  seed = await seedFolder(ROOT)
}, 120_000)
afterAll(() => rmSync(root, { recursive: true, force: true }))

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter(entry => entry.isFile()).map(entry => join(entry.parentPath, entry.name))
}

describe('the embedded database seed', () => {
  it('holds every migration, no salt and no template database', async () => {
    const dir = join(root, 'contents')
    mkdirSync(dir)
    expect(await plantSeed(dir, seed)).toBe(true)
    const db = await PGlite.create(dir)
    expect((await db.query('select count(*)::int as salts from nakanai.settings where key = \'client_hash_salt\'')).rows).toEqual([{ salts: 0 }])
    expect((await db.query('select datname from pg_database')).rows).toEqual([{ datname: 'postgres' }])
    expect(await migrate(pgliteDriver(db), loadMigrations())).toEqual([])
    await db.close()
  }, 60_000)

  it('starts each install with its own salt, drawn once', async () => {
    const salts: string[] = []
    for (const name of ['a', 'b']) {
      const store = await openPgliteStore(join(root, name), loadMigrations(), async () => seed)
      const posted = await store.post({ body: 'from a seed', name: null, clientHash: 'a'.repeat(64) })
      expect((await store.recent(10)).map(message => message.id)).toContain(posted.id)
      salts.push(await store.salt())
      await store.close()
    }
    expect(salts[0]).toMatch(/^[0-9a-f]{64}$/)
    expect(salts[1]).not.toBe(salts[0])
    const reopened = await openPgliteStore(join(root, 'a'), loadMigrations(), async () => seed)
    expect(await reopened.salt()).toBe(salts[0])
    await reopened.close()
  }, 120_000)

  it('makes every copied file its owner\'s to write, even from a read-only seed', async () => {
    const readOnly = join(root, 'read-only-seed')
    cpSync(seed, readOnly, { recursive: true })
    for (const file of filesUnder(readOnly)) chmodSync(file, 0o444)
    const dir = join(root, 'from-read-only')
    mkdirSync(dir)
    expect(await plantSeed(dir, readOnly)).toBe(true)
    const modes = new Set(filesUnder(dir).map(file => (statSync(file).mode & 0o777).toString(8)))
    expect([...modes]).toEqual(['600'])
    expect(filesUnder(dir).length).toBe(filesUnder(seed).length)
  }, 60_000)

  it('never touches a folder that holds a database', async () => {
    const dir = join(root, 'existing')
    mkdirSync(dir)
    writeFileSync(join(dir, 'PG_VERSION'), '17\n')
    expect(await plantSeed(dir, seed)).toBe(false)
    expect(existsSync(join(dir, 'base'))).toBe(false)
  })

  it('redoes a copy that was cut short (no PG_VERSION yet)', async () => {
    const dir = join(root, 'cut-short')
    mkdirSync(join(dir, 'base'), { recursive: true })
    writeFileSync(join(dir, 'postgresql.conf'), 'half written')
    expect(await plantSeed(dir, seed)).toBe(true)
    const db = await PGlite.create(dir)
    expect((await db.query('select 1 as one')).rows).toEqual([{ one: 1 }])
    await db.close()
  }, 60_000)

  it('falls back to initdb (leaves the folder as it was) when the seed is missing or broken', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const dir = join(root, 'broken')
    mkdirSync(dir)
    writeFileSync(join(dir, '.lock'), 'kept')
    const strange = join(root, 'strange-seed')
    cpSync(seed, strange, { recursive: true })
    symlinkSync('/nowhere', join(strange, 'pg_wal', 'zz-link'))
    await plantSeedIfAny(dir, async () => null)
    await plantSeedIfAny(dir, async () => join(root, 'no-such-seed'))
    await plantSeedIfAny(dir, async () => {
      throw new Error('no seed')
    })
    // Fails after making folders: what it made goes.
    await plantSeedIfAny(dir, async () => strange)
    expect(readdirSync(dir)).toEqual(['.lock'])
    expect(warn).toHaveBeenCalledTimes(3)
    warn.mockRestore()
  })
})
