import { instanceProbeCacheSeconds } from '../instance/status'
import { envFileCandidates, unreadEnvFileWarnings } from '../startup/unread-env-file'
import { settingsSummary } from '../startup/settings-summary'
import { unknownVariableWarnings } from '../startup/unknown-variables'
import { describeStore } from '../store/select'

function storeDescription(): string {
  try {
    return describeStore(storeChoice())
  }
  catch (error) {
    // The store plugin refuses to start with the full message; the summary says only that.
    return `not usable (${error instanceof Error ? error.message : String(error)})`
  }
}

// What this server is about to do, and every setting it was given that it will not
// use, before anything else is logged: the first lines an admin reads in the journal.
export default defineNitroPlugin(() => {
  const config = useRuntimeConfig()
  const warnings = [
    ...unknownVariableWarnings(process.env, config),
    ...(import.meta.dev || process.env.VERCEL ? [] : unreadEnvFileWarnings(envFileCandidates(process.cwd(), process.argv[1]), process.env, process.execArgv)),
  ]
  for (const warning of warnings) console.warn(`[nakanai] ${warning}`)
  console.info(`[nakanai] configured: ${settingsSummary({
    store: storeDescription(),
    instanceUrl: String(config.public.instanceUrl ?? '').trim(),
    instanceProbeSeconds: instanceProbeCacheSeconds(),
    instanceSoftware: String(config.instanceSoftware ?? '').trim(),
    statusPageUrl: String(config.public.statusPageUrl ?? '').trim(),
    statusPageProvider: String(config.statusPageProvider ?? '').trim(),
    adminEnabled: configText('adminToken') !== '',
    clientAddressHeader: trustedHeader(String(config.trustProxy ?? ''), process.env),
  })}`)
})
