import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, writeSync } from 'node:fs'
import { join, normalize } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'

/**
 * The seed of the embedded database: an empty PGlite data folder (initdb only, no
 * migrations) as a gzipped tar, made once at build time and unpacked by a new install
 * instead of running initdb. initdb runs in WebAssembly and took 3.2–7.5 s on the
 * 2-core development VM; unpacking takes a fraction of a second (`npm run bench`,
 * "first start"). The migrations stay out of the seed: the first one generates the
 * install's own hashing salt, and every install must draw its own.
 */

/** Name of the seed among the server assets (`assets:seed`). */
export const SEED_ASSET = 'pglite.tar.gz'

/** Written last when unpacking: PGlite takes a folder with it for a database. */
const MARKER = 'PG_VERSION'
const BLOCK = 8192
const ZEROS = Buffer.alloc(BLOCK)

/**
 * Makes the seed. After initdb the one WAL segment is full of initdb's records;
 * switching to a new one and checkpointing (without recycling the old file) leaves a
 * segment that is almost all zeros, which the tar compresses and the unpacking skips.
 */
export async function createSeed(): Promise<Uint8Array> {
  const { PGlite } = await import('@electric-sql/pglite')
  const db = await PGlite.create({ startParams: [...PGlite.defaultStartParams, '-c', 'wal_recycle=off'] })
  try {
    await db.query('select pg_switch_wal()')
    await db.query('checkpoint')
    const tar = new Uint8Array(await (await db.dumpDataDir('none')).arrayBuffer())
    return gzipSync(tar, { level: 9 })
  }
  finally {
    await db.close()
  }
}

const field = (header: Buffer, start: number, length: number) =>
  header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '')

// Blocks of zeros are left as holes: the WAL segment is 16 MB of which a few KB are used.
function writeSparse(path: string, data: Buffer, mode: number): void {
  const fd = openSync(path, 'w', mode)
  try {
    for (let offset = 0; offset < data.length; offset += BLOCK) {
      const block = data.subarray(offset, offset + BLOCK)
      if (!block.equals(ZEROS.subarray(0, block.length))) writeSync(fd, block, 0, block.length, offset)
    }
    ftruncateSync(fd, data.length)
  }
  finally {
    closeSync(fd)
  }
}

/**
 * Unpacks a seed into `dataDir` unless a database is there already; returns whether
 * it did. The marker file is written last, so an unpacking cut short is redone whole
 * on the next start rather than opened.
 */
export function plantSeed(dataDir: string, seed: Uint8Array): boolean {
  if (existsSync(join(dataDir, MARKER))) return false
  const tar = gunzipSync(seed)
  let marker: { data: Buffer, mode: number } | undefined
  for (let offset = 0; offset + 512 <= tar.length;) {
    const header = tar.subarray(offset, offset + 512)
    if (header[0] === 0) break
    const name = [field(header, 345, 155), field(header, 0, 100)].filter(Boolean).join('/')
    const size = Number.parseInt(field(header, 124, 12).trim() || '0', 8)
    const mode = Number.parseInt(field(header, 100, 8).trim() || '600', 8) & 0o777
    const type = String.fromCharCode(header[156] || 48)
    const relative = normalize(name).replace(/^\/+/, '')
    if (relative.split('/').includes('..')) throw new Error(`seed entry outside the data folder: ${name}`)
    const path = join(dataDir, relative)
    const data = tar.subarray(offset + 512, offset + 512 + size)
    offset += 512 + Math.ceil(size / 512) * 512
    if (type === '5') mkdirSync(path, { recursive: true, mode })
    else if (type !== '0') throw new Error(`seed entry of unexpected type ${type}: ${name}`)
    else if (relative === MARKER) marker = { data, mode }
    else writeSparse(path, data, mode)
  }
  if (!marker) throw new Error(`the seed has no ${MARKER}`)
  writeSparse(join(dataDir, MARKER), marker.data, marker.mode)
  return true
}

/** Reads the build's seed; resolves null when the build has none. */
export type Seed = () => Promise<Uint8Array | null>

/**
 * Starts a new data folder from the seed when there is one. Without a seed, or when
 * it cannot be read or unpacked, the folder is left to initdb as before.
 */
export async function plantSeedIfAny(dataDir: string, seed?: Seed): Promise<void> {
  // Checked before reading the seed: a restart must not load it at all.
  if (!seed || existsSync(join(dataDir, MARKER))) return
  try {
    const bytes = await seed()
    if (bytes) plantSeed(dataDir, bytes)
  }
  catch (error) {
    console.warn('[nakanai] could not start the embedded database from the build\'s seed; creating it with initdb:', error)
  }
}
