import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import WebSocket from 'ws'
import type { InstanceObservation, InstanceState, Store } from './types'
import { toChatMessage } from './sql-store'
import { toStoreError } from './errors'
import { toBase64, toBrandingImage, toNotice, toStoredBranding, type BrandingRow, type ImageRow, type NoticeRow } from './rows'
import { editNoticeArguments, setLimitsArguments, toBan, toChatLimits, toHideAuthorResult, type BanRow, type HideAuthorRow, type LimitsRow } from './moderation-rows'
import { QUERY_TIMEOUT_MS } from './query-timeout'

type MessageRow = Parameters<typeof toChatMessage>[0]

interface PostgrestFailure {
  code?: string
  message?: string
  details?: string | null
  hint?: string | null
}

// PostgREST answers these when the function is missing from its schema cache.
const MISSING_FUNCTION = new Set(['PGRST202', '42883'])

/** A fetch that gives up like the PostgreSQL connection does, so a dead project answers fast. */
function fetchWithTimeout(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const timeout = AbortSignal.timeout(QUERY_TIMEOUT_MS)
  const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout
  return fetch(input, { ...init, signal })
}

function failure(fn: string, error: PostgrestFailure): unknown {
  const limit = toStoreError(error)
  if (limit !== error) return limit
  if (error.code && MISSING_FUNCTION.has(error.code)) {
    return new Error(`Supabase has no function public.${fn}: apply supabase/migrations to the project (supabase db push, or paste the files into the SQL editor). ${error.message ?? ''}`.trim())
  }
  // Network failures come back as an error object too: make them ordinary errors (503).
  return new Error(`Supabase rpc ${fn} failed: ${[error.code, error.message].filter(Boolean).join(' ')}`, { cause: error })
}

async function call<T>(client: SupabaseClient, fn: string, args: Record<string, unknown>): Promise<T> {
  const { data, error } = await client.rpc(fn, args)
  if (error) throw failure(fn, error)
  return data as T
}

/**
 * The store over Supabase's REST API (PostgREST), for serverless hosts where a
 * database connection per instance is costly. It calls the same SQL functions as
 * the other stores; the secret key stays on the server. The schema cannot be
 * migrated over REST: admins apply supabase/migrations with the Supabase CLI.
 */
export function openSupabaseStore(url: string, secretKey: string): Store {
  const client = createClient(url, secretKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { fetch: fetchWithTimeout },
    // supabase-js refuses to start on Node 20 without a WebSocket class, though
    // this store never opens a realtime channel (Node 22 has one built in).
    realtime: { transport: WebSocket as never },
  })
  return {
    kind: 'supabase',
    async recent(limit) {
      const rows = await call<MessageRow[]>(client, 'recent_messages', { p_limit: limit })
      return rows.map(toChatMessage)
    },
    async post({ body, name, clientHash, admin }) {
      const fn = admin ? 'post_admin_message' : 'post_message'
      const [row] = await call<MessageRow[]>(client, fn, { p_body: body, p_name: name, p_client_hash: clientHash })
      if (!row) throw new Error(`Supabase rpc ${fn} returned no row`)
      return toChatMessage(row)
    },
    async hideMessage(id) {
      return (await call<number>(client, 'hide_message', { p_id: id })) > 0
    },
    async hideAuthor(id) {
      const [row] = await call<HideAuthorRow[]>(client, 'hide_all_from_author', { p_id: id })
      return row ? toHideAuthorResult(row) : null
    },
    async bans() {
      return (await call<BanRow[]>(client, 'bans_in_force', {})).map(toBan)
    },
    async liftBan(id) {
      return (await call<number>(client, 'lift_ban', { p_id: id })) > 0
    },
    async hiddenMessages(limit) {
      return (await call<MessageRow[]>(client, 'hidden_messages', { p_limit: limit })).map(toChatMessage)
    },
    async restoreMessage(id) {
      return (await call<number>(client, 'restore_message', { p_id: id })) > 0
    },
    async limits() {
      const [row] = await call<LimitsRow[]>(client, 'chat_limits', {})
      if (!row) throw new Error('Supabase rpc chat_limits returned no row')
      return toChatLimits(row)
    },
    async setLimits(change) {
      const [row] = await call<LimitsRow[]>(client, 'set_chat_limits', setLimitsArguments(change))
      if (!row) throw new Error('Supabase rpc set_chat_limits returned no row')
      return toChatLimits(row)
    },
    purgeExpired() {
      return call<number>(client, 'purge_expired', {})
    },
    async postNotice({ body, expectedBackAt }) {
      const [row] = await call<NoticeRow[]>(client, 'post_notice', { p_body: body, p_expected_back_at: expectedBackAt })
      if (!row) throw new Error('Supabase rpc post_notice returned no row')
      return toNotice(row)
    },
    async notices(limit) {
      return (await call<NoticeRow[]>(client, 'current_notices', { p_limit: limit })).map(toNotice)
    },
    async editNotice(id, change) {
      const [row] = await call<NoticeRow[]>(client, 'edit_notice', editNoticeArguments(id, change))
      return row ? toNotice(row) : null
    },
    async deleteNotice(id) {
      return (await call<number>(client, 'delete_notice', { p_id: id })) > 0
    },
    async branding() {
      const [row] = await call<BrandingRow[]>(client, 'instance_face', {})
      return row ? toStoredBranding(row) : null
    },
    async saveBranding({ name, description, themeColor, iconUrl, serverErrorImageUrl }) {
      await call(client, 'save_instance_branding', {
        p_name: name, p_description: description, p_theme_color: themeColor, p_icon_url: iconUrl, p_server_error_image_url: serverErrorImageUrl,
      })
    },
    async saveSoftware({ name, version, nodeName }) {
      await call(client, 'save_instance_software', { p_name: name, p_version: version, p_node_name: nodeName })
    },
    async saveBrandingImage(kind, image) {
      await call(client, 'save_instance_image', {
        p_kind: kind, p_content_type: image?.contentType ?? null, p_data: image ? toBase64(image.bytes) : null, p_source_url: image?.sourceUrl ?? null,
      })
    },
    async brandingImage(kind) {
      const [row] = await call<ImageRow[]>(client, 'instance_image', { p_kind: kind })
      return row ? toBrandingImage(row) : null
    },
    async observeInstance(state: InstanceState): Promise<InstanceObservation> {
      const [row] = await call<{ state: InstanceState, since: string, checked_at: string }[]>(client, 'observe_instance_state', { p_state: state })
      if (!row) throw new Error('Supabase rpc observe_instance_state returned no row')
      return { state: row.state, since: new Date(row.since).toISOString(), checkedAt: new Date(row.checked_at).toISOString() }
    },
    async salt() {
      const salt = await call<string | null>(client, 'client_hash_salt', {})
      if (!salt) throw new Error('Supabase rpc client_hash_salt returned nothing')
      return salt
    },
    async close() {
      await client.removeAllChannels()
    },
  }
}
