import { createServer } from 'node:http'
import { PGlite } from '@electric-sql/pglite'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { StoreLimitError } from '../../server/store/errors'
import { migrate } from '../../server/store/migrate'
import { pgliteDriver } from '../../server/store/pglite-driver'
import { openSupabaseStore } from '../../server/store/supabase'
import type { Store } from '../../server/store/types'
import { listener } from '../support/listen'
import { loadMigrations } from '../support/migrations'
import { startSupabaseStub, type SupabaseStub } from '../support/supabase-stub'
import { storeContract } from '../support/store-contract'

async function backedStub(): Promise<{ stub: SupabaseStub, db: PGlite }> {
  const db = await PGlite.create()
  const driver = pgliteDriver(db)
  await migrate(driver, loadMigrations())
  return { stub: await startSupabaseStub(driver), db }
}

storeContract('Supabase over REST (PostgREST stub on PGlite)', async () => {
  const { stub, db } = await backedStub()
  let store: Store = openSupabaseStore(stub.url, stub.secretKey)
  return {
    store: () => store,
    admin: async (text, params) => (await db.query(text, params)).rows,
    async restart() {
      await store.close()
      store = openSupabaseStore(stub.url, stub.secretKey)
    },
    async dispose() {
      await store.close()
      await stub.close()
      await db.close()
      // Every request of the whole contract went out as PostgREST expects it.
      expect(stub.violations).toEqual([])
    },
  }
})

