import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import { chmod, copyFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { isDiskFull, removeAllBut } from './data-dir'
import { migrate, type Migration } from './migrate'
import { pgliteDriver } from './pglite-driver'

/**
 * The seed of the embedded database: a PGlite data folder with every migration
 * applied, shut down cleanly, made once at build time and copied by a new install
 * instead of running initdb (in WebAssembly: 3.2–7.5 s on the 2-core development VM)
 * and the migrations (0.75 s). A first start then costs about what a restart does
 * (`npm run bench`, "first start"). The seed holds no hashing salt: each install
 * draws its own on first use (migration 20261130000000_salt_on_first_use.sql).
 *
 * A plain folder, copied file by file: a gzipped tar inlined among the server assets
 * cost 0.18 s to decode and 0.3 s to gunzip, an uncompressed one 0.16 s just to read
 * into fresh memory; copying the folder takes 0.1–0.2 s. A seed taken from a running
 * database made every first open replay its WAL; this one opens like a restart.
 */

/** Name of the seed folder beside the built server (modules/pglite-seed.ts puts it there). */
export const SEED_FOLDER = 'pglite-seed'

/** initdb's template databases, left out of the seed. */
const TEMPLATE_DATABASES = ['template0', 'template1']

/** Copied last: PGlite takes a folder with it for a database. */
const MARKER = 'PG_VERSION'

/** Copies at once: the copies wait on the kernel, not on the CPU (8 took 0.09–0.17 s, one at a time 0.14–0.2 s). */
const COPIES_AT_ONCE = 8

/**
 * Makes the seed in the empty folder `dir`. After the migrations the first WAL
 * segment is full of initdb's records; switching to a new one and checkpointing
 * (without recycling the old file) leaves one segment to copy instead of two.
 */
export async function createSeed(dir: string, migrations: Migration[]): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite')
  const db = await PGlite.create(dir, { startParams: [...PGlite.defaultStartParams, '-c', 'wal_recycle=off'] })
  try {
    await migrate(pgliteDriver(db), migrations)
    // Every install draws its own on first use; one shipped in the seed would be shared.
    await db.query('delete from nakanai.settings where key = \'client_hash_salt\'')
    // The template databases are only for CREATE DATABASE, which nakanai never runs (it
    // lives in "postgres"), yet they were 600 of the seed's 1,000 files (14 of 40 MB):
    // without them the built server's copy took 0.2-0.3 s instead of 0.3-1.1 s on the
    // 2-core VM under load, and a first start came within 1.5x a restart again.
    for (const template of TEMPLATE_DATABASES) {
      await db.query(`alter database ${template} is_template false`)
      await db.query(`drop database ${template}`)
    }
    await db.query('select pg_switch_wal()')
    await db.query('checkpoint')
  }
  finally {
    await db.close()
  }
}

/**
 * Copies the seed folder into `dataDir` unless a database is there already; returns
 * whether it did. The marker file is copied last, so a copy cut short is redone whole
 * on the next start rather than opened. Files are made the owner's to write, whatever
 * the seed's own modes (a read-only deployment).
 */
export async function plantSeed(dataDir: string, seedDir: string): Promise<boolean> {
  if (existsSync(join(dataDir, MARKER))) return false
  if (!existsSync(join(seedDir, MARKER))) throw new Error(`the seed ${seedDir} has no ${MARKER}`)
  const files: string[] = []
  for (const entry of readdirSync(seedDir, { recursive: true, withFileTypes: true })) {
    const path = relative(seedDir, join(entry.parentPath, entry.name))
    if (entry.isDirectory()) mkdirSync(join(dataDir, path), { recursive: true, mode: 0o700 })
    else if (!entry.isFile()) throw new Error(`seed entry that is not a file or folder: ${path}`)
    else if (path !== MARKER) files.push(path)
  }
  const copy = async (path: string) => {
    await copyFile(join(seedDir, path), join(dataDir, path))
    await chmod(join(dataDir, path), 0o600)
  }
  let next = 0
  // Every copy settled before failing: with copies still being written, the clean-up of
  // a full disk's partial copy found folders filling up again (ENOTEMPTY) and the start
  // was retried instead of refused.
  const copiers = await Promise.allSettled(Array.from({ length: COPIES_AT_ONCE }, async () => {
    while (next < files.length) await copy(files[next++]!)
  }))
  const failed = copiers.find(copier => copier.status === 'rejected')
  if (failed) throw failed.reason
  await copy(MARKER)
  return true
}

/** Finds the build's seed folder; resolves null when the build has none. */
export type Seed = () => Promise<string | null>

/**
 * Starts a new data folder from the seed when there is one. Without a seed, or when
 * it cannot be copied, the folder is left to initdb and the migrations.
 */
export async function plantSeedIfAny(dataDir: string, seed?: Seed): Promise<void> {
  // Checked before reading the seed: a restart must not load it at all.
  if (!seed || existsSync(join(dataDir, MARKER))) return
  const before = readdirSync(dataDir)
  try {
    const seedDir = await seed()
    if (seedDir) await plantSeed(dataDir, seedDir)
  }
  catch (error) {
    await removeAllBut(dataDir, before)
    // initdb would need the same space: refused at once (openPgliteStore says so).
    if (isDiskFull(error)) throw error
    console.warn('[nakanai] could not start the embedded database from the build\'s seed; creating it with initdb:', error)
  }
}
