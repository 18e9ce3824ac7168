import type { H3Event } from 'h3'
import { createHmac } from 'node:crypto'
import { clientAddress, rateLimitKey } from './client-address'

let storedSalt: Promise<string> | undefined

async function salt(): Promise<string> {
  const clientHashSalt = configText('clientHashSalt')
  if (clientHashSalt) return clientHashSalt
  storedSalt ??= useStore().then(store => store.salt()).catch((error) => {
    storedSalt = undefined
    throw error
  })
  return storedSalt
}

/** The only form in which a client address reaches the database. */
export async function clientHash(event: H3Event): Promise<string> {
  const key = rateLimitKey(clientAddress(event, useRuntimeConfig().trustProxy))
  return createHmac('sha256', await salt()).update(key).digest('hex').slice(0, 32)
}