describe('Supabase store: the requests it makes and the answers it understands', () => {
  let stub: SupabaseStub
  let db: PGlite
  let store: Store

  beforeAll(async () => {
    ({ stub, db } = await backedStub())
    store = openSupabaseStore(stub.url, stub.secretKey)
  }, 60_000)
  afterEach(() => {
    expect(stub.violations).toEqual([])
    stub.requests.length = 0
  })
  afterAll(async () => {
    await store.close()
    await stub.close()
    await db.close()
  })

  test('posts with POST /rest/v1/rpc/post_message, both key headers and the p_* arguments', async () => {
    await store.post({ body: 'こんにちは', name: 'ねこ', clientHash: 'c'.repeat(32) })
    expect(stub.requests).toHaveLength(1)
    const [request] = stub.requests
    expect(request).toMatchObject({ method: 'POST', path: '/rest/v1/rpc/post_message' })
    expect(request!.headers.apikey).toBe(stub.secretKey)
    expect(request!.headers.authorization).toBe(`Bearer ${stub.secretKey}`)
    expect(request!.body).toEqual({ p_body: 'こんにちは', p_name: 'ねこ', p_client_hash: 'c'.repeat(32) })
  })

  test('reads with recent_messages(p_limit), the salt with client_hash_salt() and the probe with observe_instance_state(p_state)', async () => {
    await store.recent(7)
    await store.salt()
    await store.observeInstance('down')
    expect(stub.requests.map(r => [r.path, r.body])).toEqual([
      ['/rest/v1/rpc/recent_messages', { p_limit: 7 }],
      ['/rest/v1/rpc/client_hash_salt', {}],
      ['/rest/v1/rpc/observe_instance_state', { p_state: 'down' }],
    ])
  })

  test('calls the notice, admin-message, branding and software functions with their exact p_* arguments', async () => {
    const notice = await store.postNotice({ body: 'Back soon', expectedBackAt: '2030-01-01T00:00:00.000Z' })
    await store.notices(20)
    await store.editNotice(notice.id, { expectedBackAt: null })
    await store.editNotice(notice.id, { resolved: true })
    await store.deleteNotice(notice.id)
    await store.post({ body: 'from the admins', name: null, clientHash: 'e'.repeat(32), admin: true })
    await store.saveBranding({ name: 'M', description: null, themeColor: '#112233', iconUrl: null, serverErrorImageUrl: null })
    await store.saveBrandingImage('icon', { contentType: 'image/gif', bytes: new Uint8Array([71, 73, 70]), sourceUrl: 'https://m.example/i.gif' })
    await store.saveSoftware({ name: 'sharkey', version: '2024.11.2', nodeName: 'Shark Town' })
    await store.branding()
    await store.brandingImage('icon')
    expect(stub.requests.map(r => [r.path.replace('/rest/v1/rpc/', ''), r.body])).toEqual([
      ['post_notice', { p_body: 'Back soon', p_expected_back_at: '2030-01-01T00:00:00.000Z' }],
      ['current_notices', { p_limit: 20 }],
      ['edit_notice', { p_id: notice.id, p_change_expected: true, p_expected_back_at: null, p_resolved: null }],
      ['edit_notice', { p_id: notice.id, p_change_expected: false, p_expected_back_at: null, p_resolved: true }],
      ['delete_notice', { p_id: notice.id }],
      ['post_admin_message', { p_body: 'from the admins', p_name: null, p_client_hash: 'e'.repeat(32) }],
      ['save_instance_branding', { p_name: 'M', p_description: null, p_theme_color: '#112233', p_icon_url: null, p_server_error_image_url: null }],
      ['save_instance_image', { p_kind: 'icon', p_content_type: 'image/gif', p_data: 'R0lG', p_source_url: 'https://m.example/i.gif' }],
      ['save_instance_software', { p_name: 'sharkey', p_version: '2024.11.2', p_node_name: 'Shark Town' }],
      ['instance_face', {}],
      ['instance_image', { p_kind: 'icon' }],
    ])
  })

  test('calls the undo and limits functions with their exact p_* arguments', async () => {
    const message = await store.post({ body: 'to be hidden', name: null, clientHash: 'f'.repeat(32) })
    const hidden = await store.hideAuthor(message.id)
    await store.bans()
    await store.liftBan(hidden!.ban.id)
    await store.hiddenMessages(10)
    await store.restoreMessage(message.id)
    await store.limits()
    await store.setLimits({ perClient: 7 })
    await store.setLimits({ perClient: 5 })
    expect(stub.requests.map(r => [r.path.replace('/rest/v1/rpc/', ''), r.body]).slice(1)).toEqual([
      ['hide_all_from_author', { p_id: message.id }],
      ['bans_in_force', {}],
      ['lift_ban', { p_id: hidden!.ban.id }],
      ['hidden_messages', { p_limit: 10 }],
      ['restore_message', { p_id: message.id }],
      ['chat_limits', {}],
      ['set_chat_limits', { p_per_client: 7, p_per_client_window_seconds: null, p_duplicate_window_seconds: null, p_global_per_minute: null, p_retention_seconds: null, p_ban_duration_seconds: null }],
      ['set_chat_limits', { p_per_client: 5, p_per_client_window_seconds: null, p_duplicate_window_seconds: null, p_global_per_minute: null, p_retention_seconds: null, p_ban_duration_seconds: null }],
    ])
  })

  test('maps PostgREST limit errors (SQLSTATE in `code`, seconds in `details`)', async () => {
    stub.failNext(400, { code: 'NK429', details: '17', hint: null, message: 'rate_limited' })
    const error = await store.post({ body: 'x', name: null, clientHash: 'd'.repeat(32) }).catch((error: unknown) => error)
    expect(error).toBeInstanceOf(StoreLimitError)
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 17 })

    stub.failNext(400, { code: 'NK422', details: null, hint: null, message: 'invalid' })
    await expect(store.post({ body: 'x', name: null, clientHash: 'd'.repeat(32) })).rejects.toMatchObject({ code: 'invalid' })
  })

  test('says to apply the migrations when PostgREST does not know the function', async () => {
    stub.failNext(404, { code: 'PGRST202', details: 'Searched for the function public.recent_messages with parameter p_limit', hint: null, message: 'Could not find the function public.recent_messages(p_limit) in the schema cache' })
    const error = await store.recent(1).catch((error: unknown) => error) as Error
    expect(error).toBeInstanceOf(Error)
    expect(error.message).toContain('supabase/migrations')
  })

  test('turns any other failure into an ordinary error (answered 503 by the API)', async () => {
    stub.failNext(503, { code: 'PGRST000', details: 'connection refused', hint: null, message: 'Database client error. Retrying the connection.' })
    const error = await store.recent(1).catch((error: unknown) => error)
    expect(error).toBeInstanceOf(Error)
    expect(error).not.toBeInstanceOf(StoreLimitError)
  })
})

describe('Supabase store: when Supabase cannot be reached', () => {
  test('a refused connection is an ordinary error', async () => {
    const closed = listener(createServer())
    const port = await closed.listen()
    await closed.stop()
    const store = openSupabaseStore(`http://127.0.0.1:${port}`, 'sb_secret_nothing')
    const error = await store.recent(1).catch((error: unknown) => error)
    expect(error).toBeInstanceOf(Error)
    expect(error).not.toBeInstanceOf(StoreLimitError)
    await store.close()
  })

  test('a project that never answers fails within the time limit', async () => {
    const silent = listener(createServer(() => {}))
    const port = await silent.listen()
    const store = openSupabaseStore(`http://127.0.0.1:${port}`, 'sb_secret_nothing')
    const started = Date.now()
    const error = await store.recent(1).catch((error: unknown) => error)
    expect(error).toBeInstanceOf(Error)
    expect(Date.now() - started).toBeLessThan(10_000)
    await silent.stop()
    await store.close()
  })
})
