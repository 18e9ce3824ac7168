import { lstatSync, readdirSync } from 'node:fs'
import { chmod, mkdir, readdir, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { lockDataDir } from './data-dir-lock'
import { StoreRefusal } from './refusal'

function user(): string {
  return process.getuid ? `the user running nakanai (uid ${process.getuid()})` : 'the user running nakanai'
}

/** True for "no space left on device", from Node's fs or from PGlite's file system (Emscripten errno 51). */
export function isDiskFull(error: unknown): boolean {
  const { code, errno, name } = (error ?? {}) as { code?: unknown, errno?: unknown, name?: unknown }
  return code === 'ENOSPC' || (name === 'ErrnoError' && errno === 51)
}

/** What the admin has to do about a data folder the server cannot use. */
export function dataDirRefusal(dataDir: string, error: unknown): StoreRefusal {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (isDiskFull(error)) {
    return new StoreRefusal(`NUXT_DATA_DIR ${dataDir}: no space left on the device (a new embedded database needs about 40 MB). Free some space, or point NUXT_DATA_DIR at another disk.`)
  }
  switch (code) {
    case 'ENOTDIR':
      return new StoreRefusal(`NUXT_DATA_DIR ${dataDir} is a file, or lies under one: it must be a folder (or a path that can be created as one).`)
    case 'EACCES':
    case 'EPERM':
      return new StoreRefusal(`NUXT_DATA_DIR ${dataDir} cannot be created or written by ${user()}: create it and give it to that user (chown), or choose a folder it may write (the systemd unit's is /var/lib/nakanai/db).`)
    case 'EROFS':
      return new StoreRefusal(`NUXT_DATA_DIR ${dataDir} is on a read-only file system: choose a writable folder.`)
    default:
      return new StoreRefusal(`NUXT_DATA_DIR ${dataDir} cannot be used (${code ?? String(error)}): choose a folder that ${user()} may create and write.`)
  }
}

/**
 * mkdir -p, one level at a time: Node's own recursive mkdir never returns for a
 * path under /proc (it retries ENOENT forever), which left start-up hanging silently.
 */
async function makeFolder(path: string): Promise<void> {
  try {
    await mkdir(path, { mode: 0o700 })
  }
  catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return
    if (code !== 'ENOENT' || dirname(path) === path) throw error
    await makeFolder(dirname(path))
    await mkdir(path, { mode: 0o700 })
  }
}

/**
 * Refuses a folder holding files of another user: after one run by hand as root, the
 * files PostgreSQL rewrote at that run (pg_internal.init, replorigin_checkpoint) were
 * root's, and the service user's PGlite then failed on every open with a bare
 * "Aborted()" and /api/health 503, forever. Root may write anything: not checked.
 * A database is about 1,000 entries: 10–45 ms at start (measured on the 2-core VM).
 */
function refuseForeignFiles(dataDir: string): void {
  const uid = process.getuid?.()
  if (uid === undefined || uid === 0) return
  for (const entry of readdirSync(dataDir, { recursive: true, encoding: 'utf8' })) {
    const owner = lstatSync(join(dataDir, entry)).uid
    if (owner === uid) continue
    throw new StoreRefusal(`NUXT_DATA_DIR ${dataDir} holds files of another user (${join(dataDir, entry)} belongs to uid ${owner}: was nakanai run there by hand as that user?), which ${user()} cannot write: give them back with sudo chown -R ${uid}:${process.getgid?.()} ${dataDir}`)
  }
}

/**
 * Makes the embedded database's folder ready, or throws a StoreRefusal naming
 * NUXT_DATA_DIR: creates it readable by its owner only (PGlite writes its files
 * 0666 whatever the umask, so the folder is what keeps others out), and takes the
 * lock that keeps a second process out. Returns the function that releases it.
 */
export async function claimDataDir(dataDir: string): Promise<() => void> {
  try {
    await makeFolder(dataDir)
    const folder = await stat(dataDir)
    if (!folder.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' })
    if ((folder.mode & 0o077) !== 0 && folder.uid === process.getuid?.()) {
      await chmod(dataDir, 0o700)
      console.warn(`[nakanai] NUXT_DATA_DIR ${dataDir} was open to other users (mode ${(folder.mode & 0o777).toString(8)}); it is now 700`)
    }
    refuseForeignFiles(dataDir)
    return lockDataDir(dataDir)
  }
  catch (error) {
    if (error instanceof StoreRefusal) throw error
    throw dataDirRefusal(dataDir, error)
  }
}

/** Removes what a failed creation left, so that the next start does not take it for a database. */
export async function removeAllBut(dataDir: string, kept: string[]): Promise<void> {
  for (const entry of await readdir(dataDir)) {
    if (!kept.includes(entry)) await rm(join(dataDir, entry), { recursive: true, force: true })
  }
}
