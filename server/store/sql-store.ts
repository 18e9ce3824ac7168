import type { ChatMessage } from '../../shared/types/message'
import type { InstanceState, NewMessage, SqlDriver, Store } from './types'
import { toStoreError } from './errors'
import { toBase64, toBrandingImage, toNotice, toStoredBranding, type BrandingRow, type ImageRow, type NoticeRow } from './rows'
import { editNoticeArguments, setLimitsArguments, toBan, toChatLimits, toHideAuthorResult, type BanRow, type HideAuthorRow, type LimitsRow } from './moderation-rows'

interface MessageRow {
  id: number | string | bigint
  body: string
  name: string | null
  created_at: Date | string
  admin?: boolean
}

export function toChatMessage(row: MessageRow): ChatMessage {
  return {
    id: Number(row.id),
    body: row.body,
    name: row.name,
    createdAt: new Date(row.created_at).toISOString(),
    ...(row.admin === true ? { admin: true } : {}),
  }
}

/** `public.fn(p_a => $1, p_b => $2)`: the same named arguments PostgREST sends. */
function namedCall(fn: string, args: Record<string, unknown>): [string, unknown[]] {
  const names = Object.keys(args)
  return [`public.${fn}(${names.map((name, index) => `${name} => $${index + 1}`).join(', ')})`, Object.values(args)]
}

/** The store for every connection that speaks SQL directly (PGlite, PostgreSQL). */
export function createSqlStore(kind: 'pglite' | 'postgres', driver: SqlDriver): Store {
  return {
    kind,
    async recent(limit) {
      const rows = await driver.query<MessageRow>('select * from public.recent_messages($1)', [limit])
      return rows.map(toChatMessage)
    },
    async post({ body, name, clientHash, admin }: NewMessage) {
      const fn = admin ? 'post_admin_message' : 'post_message'
      try {
        const [row] = await driver.query<MessageRow>(`select * from public.${fn}($1, $2, $3)`, [body, name, clientHash])
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
      const [row] = await driver.query<HideAuthorRow>('select * from public.hide_all_from_author($1)', [id])
      return row ? toHideAuthorResult(row) : null
    },
    async bans() {
      return (await driver.query<BanRow>('select * from public.bans_in_force()')).map(toBan)
    },
    async liftBan(id) {
      const [row] = await driver.query<{ lifted: number }>('select public.lift_ban($1) as lifted', [id])
      return Number(row!.lifted) > 0
    },
    async hiddenMessages(limit) {
      return (await driver.query<MessageRow>('select * from public.hidden_messages($1)', [limit])).map(toChatMessage)
    },
    async restoreMessage(id) {
      const [row] = await driver.query<{ restored: number }>('select public.restore_message($1) as restored', [id])
      return Number(row!.restored) > 0
    },
    async limits() {
      const [row] = await driver.query<LimitsRow>('select * from public.chat_limits()')
      return toChatLimits(row!)
    },
    async setLimits(change) {
      const [call, params] = namedCall('set_chat_limits', setLimitsArguments(change))
      try {
        const [row] = await driver.query<LimitsRow>(`select * from ${call}`, params)
        return toChatLimits(row!)
      }
      catch (error) {
        throw toStoreError(error)
      }
    },
    async purgeExpired() {
      const [row] = await driver.query<{ deleted: number }>('select public.purge_expired() as deleted')
      return Number(row!.deleted)
    },
    async postNotice({ body, expectedBackAt }) {
      try {
        const [row] = await driver.query<NoticeRow>('select * from public.post_notice($1, $2)', [body, expectedBackAt])
        return toNotice(row!)
      }
      catch (error) {
        throw toStoreError(error)
      }
    },
    async notices(limit) {
      return (await driver.query<NoticeRow>('select * from public.current_notices($1)', [limit])).map(toNotice)
    },
    async editNotice(id, change) {
      const [call, params] = namedCall('edit_notice', editNoticeArguments(id, change))
      const [row] = await driver.query<NoticeRow>(`select * from ${call}`, params)
      return row ? toNotice(row) : null
    },
    async deleteNotice(id) {
      const [row] = await driver.query<{ deleted: number }>('select public.delete_notice($1) as deleted', [id])
      return Number(row!.deleted) > 0
    },
    async branding() {
      const [row] = await driver.query<BrandingRow>('select * from public.instance_face()')
      return row ? toStoredBranding(row) : null
    },
    async saveBranding({ name, description, themeColor, iconUrl, serverErrorImageUrl }) {
      await driver.query('select public.save_instance_branding($1, $2, $3, $4, $5)', [name, description, themeColor, iconUrl, serverErrorImageUrl])
    },
    async saveSoftware({ name, version, nodeName }) {
      await driver.query('select public.save_instance_software($1, $2, $3)', [name, version, nodeName])
    },
    async saveBrandingImage(kind, image) {
      await driver.query('select public.save_instance_image($1, $2, $3, $4)',
        [kind, image?.contentType ?? null, image ? toBase64(image.bytes) : null, image?.sourceUrl ?? null])
    },
    async brandingImage(kind) {
      const [row] = await driver.query<ImageRow>('select * from public.instance_image($1)', [kind])
      return row ? toBrandingImage(row) : null
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
