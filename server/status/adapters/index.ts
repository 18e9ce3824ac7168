import type { StatusProvider } from '../../../shared/types/status'
import { betterstack } from './betterstack'
import { cachet2 } from './cachet2'
import { cachet3 } from './cachet3'
import { gatus } from './gatus'
import { instatus } from './instatus'
import type { StatusAdapter } from './types'
import { statuspage } from './statuspage'
import { uptimeKuma } from './uptime-kuma'

/** Every provider read natively, in the order detection prefers them when several answer. */
export const ADAPTERS: readonly StatusAdapter[] = [uptimeKuma, statuspage, instatus, betterstack, gatus, cachet3, cachet2]

export function adapterFor(provider: StatusProvider): StatusAdapter {
  return ADAPTERS.find(adapter => adapter.provider === provider)!
}
