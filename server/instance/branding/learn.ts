import type { BrandingImageKind, Store } from '../../store/types'
import { fetchInstanceImage } from './image'
import { fetchInstanceMeta } from './misskey-meta'

let lastAttempt = 0
let learning: Promise<boolean> | undefined
let learned = 0

/**
 * Learns the instance's name, colours and pictures from its /api/meta and stores
 * them, so they are there when the instance (and its media) are gone. Meant to be
 * called whenever the probe finds the instance up: at most once per `intervalMs` per
 * process, never throws. A meta answer that is not Misskey's changes nothing; a
 * picture that is refused (SVG, too large, wrong type, redirected away, named by a
 * URL that is not http(s) such as file:, data: or javascript:) keeps the one stored
 * before. Resolves true when something was stored.
 */
export function learnBranding(instanceRoot: string, store: () => Promise<Store>, intervalMs: number, now = Date.now()): Promise<boolean> {
  if (learning) return learning
  if (lastAttempt && now - lastAttempt < intervalMs) return Promise.resolve(false)
  lastAttempt = now
  learning = learn(instanceRoot, store).catch((error) => {
    console.error('[nakanai] could not store what the instance looks like:', error)
    return false
  }).finally(() => {
    learning = undefined
  })
  return learning
}

async function learn(instanceRoot: string, openStore: () => Promise<Store>): Promise<boolean> {
  const meta = await fetchInstanceMeta(instanceRoot)
  if (!meta) return false
  const { branding, keep } = meta
  const store = await openStore()
  await store.saveBranding(branding)
  const pictures: [BrandingImageKind, string | null][] = [['icon', branding.iconUrl], ['server_error', branding.serverErrorImageUrl]]
  await Promise.all(pictures.filter(([kind]) => !keep.includes(kind)).map(async ([kind, url]) => {
    // Only a picture the instance declares empty is removed.
    if (!url) return store.saveBrandingImage(kind, null)
    const image = await fetchInstanceImage(url, instanceRoot)
    if (image) await store.saveBrandingImage(kind, { ...image, sourceUrl: url })
  }))
  learned++
  return true
}

/** How many times this process stored what it learned. */
export function brandingLearnStats() {
  return { learned }
}
