import type { InstanceBranding } from '../../shared/types/branding'
import type { InstanceSoftwareKind } from '../../shared/types/instance'
import type { BrandingImage, BrandingImageKind, StoredBranding } from '../store/types'
import { numberSetting, SETTING_DEFAULTS } from '../../shared/settings'
import { withTimeout } from '../../shared/utils/with-timeout'
import { instanceRoot } from '../../shared/utils/return-url'
import { useStore } from '../utils/store'
import { learnBranding } from './branding/learn'
import { forcedSoftwareKind, softwareKind } from './software-kind'

/**
 * How long one read of the learned branding serves this process. It changes at most
 * every ten minutes (and at once on the process that learned it); other servers of
 * a deployment catch up within this.
 */
const BRANDING_CACHE_MS = 60_000
const BRANDING_READ_TIMEOUT_MS = 1000
/** After a failed read, how long the last value stands before the store is asked again. */
const BRANDING_RETRY_MS = 5000

/** The picture kinds as they appear in nakanai's own URLs. */
export const IMAGE_PATHS: Record<BrandingImageKind, string> = { icon: 'icon', server_error: 'server-error', banner: 'banner' }

let cached: { value: InstanceBranding | null, at: number } | undefined
let reading: Promise<InstanceBranding | null> | undefined
const images = new Map<BrandingImageKind, BrandingImage>()

function forPage(stored: StoredBranding | null): InstanceBranding | null {
  if (!stored) return null
  const url = (kind: BrandingImageKind, ref: StoredBranding['icon']) => ref ? `/api/branding/${IMAGE_PATHS[kind]}/${ref.sha256}` : null
  const forced = forcedKind()
  return {
    // A server whose API gave no name may still have named itself in NodeInfo.
    name: stored.name ?? stored.software?.nodeName ?? null,
    description: stored.description,
    themeColor: stored.themeColor,
    iconUrl: url('icon', stored.icon),
    serverErrorImageUrl: url('server_error', stored.serverError),
    bannerUrl: url('banner', stored.banner),
    kind: forced ?? (stored.software ? softwareKind(stored.software.name) : null),
  }
}

/**
 * What the page shows of the instance's face, or null when nothing was learned (or
 * no instance is configured). One store read per window for every visitor; a slow
 * or failing store answers with the last value, never an error.
 */
export function instanceBranding(): Promise<InstanceBranding | null> {
  if (!instanceRoot(useRuntimeConfig().public.instanceUrl)) return Promise.resolve(null)
  return readBranding()
}

/**
 * The kind of server the instance is, for the probe: NUXT_INSTANCE_SOFTWARE, else what
 * its NodeInfo said (stored, so known while it is down and after a restart), else
 * 'generic' until NodeInfo was read once.
 */
export async function instanceKind(): Promise<InstanceSoftwareKind> {
  return forcedKind() ?? (await readBranding())?.kind ?? 'generic'
}

let forced: { value: InstanceSoftwareKind | null } | undefined
/** Read once per process, so that a wrong value is warned about once. */
function forcedKind(): InstanceSoftwareKind | null {
  forced ??= { value: forcedSoftwareKind(useRuntimeConfig().instanceSoftware) }
  return forced.value
}

function readBranding(): Promise<InstanceBranding | null> {
  if (cached && Date.now() - cached.at < BRANDING_CACHE_MS) return Promise.resolve(cached.value)
  reading ??= withTimeout((async () => forPage(await (await useStore()).branding()))(), BRANDING_READ_TIMEOUT_MS)
    .then((value) => {
      cached = { value, at: Date.now() }
      return value
    })
    .catch(() => {
      const value = cached?.value ?? null
      cached = { value, at: Date.now() - BRANDING_CACHE_MS + BRANDING_RETRY_MS }
      return value
    })
    .finally(() => {
      reading = undefined
    })
  return reading
}

/** A stored picture by the hash in its URL; null when that is not the current one. */
export async function brandingImage(kind: BrandingImageKind, sha256: string): Promise<BrandingImage | null> {
  const known = images.get(kind)
  if (known?.sha256 === sha256) return known
  const image = await (await useStore()).brandingImage(kind)
  if (!image) return null
  images.set(kind, image)
  return image.sha256 === sha256 ? image : null
}

/**
 * Called when the probe finds the instance up: learns its software and face now and
 * then (see learnBranding). This writes to the store from within a poll (GET /api/state,
 * GET /api/instance), at most once per interval for every visitor of this process.
 */
export function instanceIsUp(root: string): void {
  const intervalMs = numberSetting(useRuntimeConfig().instanceMetaRefreshSeconds, SETTING_DEFAULTS.instanceMetaRefreshSeconds) * 1000
  const known = async () => (await useStore().then(store => store.branding()).catch(() => null))?.software?.name ?? null
  void learnBranding(root, useStore, intervalMs, { forced: forcedKind(), known }).then((stored) => {
    if (stored) cached = undefined
  })
}
