import { beforeAll } from 'vitest'
import { SCENE_ENV, seedScene } from '../../bench/lib/first-screen.mjs'
import { useFakeInstance, type FakeInstance } from './fake-instance'
import { startFakeStatusPage, type FakeStatusPage } from './fake-status-page'
import { useSite, type Site } from './site'
import { useStarted } from './use-started'

export interface Scene {
  site: Site
  /** The instance's stand-in, down ('unhealthy') until told otherwise. */
  instance: FakeInstance
  /** The status page's stand-in: Statuspage's incident case (a group of two components, one in partial outage, and a major incident). */
  status: FakeStatusPage
}

/**
 * A bad day on the built server, as issue 20 measured the page: the instance down, a
 * status page with an incident, an admins' update with an expected time and a few
 * messages (seeded by bench/lib/first-screen.mjs, which the bench shares). `env` adds
 * to the server's settings.
 */
export function useScene(env: Record<string, string> = {}): Scene {
  const instance = useFakeInstance('unhealthy')
  const status = useStarted(() => startFakeStatusPage({ provider: 'statuspage', case: 'incident' }), page => page.close())
  const site = useSite(() => ({
    env: { ...SCENE_ENV, NUXT_PUBLIC_INSTANCE_URL: instance.url, NUXT_PUBLIC_STATUS_PAGE_URL: status.url, ...env },
  }))
  beforeAll(() => seedScene(site.url))
  return { site, instance, status }
}
