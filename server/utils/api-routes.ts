// A reference, not an import: the page's type check also reaches this file (through
// the typed API routes) and does not include server/ where the declaration lives.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../nitro-handlers.d.ts" />
import type { EventHandler } from 'h3'
import { handlers } from '#nitro-internal-virtual/server-handlers'

export interface ApiRoute {
  /** Methods with a handler, upper case, HEAD included where GET is. */
  allow: string[]
  /** The GET handler, which answers HEAD too. */
  get?: EventHandler
}

interface CompiledRoute extends ApiRoute {
  pattern: RegExp
}

// Nitro's own list of the routes it built from server/api (file name = path and
// method): the 405 table cannot fall behind when a route is added.
let routes: CompiledRoute[] | undefined

function compile(): CompiledRoute[] {
  const byPath = new Map<string, CompiledRoute>()
  for (const { route, method, handler, lazy, middleware } of handlers) {
    if (middleware || !method || !route.startsWith('/api/')) continue
    const pattern = new RegExp(`^${route.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*\*(:\w+)?$/, '.*').replace(/:\w+/g, '[^/]+')}$`)
    const entry = byPath.get(route) ?? { pattern, allow: [] }
    entry.allow.push(method.toUpperCase())
    if (method === 'get') {
      entry.allow.push('HEAD')
      entry.get = lazy ? lazyEventHandler(handler as () => Promise<EventHandler>) : handler as EventHandler
    }
    byPath.set(route, entry)
  }
  return [...byPath.values()]
}

/** The API route a path belongs to, if any (trailing slashes and query ignored). */
export function findApiRoute(path: string): ApiRoute | undefined {
  routes ??= compile()
  const bare = path.split('?')[0]!.replace(/(.)\/+$/, '$1')
  return routes.find(route => route.pattern.test(bare))
}
