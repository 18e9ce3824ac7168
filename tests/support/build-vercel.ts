import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { ROOT } from './build'

/**
 * Builds the Vercel preset into `dir` (its own .nuxt and .vercel/output there),
 * leaving the checkout's .nuxt and .output to the other tests that run meanwhile.
 * Returns the Build Output API folder.
 */
export function buildForVercel(dir: string): string {
  const output = join(dir, 'output')
  const script = `
    const { loadNuxt, build } = await import('nuxt')
    const nuxt = await loadNuxt({
      cwd: ${JSON.stringify(ROOT)},
      dev: false,
      overrides: {
        buildDir: ${JSON.stringify(join(dir, '.nuxt'))},
        nitro: { preset: 'vercel', output: { dir: ${JSON.stringify(output)} } },
      },
    })
    await build(nuxt)
    await nuxt.close()
  `
  execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', NITRO_PRESET: 'vercel' },
  })
  return output
}
