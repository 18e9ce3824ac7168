import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { LOCK_FILE, lockDataDir } from '../../server/store/data-dir-lock'
import { StoreRefusal } from '../../server/store/refusal'

const root = mkdtempSync(join(tmpdir(), 'nakanai-lock-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let folders = 0
const folder = () => mkdtempSync(join(root, `${++folders}-`))

describe('the lock on the embedded database folder', () => {
  test('is refused while another live process holds it, naming the folder and that process', () => {
    const dir = folder()
    const other = spawn('sleep', ['30'])
    try {
      const started = readFileSync(`/proc/${other.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19]
      writeFileSync(join(dir, LOCK_FILE), `${other.pid} ${started}\n`)
      expect(() => lockDataDir(dir)).toThrow(StoreRefusal)
      expect(() => lockDataDir(dir)).toThrow(`NUXT_DATA_DIR ${dir} is in use by another process (PID ${other.pid})`)
    }
    finally {
      other.kill()
    }
  })

  test('is taken over from a process that is gone, and from a PID now used by another process', () => {
    const gone = spawnSync('true').pid
    for (const stale of [`${gone} 1\n`, `${process.ppid} 1\n`]) {
      const dir = folder()
      writeFileSync(join(dir, LOCK_FILE), stale)
      const release = lockDataDir(dir)
      expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toMatch(new RegExp(`^${process.pid} `))
      release()
      expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
    }
  })

  test('leaves nothing but the lock behind', () => {
    const dir = folder()
    const release = lockDataDir(dir)
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toMatch(/^\d+ \d+\n$/)
    release()
    expect(spawnSync('ls', ['-A', dir], { encoding: 'utf8' }).stdout).toBe('')
  })
})
