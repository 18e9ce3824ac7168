import { execFileSync } from 'node:child_process'
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from './build'

/** nobody:nogroup, standing for the systemd unit's DynamicUser: any user but root. */
export const NOBODY = { uid: 65534, gid: 65534 }

/**
 * The command prefix that runs a program as nobody, as the systemd unit runs the
 * server. Only root can switch users or make files another user owns: the tests run
 * as root in CI (.ci/run); elsewhere these tests fail saying so rather than skip.
 */
export function asNobody(): string[] {
  if (process.getuid?.() !== 0) throw new Error('this test runs the built server as another user (nobody): run it as root, as CI does')
  return ['setpriv', `--reuid=${NOBODY.uid}`, `--regid=${NOBODY.gid}`, '--clear-groups', '--']
}

/** A new temporary folder that nobody owns, for a data folder inside it. */
export function folderOfNobody(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix))
  chownSync(folder, NOBODY.uid, NOBODY.gid)
  return folder
}

/**
 * The build installed as deploy/self-host.md does it (`cp -a .output /opt/nakanai/`),
 * in a temporary folder open to every user: the checkout itself may lie where nobody
 * cannot reach (a CI home folder). Returns the entry to run and how to remove it.
 */
export function installBuild(): { entry: string, remove: () => void } {
  const opt = mkdtempSync(join(tmpdir(), 'nakanai-opt-'))
  chmodSync(opt, 0o755)
  execFileSync('cp', ['-a', join(ROOT, '.output'), opt])
  return { entry: join(opt, '.output/server/index.mjs'), remove: () => rmSync(opt, { recursive: true, force: true }) }
}
