import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { seedFolder } from '../../modules/pglite-seed'
import { openPgliteStore } from '../../server/store/pglite'
import { plantSeed, plantSeedIfAny, SEED_ASSET } from '../../server/store/pglite-seed'
import { ROOT } from '../support/build'
import { loadMigrations } from '../support/migrations'

let seed: Uint8Array
const root = mkdtempSync(join(tmpdir(), 'nakanai-seed-'))

beforeAll(async () => {
  // The build's own seed (made once per PGlite version, then cached).
  seed = readFileSync(join(await seedFolder(ROOT), SEED_ASSET))
}, 120_000)
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('the embedded database seed', () => {
  it('starts a new folder that takes the migrations, each install with its own salt', async () => {
    const salts: string[] = []
    for (const name of ['a', 'b']) {
      const dir = join(root, name)
      const store = await openPgliteStore(dir, loadMigrations(), async () => seed)
      const posted = await store.post({ body: 'from a seed', name: null, clientHash: 'a'.repeat(64) })
      expect((await store.recent(10)).map(message => message.id)).toContain(posted.id)
      salts.push(await store.salt())
      await store.close()
    }
    expect(salts[0]).toMatch(/^[0-9a-f]{64}$/)
    expect(salts[1]).not.toBe(salts[0])
  }, 120_000)

  it('leaves the WAL\'s empty blocks as holes', () => {
    const dir = join(root, 'sparse')
    mkdirSync(dir)
    expect(plantSeed(dir, seed)).toBe(true)
    const [segment] = readdirSync(join(dir, 'pg_wal')).filter(name => /^[0-9A-F]{24}$/.test(name))
    const stat = statSync(join(dir, 'pg_wal', segment!))
    expect(stat.size).toBe(16 * 1024 * 1024)
    expect(stat.blocks * 512).toBeLessThan(stat.size / 4)
  })

  it('never touches a folder that holds a database', () => {
    const dir = join(root, 'existing')
    mkdirSync(dir)
    writeFileSync(join(dir, 'PG_VERSION'), '17\n')
    expect(plantSeed(dir, seed)).toBe(false)
    expect(existsSync(join(dir, 'base'))).toBe(false)
  })

  it('redoes an unpacking that was cut short (no PG_VERSION yet)', async () => {
    const dir = join(root, 'cut-short')
    mkdirSync(join(dir, 'base'), { recursive: true })
    writeFileSync(join(dir, 'postgresql.conf'), 'half written')
    expect(plantSeed(dir, seed)).toBe(true)
    const db = await PGlite.create(dir)
    expect((await db.query('select 1 as one')).rows).toEqual([{ one: 1 }])
    await db.close()
  }, 60_000)

  it('falls back to initdb (leaves the folder alone) when the seed is missing or broken', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const dir = join(root, 'broken')
    mkdirSync(dir)
    await plantSeedIfAny(dir, async () => null)
    await plantSeedIfAny(dir, async () => new Uint8Array([1, 2, 3]))
    await plantSeedIfAny(dir, async () => {
      throw new Error('no assets')
    })
    expect(readdirSync(dir)).toEqual([])
    expect(warn).toHaveBeenCalledTimes(2)
    warn.mockRestore()
  })
})
