import type { ChatMessage } from '../../shared/types/message'
import type { InstanceState, NewMessage, SqlDriver, Store } from './types'
import { toStoreError } from './errors'

interface MessageRow {
  id: number | string | bigint
  body: string
  name: string | null
  created_at: Date | string
}

export function toChatMessage(row: MessageRow): ChatMessage {
  return {
    id: Number(row.id),
    body: row.body,
    name: row.name,
    createdAt: new Date(row.created_at).toISOString(),
  }
}

/** The store for every connection that speaks SQL directly (PGlite, PostgreSQL). */
export function createSqlStore(kind: 'pglite' | 'postgres', driver: SqlDriver): Store {
  return {
    kind,
    async recent(limit) {
      const rows = await driver.query<MessageRow>('select * from public.recent_messages($1)', [limit])
      return rows.map(toChatMessage)
    },
    async post({ body, name, clientHash }: NewMessage) {
      try {
        const [row] = await driver.query<MessageRow>('select * from public.post_message($1, $2, $3)', [body, name, clientHash])
        return toChatMessage(row!)
      }
      catch (error) {
        throw toStoreError(error)
      }
    },
    async hideMessage(id) {
      const [row] = await driver.query<{ hidden: number }>('select public.hide_message($1) as hidden', [id])
      return Number(row!.hidden) > 0
    },
    async hideAuthor(id) {
      const [row] = await driver.query<{ hidden: number | null }>('select public.hide_author($1) as hidden', [id])
      return row!.hidden === null ? null : Number(row!.hidden)
    },
    async purgeExpired() {
      const [row] = await driver.query<{ deleted: number }>('select public.purge_expired() as deleted')
      return Number(row!.deleted)
    },
    async observeInstance(state) {
      const [row] = await driver.query<{ state: InstanceState, since: Date | string, checked_at: Date | string }>(
        'select * from public.observe_instance_state($1)', [state])
      return { state: row!.state, since: new Date(row!.since).toISOString(), checkedAt: new Date(row!.checked_at).toISOString() }
    },
    async salt() {
      const [row] = await driver.query<{ salt: string }>('select public.client_hash_salt() as salt')
      return row!.salt
    },
    close: () => driver.close(),
  }
}
