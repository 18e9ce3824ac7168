import type { InstanceSoftwareKind } from '../../../shared/types/instance'
import type { BrandingImageKind, Store } from '../../store/types'
import { ADAPTERS } from '../adapters'
import { readNodeInfo } from '../nodeinfo'
import { softwareKind } from '../software-kind'
import { fetchInstanceImage, IMAGE_TIMEOUT_MS } from './image'

let lastAttempt = 0
let learning: Promise<boolean> | undefined
let learned = 0

export interface LearnOptions {
  /** NUXT_INSTANCE_SOFTWARE: the kind to use whatever NodeInfo says. */
  forced: InstanceSoftwareKind | null
  /** The software stored before, for when NodeInfo cannot be read this time. */
  known: () => Promise<string | null>
}

/**
 * Learns what the instance runs (NodeInfo) and its name, colours and pictures (its
 * kind's own API: Misskey's /api/meta, Mastodon's /api/v2/instance) and stores them,
 * so they are there when the instance (and its media) are gone. Meant to be called
 * whenever the probe finds the instance up: at most once per `intervalMs` per
 * process, never throws. An answer that is not that software's changes nothing; a
 * picture that is refused (SVG, too large, wrong type, redirected away, elsewhere
 * without a media proxy, named by a URL that is not http(s) such as file:, data: or
 * javascript:) keeps the one stored before. Resolves true when something was stored.
 */
export function learnBranding(instanceRoot: string, store: () => Promise<Store>, intervalMs: number, options: LearnOptions, now = Date.now()): Promise<boolean> {
  if (learning) return learning
  if (lastAttempt && now - lastAttempt < intervalMs) return Promise.resolve(false)
  lastAttempt = now
  learning = learn(instanceRoot, store, options).catch((error) => {
    console.error('[nakanai] could not store what the instance looks like:', error)
    return false
  }).finally(() => {
    learning = undefined
  })
  return learning
}

async function learn(instanceRoot: string, openStore: () => Promise<Store>, { forced, known }: LearnOptions): Promise<boolean> {
  // Each read has the picture's deadline of its own: one slow answer does not starve the next.
  const { software } = await readNodeInfo(instanceRoot, AbortSignal.timeout(IMAGE_TIMEOUT_MS)).catch(() => ({ software: null }))
  if (software) await (await openStore()).saveSoftware(software)
  const adapter = ADAPTERS[forced ?? softwareKind(software?.name ?? await known())]
  const face = await adapter.face(instanceRoot, AbortSignal.timeout(IMAGE_TIMEOUT_MS))
  if (!face) return software !== null
  const { branding, keep } = face
  const store = await openStore()
  await store.saveBranding(branding)
  const pictures: [BrandingImageKind, string | null | undefined][] = [['icon', branding.iconUrl], ['server_error', branding.serverErrorImageUrl], ['banner', branding.bannerUrl]]
  await Promise.all(pictures.filter(([kind]) => !keep.includes(kind)).map(async ([kind, url]) => {
    // Only a picture the instance declares empty is removed.
    if (!url) return store.saveBrandingImage(kind, null)
    const image = await fetchInstanceImage(url, instanceRoot, adapter.mediaProxy)
    if (image) await store.saveBrandingImage(kind, { ...image, sourceUrl: url })
  }))
  learned++
  return true
}

/** How many times this process stored what it learned. */
export function brandingLearnStats() {
  return { learned }
}
