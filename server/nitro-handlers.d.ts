// Nitro's virtual module of the routes it built (see nitropack's rollup plugin);
// read by server/utils/api-routes.ts.
declare module '#nitro-internal-virtual/server-handlers' {
  export const handlers: {
    route: string
    method?: string
    handler: unknown
    lazy: boolean
    middleware: boolean
  }[]
}
