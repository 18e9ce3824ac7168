import { INSTANCE_SOFTWARE_KINDS, type InstanceSoftwareKind } from '../../shared/types/instance'

// NodeInfo software.name of each server as it sends it (lower case). Forks keep
// their parent's API and so its probe and face: Sharkey, CherryPick, Firefish,
// Iceshrimp (JS), FoundKey, Catodon, Calckey and Meisskey answer Misskey's /healthz and
// /api/meta; Hometown, glitch-soc (which says "mastodon"), Fedibird, kmyblue and
// Pixelfed answer Mastodon's /api/v1/instance.
const BY_NAME: Record<string, InstanceSoftwareKind> = {
  ...Object.fromEntries(['misskey', 'sharkey', 'cherrypick', 'firefish', 'iceshrimp', 'foundkey', 'catodon', 'calckey', 'meisskey', 'tanukey'].map(name => [name, 'misskey'])),
  ...Object.fromEntries(['mastodon', 'hometown', 'fedibird', 'kmyblue', 'pixelfed', 'ecko'].map(name => [name, 'mastodon'])),
  gotosocial: 'gotosocial',
  akkoma: 'akkoma',
  pleroma: 'akkoma',
}

/** The kind of server a NodeInfo software.name names; 'generic' for one nakanai does not know (or none). */
export function softwareKind(name: string | null | undefined): InstanceSoftwareKind {
  return (name && BY_NAME[name.toLowerCase()]) || 'generic'
}

/**
 * NUXT_INSTANCE_SOFTWARE, when it names a kind: it skips what NodeInfo says (a server
 * whose NodeInfo is off, or one that names itself oddly). Anything else is ignored
 * with a warning, as NUXT_STATUS_PAGE_PROVIDER is.
 */
export function forcedSoftwareKind(setting: unknown, warn: (message: string) => void = console.warn): InstanceSoftwareKind | null {
  const value = String(setting ?? '').trim().toLowerCase()
  if (!value) return null
  if (INSTANCE_SOFTWARE_KINDS.includes(value as InstanceSoftwareKind)) return value as InstanceSoftwareKind
  warn(`[nakanai] NUXT_INSTANCE_SOFTWARE=${value} is not one of ${INSTANCE_SOFTWARE_KINDS.join(', ')}; learning it from NodeInfo instead`)
  return null
}
