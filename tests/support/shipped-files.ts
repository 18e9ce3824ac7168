import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A temporary folder for one run of a front (nginx, Caddy): the shipped files copied
 * into `nakanai/`, where the README tells admins to put them, so that their relative
 * includes resolve as in production, and everything the program writes kept inside it.
 */
export class ShippedFiles {
  protected constructor(readonly dir: string, private readonly sourceDir: string) {}

  /** A new temporary folder named `<prefix>…` with `nakanai/` and the given subfolders. */
  protected static async folder(prefix: string, subfolders: string[] = []): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), prefix))
    for (const folder of ['nakanai', ...subfolders]) await mkdir(join(dir, folder))
    return dir
  }

  path(...parts: string[]): string {
    return join(this.dir, ...parts)
  }

  /**
   * Copies a shipped file to `nakanai/` (or `target` in this folder), applying `replace`
   * (literal search → replacement; each search must occur, so a renamed line fails loudly).
   */
  async install(file: string, replace: Array<[string, string]> = [], target = join('nakanai', file)): Promise<string> {
    let text = await readFile(join(this.sourceDir, file), 'utf8')
    for (const [search, replacement] of replace) {
      if (!text.includes(search)) throw new Error(`${file} does not contain ${JSON.stringify(search)}`)
      text = text.split(search).join(replacement)
    }
    await writeFile(this.path(target), text)
    return this.path(target)
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true })
  }
}
