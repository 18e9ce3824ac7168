import { existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseEnv } from 'node:util'

/**
 * Where an admin puts a .env for the built server: the folder it is started from, and
 * the checkout that holds `.output/` (the server is `.output/server/index.mjs`).
 */
export function envFileCandidates(cwd: string, entry: string | undefined): string[] {
  const candidates = [resolve(cwd, '.env')]
  if (entry) candidates.push(resolve(dirname(entry), '..', '..', '.env'), resolve(dirname(entry), '..', '.env'))
  return [...new Set(candidates)]
}

/**
 * `nuxt dev` reads .env; the built server does not (Nuxt's documented behaviour), so
 * settings written there are silently not in force. Names the file and the settings in
 * it that the environment lacks; nothing when the process was given the file itself
 * (`node --env-file`) or every setting in it is in the environment anyway (systemd's
 * EnvironmentFile= pointing at it).
 */
export function unreadEnvFileWarnings(files: string[], env: Record<string, string | undefined>, execArgv: readonly string[]): string[] {
  if ([...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)].some(arg => arg.startsWith('--env-file'))) return []
  return files.filter(file => existsSync(file)).flatMap((file) => {
    let parsed: Record<string, string>
    try {
      parsed = parseEnv(readFileSync(file, 'utf8')) as Record<string, string>
    }
    catch {
      return []
    }
    const missing = Object.keys(parsed).filter(name => env[name] === undefined)
    if (missing.length === 0) return []
    return [`${file} is not read by the built server, so ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set. `
      + `Put the settings in the service's environment (systemd: Environment= or EnvironmentFile=${file}), or start it with node --env-file=${file} .output/server/index.mjs.`]
  })
}
