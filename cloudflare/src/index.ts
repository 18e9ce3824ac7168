import { fallbackResponse } from './answers'
import { originIsUp } from './health'
import { fallbackFor, isDownStatus } from './rules'

/**
 * nakanai's Cloudflare Worker, routed on the instance's own hostname: every request goes
 * to the origin as before; when the origin is down (the fetch throws, Cloudflare answers
 * 52x for it, or it answers 500/502/503/504) the visitor gets the same answer as from
 * nginx/nakanai.conf. Page requests also consult the origin's /healthz (checked at most
 * every 10 s per location), so a page cached at the edge is not served while the
 * instance behind it is dead. See README.md in this folder.
 */

export interface Env {
  /** The nakanai down page, e.g. https://down.example.tld/ */
  DOWN_PAGE_URL: string
}

export default {
  async fetch(request, env): Promise<Response> {
    const url = new URL(request.url)
    const fallback = fallbackFor(request, url)
    const down = () => fallbackResponse(fallback, request, url, env.DOWN_PAGE_URL)

    if (fallback === 'redirect' && !await originIsUp(url.origin)) return down()

    let response: Response
    try {
      response = await fetch(request)
    }
    catch {
      return down()
    }
    if (!isDownStatus(response.status, url)) return response
    await response.body?.cancel()
    return down()
  },
} satisfies ExportedHandler<Env>
