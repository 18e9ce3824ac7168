import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { StoreRefusal } from './refusal'

/** The file in the embedded database's folder that names the process owning it. */
export const LOCK_FILE = 'nakanai.lock'

/** The process's start time in clock ticks since boot (Linux), to tell a live owner from a reused PID. */
function startTime(pid: number): string {
  try {
    // Field 22 of /proc/<pid>/stat; the command name before it may contain spaces, hence after ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? ''
  }
  catch {
    return ''
  }
}

function alive(pid: number, started: string): boolean {
  try {
    process.kill(pid, 0)
  }
  catch (error) {
    // EPERM: it exists but belongs to another user (another systemd DynamicUser, say).
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  // A PID recorded before a reboot or a container restart may now be someone else's.
  const now = startTime(pid)
  return !started || !now || now === started
}

function read(path: string): { pid: number, started: string, text: string } | null {
  try {
    const text = readFileSync(path, 'utf8')
    const [pid, started = ''] = text.trim().split(/\s+/)
    return { pid: Number(pid), started, text }
  }
  catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

/**
 * Takes the folder for this process, or throws a StoreRefusal naming the process
 * that holds it. Two processes on one PGlite folder both answer, hand out the same
 * ids and lose acknowledged messages, so the second must not open it at all.
 * A lock left by a process that is gone (kill -9, a crash, a reboot) is taken over.
 * Returns the function that releases it.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE)
  const mine = `${process.pid} ${startTime(process.pid)}\n`
  // Written aside and linked into place: link() fails if the lock exists, and the
  // lock never exists half-written for another process to read.
  const draft = join(dataDir, `${LOCK_FILE}.${process.pid}`)
  writeFileSync(draft, mine, { mode: 0o600 })
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(draft, path)
        break
      }
      catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw error
      }
      const owner = read(path)
      if (!owner) continue
      if (owner.pid !== process.pid && Number.isInteger(owner.pid) && owner.pid > 0 && alive(owner.pid, owner.started)) {
        throw new StoreRefusal(`NUXT_DATA_DIR ${dataDir} is in use by another process (PID ${owner.pid}): only one process may use an embedded database folder. Stop that process first, or give this one a folder of its own (several servers need a shared PostgreSQL: NUXT_DATABASE_URL).`)
      }
      // Stale. Moved aside rather than deleted, and checked, so that of two processes
      // taking over the same stale lock only one removes it (not the other's new one).
      const aside = `${path}.stale.${process.pid}`
      try {
        renameSync(path, aside)
      }
      catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
        throw error
      }
      if (read(aside)?.text !== owner.text) {
        try {
          linkSync(aside, path)
        }
        catch {
          // Someone else holds it now; the next round reads who.
        }
      }
      else {
        console.warn(`[nakanai] ${dataDir}: took over the lock of process ${owner.pid}, which is no longer running`)
      }
      unlinkSync(aside)
    }
  }
  finally {
    unlinkSync(draft)
  }
  let held = true
  const release = () => {
    if (!held) return
    held = false
    process.removeListener('exit', release)
    try {
      if (read(path)?.text === mine) unlinkSync(path)
    }
    catch {
      // The folder is gone or read-only now: the next start finds the lock stale.
    }
  }
  process.once('exit', release)
  return release
}
