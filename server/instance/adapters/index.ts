import type { InstanceSoftwareKind } from '../../../shared/types/instance'
import { akkoma } from './akkoma'
import { generic } from './generic'
import { gotosocial } from './gotosocial'
import { mastodon } from './mastodon'
import { misskey } from './misskey'
import type { InstanceAdapter } from './types'

export const ADAPTERS: Record<InstanceSoftwareKind, InstanceAdapter> = { misskey, mastodon, gotosocial, akkoma, generic }
