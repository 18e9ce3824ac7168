import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { StoreLimitError } from '../../server/store/errors'
import type { Store } from '../../server/store/types'
import { LIMIT_BOUNDS, LIMIT_NAMES } from '../../shared/utils/limits-input'

/** An expected-back time still to come whenever the suite runs (the SQL refuses past ones). */
const inOneDay = () => new Date(Date.now() + 86_400_000).toISOString()

export interface ContractTarget {
  /** The store as currently open (admin() and restart() may replace it). */
  store: () => Store
  /** Runs SQL as the database owner: what an admin or a moderator would do by hand. */
  admin: (text: string, params?: unknown[]) => Promise<unknown[]>
  /** Closes the store (and the database server, where there is one) and opens both again. */
  restart: () => Promise<void>
  dispose: () => Promise<void>
}

const newClient = () => randomBytes(16).toString('hex')

async function refusal(promise: Promise<unknown>): Promise<StoreLimitError> {
  const error = await promise.then(() => null, (error: unknown) => error)
  expect(error).toBeInstanceOf(StoreLimitError)
  return error as StoreLimitError
}

/**
 * What every store must do, whatever the connection: the rules live in SQL, so
 * each connection must carry them through unchanged, errors included.
 */
export function storeContract(name: string, setup: () => Promise<ContractTarget>): void {
  describe(`store contract: ${name}`, () => {
    let target: ContractTarget
    const store = () => target.store()
    const bodiesOf = async (limit = 100) => (await store().recent(limit)).map(message => message.body)

    beforeAll(async () => {
      target = await setup()
    }, 120_000)
    afterAll(async () => {
      await target?.dispose()
    })

    test('stores a message and reads the newest first', async () => {
      const client = newClient()
      const first = await store().post({ body: 'first 最初', name: 'ねこ', clientHash: client })
      const second = await store().post({ body: 'second', name: null, clientHash: client })
      expect(first).toMatchObject({ body: 'first 最初', name: 'ねこ' })
      expect(second.id).toBeGreaterThan(first.id)
      expect(second.name).toBeNull()
      expect(new Date(second.createdAt).toISOString()).toBe(second.createdAt)
      const recent = await store().recent(2)
      expect(recent).toEqual([second, first])
    })

    test('reads at most the limit asked for', async () => {
      expect(await store().recent(1)).toHaveLength(1)
    })

    test('does not return hidden messages', async () => {
      const message = await store().post({ body: 'hide me', name: null, clientHash: newClient() })
      expect(await bodiesOf()).toContain('hide me')
      await target.admin('update nakanai.messages set hidden = true where id = $1', [message.id])
      expect(await bodiesOf()).not.toContain('hide me')
    })

    test('refuses a sixth post from one client within 30 seconds, saying how long to wait', async () => {
      const client = newClient()
      for (let i = 1; i <= 5; i++) await store().post({ body: `burst ${i}`, name: null, clientHash: client })
      const error = await refusal(store().post({ body: 'burst 6', name: null, clientHash: client }))
      expect(error.code).toBe('rate_limited')
      expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1)
      expect(error.retryAfterSeconds).toBeLessThanOrEqual(30)
      expect(await bodiesOf()).not.toContain('burst 6')
      // Another client is not affected.
      await store().post({ body: 'burst 6', name: null, clientHash: newClient() })
    })

    test('refuses the same body from the same client within 60 seconds', async () => {
      const client = newClient()
      await store().post({ body: 'again', name: null, clientHash: client })
      expect((await refusal(store().post({ body: 'again', name: 'x', clientHash: client }))).code).toBe('duplicate')
      await store().post({ body: 'again', name: null, clientHash: newClient() })
    })

    test('refuses everyone once 120 messages were posted in the last minute', async () => {
      const filler = 'f'.repeat(32)
      await target.admin(`insert into nakanai.messages (body, client_hash) select 'filler ' || g, $1 from generate_series(1, 120) g`, [filler])
      try {
        const error = await refusal(store().post({ body: 'one too many', name: null, clientHash: newClient() }))
        expect(error.code).toBe('busy')
        expect(error.retryAfterSeconds).toBe(10)
      }
      finally {
        await target.admin('delete from nakanai.messages where client_hash = $1', [filler])
      }
      await store().post({ body: 'room again', name: null, clientHash: newClient() })
    })

    test('refuses empty and over-long bodies and names', async () => {
      const client = newClient()
      for (const [body, name] of [['', null], ['x'.repeat(501), null], ['ok', 'n'.repeat(33)]] as const) {
        expect((await refusal(store().post({ body, name, clientHash: client }))).code).toBe('invalid')
      }
      // 500 code points, not UTF-16 units: these are 1000 units.
      const emoji = '😀'.repeat(500)
      await store().post({ body: emoji, name: 'n'.repeat(32), clientHash: client })
      expect(await bodiesOf(5)).toContain(emoji)
    })

    test('keeps the CHECK constraints for text the function lets through', async () => {
      const client = newClient()
      const refused = [
        { body: ' padded ', name: null, clientHash: client },
        { body: 'ok', name: 'two\nlines', clientHash: client },
        { body: 'ok', name: null, clientHash: 'NOT-HEX' },
      ]
      for (const message of refused) {
        const error = await store().post(message).then(() => null, (error: unknown) => error)
        expect(error).toBeInstanceOf(Error)
        expect(error).not.toBeInstanceOf(StoreLimitError)
      }
      expect(await bodiesOf()).not.toContain(' padded ')
    })

    test('hides one message for a moderator, once', async () => {
      const message = await store().post({ body: 'moderate me', name: null, clientHash: newClient() })
      expect(await store().hideMessage(message.id)).toBe(true)
      expect(await bodiesOf()).not.toContain('moderate me')
      expect(await store().hideMessage(message.id)).toBe(false)
      expect(await store().hideMessage(2 ** 40)).toBe(false)
    })

    test('hides everything from one author and pauses them', async () => {
      const troll = newClient()
      const first = await store().post({ body: 'troll a', name: null, clientHash: troll })
      await store().post({ body: 'troll b', name: null, clientHash: troll })
      await store().post({ body: 'innocent', name: null, clientHash: newClient() })
      expect(await store().hideAuthor(first.id)).toMatchObject({ hidden: 2, names: 1 })
      const bodies = await bodiesOf()
      expect(bodies).not.toContain('troll a')
      expect(bodies).not.toContain('troll b')
      expect(bodies).toContain('innocent')
      expect((await refusal(store().post({ body: 'troll c', name: null, clientHash: troll }))).code).toBe('banned')
      expect(await store().hideAuthor(2 ** 40)).toBeNull()
    })

    test('the admin is refused by no ban and no limit, only by the input rules', async () => {
      const shared = newClient()
      const visitor = await store().post({ body: 'a visitor behind the admin\'s address', name: null, clientHash: shared })
      await store().hideAuthor(visitor.id)
      expect((await refusal(store().post({ body: 'visitor again', name: null, clientHash: shared }))).code).toBe('banned')
      // Banned, past the per-client limit of 5, the same text twice.
      for (let i = 1; i <= 7; i++) {
        const message = await store().post({ body: 'We are on it.', name: 'ops', clientHash: shared, admin: true })
        expect(message).toMatchObject({ body: 'We are on it.', admin: true })
      }
      // Nor do the admin's posts count against a visitor at the same address, or share their fate.
      const neighbour = newClient()
      await store().post({ body: 'neighbour', name: null, clientHash: neighbour })
      const own = await store().post({ body: 'admin next door', name: null, clientHash: neighbour, admin: true })
      for (let i = 2; i <= 5; i++) await store().post({ body: `neighbour ${i}`, name: null, clientHash: neighbour })
      expect(await store().hideAuthor(own.id)).toBeNull()
      expect((await store().hideAuthor((await store().recent(1))[0]!.id))!.hidden).toBe(5)
      expect(await bodiesOf()).toContain('admin next door')

      const filler = 'a'.repeat(32)
      await target.admin(`insert into nakanai.messages (body, client_hash) select 'filler ' || g, $1 from generate_series(1, 120) g`, [filler])
      try {
        expect((await store().post({ body: 'Past the global cap', name: null, clientHash: newClient(), admin: true })).admin).toBe(true)
      }
      finally {
        await target.admin('delete from nakanai.messages where client_hash = $1', [filler])
      }
      for (const [body, name] of [['', null], ['x'.repeat(501), null], [`e${'\u0301'.repeat(9)}`, null], ['ok', ' \u200B ']] as const) {
        expect((await refusal(store().post({ body, name, clientHash: shared, admin: true }))).code).toBe('invalid')
      }
    })

    test('"hide all from this person" spares the admin, counts the names; the ban is listed and lifted, messages restored', async () => {
      const household = newClient()
      const cat = await store().post({ body: 'from the cat', name: 'ねこ', clientHash: household })
      await store().post({ body: 'from someone anonymous', name: null, clientHash: household })
      const dog = await store().post({ body: 'from the dog', name: 'いぬ', clientHash: household })
      const admin = await store().post({ body: 'the admin, same address', name: 'ops', clientHash: household, admin: true })

      const result = await store().hideAuthor(cat.id)
      expect(result).toMatchObject({ hidden: 3, names: 3, ban: { id: expect.any(Number), until: expect.any(String) } })
      expect(new Date(result!.ban.until).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000)
      expect(await bodiesOf()).toContain('the admin, same address')

      const bans = await store().bans()
      const ban = bans.find(b => b.id === result!.ban.id)
      expect(ban).toMatchObject({ until: result!.ban.until, hiddenMessages: 3, names: 3, newest: { body: 'from the dog', name: 'いぬ', createdAt: dog.createdAt } })
      expect(JSON.stringify(bans)).not.toContain(household)

      const hidden = (await store().hiddenMessages(100)).map(m => m.body)
      expect(hidden.slice(0, 3)).toEqual(['from the dog', 'from someone anonymous', 'from the cat'])
      expect(hidden).not.toContain(admin.body)

      expect(await store().restoreMessage(dog.id)).toBe(true)
      expect(await store().restoreMessage(dog.id)).toBe(false)
      expect(await store().restoreMessage(2 ** 40)).toBe(false)
      expect(await bodiesOf()).toContain('from the dog')
      expect((await store().bans()).find(b => b.id === result!.ban.id)?.hiddenMessages).toBe(2)

      expect((await refusal(store().post({ body: 'still paused', name: null, clientHash: household }))).code).toBe('banned')
      expect(await store().liftBan(result!.ban.id)).toBe(true)
      expect(await store().liftBan(result!.ban.id)).toBe(false)
      expect(await store().liftBan(2 ** 40)).toBe(false)
      expect((await store().bans()).map(b => b.id)).not.toContain(result!.ban.id)
      await store().post({ body: 'free again', name: null, clientHash: household })
    })

    test('reads and changes the limits; the SQL refuses exactly outside the shared bounds', async () => {
      const defaults = { perClient: 5, perClientWindowSeconds: 30, duplicateWindowSeconds: 60, globalPerMinute: 120, retentionSeconds: 14 * 86_400, banDurationSeconds: 86_400 }
      expect(await store().limits()).toEqual(defaults)
      try {
        expect(await store().setLimits({ perClient: 2, banDurationSeconds: 600 })).toEqual({ ...defaults, perClient: 2, banDurationSeconds: 600 })
        expect(await store().limits()).toEqual({ ...defaults, perClient: 2, banDurationSeconds: 600 })
        const client = newClient()
        const first = await store().post({ body: 'one', name: null, clientHash: client })
        await store().post({ body: 'two', name: null, clientHash: client })
        expect((await refusal(store().post({ body: 'three', name: null, clientHash: client }))).code).toBe('rate_limited')
        const until = new Date((await store().hideAuthor(first.id))!.ban.until).getTime()
        expect(Math.abs(until - (Date.now() + 600_000))).toBeLessThan(60_000)

        for (const name of LIMIT_NAMES) {
          const { min, max } = LIMIT_BOUNDS[name]
          for (const outside of [min - 1, max + 1]) {
            expect((await refusal(store().setLimits({ [name]: outside }))).code, `${name} ${outside}`).toBe('invalid')
          }
          expect((await store().setLimits({ [name]: min }))[name], `${name} ${min}`).toBe(min)
          expect((await store().setLimits({ [name]: max }))[name], `${name} ${max}`).toBe(max)
          await store().setLimits({ [name]: defaults[name] })
        }
      }
      finally {
        await store().setLimits(defaults)
      }
      expect(await store().limits()).toEqual(defaults)
    })

    test('deletes expired messages in bounded batches, on post and on demand', async () => {
      const old = 'e'.repeat(32)
      await target.admin(`insert into nakanai.messages (body, client_hash, created_at) select 'expired ' || g, $1, now() - interval '15 days' from generate_series(1, 150) g`, [old])
      const count = async () => Number((await target.admin('select count(*) as n from nakanai.messages where client_hash = $1', [old]) as { n: number | string }[])[0]!.n)
      await store().post({ body: 'trigger retention', name: null, clientHash: newClient() })
      expect(await count()).toBe(50)
      expect(await store().purgeExpired()).toBe(50)
      expect(await count()).toBe(0)
    })

    test('keeps one salt for every server of the deployment', async () => {
      const salt = await store().salt()
      expect(salt).toMatch(/^[0-9a-f]{64}$/)
      expect(await store().salt()).toBe(salt)
    })

    test('records the instance state and keeps `since` until the state changes', async () => {
      const down = await store().observeInstance('down')
      expect(down.state).toBe('down')
      await new Promise(resolve => setTimeout(resolve, 20))
      const still = await store().observeInstance('down')
      expect(still.since).toBe(down.since)
      expect(still.checkedAt > down.checkedAt).toBe(true)
      await new Promise(resolve => setTimeout(resolve, 20))
      const up = await store().observeInstance('up')
      expect(up.state).toBe('up')
      expect(up.since).toBe(up.checkedAt)
      expect(up.since > still.checkedAt).toBe(true)
    })

    test('flags only the messages the server posts as admin, and keeps the flag', async () => {
      const client = newClient()
      const visitor = await store().post({ body: 'visitor says admin', name: 'admin', clientHash: client })
      const refused = await store().post({ body: 'admin false', name: null, clientHash: client, admin: false })
      const admin = await store().post({ body: 'from the admins', name: 'ops', clientHash: newClient(), admin: true })
      expect(visitor).not.toHaveProperty('admin')
      expect(refused).not.toHaveProperty('admin')
      expect(admin).toMatchObject({ body: 'from the admins', name: 'ops', admin: true })
      const recent = await store().recent(3)
      expect(recent).toEqual([admin, refused, visitor])
      // Admin messages follow the same rules as any other.
      expect((await refusal(store().post({ body: '', name: null, clientHash: newClient(), admin: true }))).code).toBe('invalid')
    })

    test('stores notices, newest first, edits and clears the expected time, deletes them', async () => {
      const back = inOneDay()
      const first = await store().postNotice({ body: 'Database maintenance. データベースの保守中です。', expectedBackAt: back })
      const second = await store().postNotice({ body: 'Second update', expectedBackAt: null })
      expect(first).toMatchObject({ body: 'Database maintenance. データベースの保守中です。', expectedBackAt: back })
      expect(second.expectedBackAt).toBeNull()
      expect(new Date(second.createdAt).toISOString()).toBe(second.createdAt)
      expect((await store().notices(20)).slice(0, 2)).toEqual([second, first])
      expect(await store().notices(1)).toHaveLength(1)

      const later = new Date(Date.parse(back) + 3_600_000).toISOString()
      const moved = await store().editNotice(first.id, { expectedBackAt: later })
      expect(moved).toMatchObject({ id: first.id, expectedBackAt: later, createdAt: first.createdAt })
      expect(moved!.updatedAt >= first.updatedAt).toBe(true)
      expect((await store().editNotice(first.id, { expectedBackAt: null }))!.expectedBackAt).toBeNull()
      expect(await store().editNotice(2 ** 40, { expectedBackAt: later })).toBeNull()

      expect(await store().deleteNotice(second.id)).toBe(true)
      expect(await store().deleteNotice(second.id)).toBe(false)
      expect((await store().notices(20)).map(n => n.id)).not.toContain(second.id)
    })

    test('marks a notice resolved (keeping the first time and the expected time) and opens it again', async () => {
      const back = inOneDay()
      const notice = await store().postNotice({ body: 'Resolve me', expectedBackAt: back })
      expect(notice.resolvedAt).toBeNull()
      const resolved = await store().editNotice(notice.id, { resolved: true })
      expect(resolved).toMatchObject({ id: notice.id, expectedBackAt: back, resolvedAt: expect.any(String) })
      expect(new Date(resolved!.resolvedAt!).toISOString()).toBe(resolved!.resolvedAt)
      expect((await store().notices(50)).find(n => n.id === notice.id)).toEqual(resolved)
      expect((await store().editNotice(notice.id, { resolved: true }))!.resolvedAt).toBe(resolved!.resolvedAt)
      expect(await store().editNotice(notice.id, { resolved: false })).toMatchObject({ resolvedAt: null, expectedBackAt: back })
      expect(await store().editNotice(2 ** 40, { resolved: true })).toBeNull()
    })

    test('refuses empty and over-long notices, and hides notices older than the retention', async () => {
      for (const body of ['', 'x'.repeat(2001)]) {
        expect((await refusal(store().postNotice({ body, expectedBackAt: null }))).code).toBe('invalid')
      }
      const long = '😀'.repeat(2000)
      const kept = await store().postNotice({ body: long, expectedBackAt: null })
      expect(kept.body).toBe(long)
      await target.admin(`insert into nakanai.notices (body, created_at) values ('last month', now() - interval '30 days')`)
      expect((await store().notices(50)).map(n => n.body)).not.toContain('last month')
    })

    test('learns the instance\'s face: nothing at first, then fields and pictures, replaced and removed', async () => {
      expect(await store().branding()).toBeNull()
      expect(await store().brandingImage('icon')).toBeNull()
      await store().saveBranding({ name: 'Misskey.example', description: 'A place', themeColor: '#86b300', iconUrl: 'https://m.example/icon.png', serverErrorImageUrl: null })
      expect(await store().branding()).toMatchObject({ name: 'Misskey.example', description: 'A place', themeColor: '#86b300', icon: null, serverError: null })

      const png = new Uint8Array([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 255, 1, 2])
      await store().saveBrandingImage('icon', { contentType: 'image/png', bytes: png, sourceUrl: 'https://m.example/icon.png' })
      const icon = await store().brandingImage('icon')
      expect(icon).toMatchObject({ contentType: 'image/png', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })
      expect([...icon!.bytes]).toEqual([...png])
      expect((await store().branding())!.icon).toEqual({ contentType: 'image/png', sha256: icon!.sha256 })

      const gif = new TextEncoder().encode('GIF89a-not-really')
      await store().saveBrandingImage('server_error', { contentType: 'image/gif', bytes: gif, sourceUrl: 'https://m.example/error.gif' })
      expect((await store().branding())!.serverError?.contentType).toBe('image/gif')
      await store().saveBrandingImage('server_error', null)
      expect(await store().brandingImage('server_error')).toBeNull()
      expect((await store().branding())!.serverError).toBeNull()

      // Refused by the table whatever the server sends: a picture too large, a type not allowed.
      // Settled together: awaiting them one by one would leave the later rejections unhandled meanwhile.
      const refused = await Promise.allSettled([
        store().saveBrandingImage('icon', { contentType: 'image/png', bytes: new Uint8Array(512 * 1024 + 1), sourceUrl: 'x' }),
        store().saveBrandingImage('icon', { contentType: 'image/svg+xml' as 'image/png', bytes: png, sourceUrl: 'x' }),
        store().saveBranding({ name: null, description: null, themeColor: 'red;}', iconUrl: null, serverErrorImageUrl: null }),
      ])
      for (const attempt of refused) {
        expect(attempt.status).toBe('rejected')
        expect((attempt as PromiseRejectedResult).reason).toBeInstanceOf(Error)
      }
      expect((await store().brandingImage('icon'))!.sha256).toBe(icon!.sha256)
      expect((await store().branding())!.themeColor).toBe('#86b300')
    })

    test('learns the instance\'s software from NodeInfo and its banner: kept beside the face, replaced, refused when malformed', async () => {
      await target.admin('delete from nakanai.instance_branding')
      await target.admin('delete from nakanai.instance_images')
      expect(await store().branding()).toBeNull()
      // Known before any face: the probe needs it first.
      await store().saveSoftware({ name: 'mastodon', version: '4.3.2', nodeName: null })
      expect(await store().branding()).toMatchObject({ name: null, icon: null, banner: null, software: { name: 'mastodon', version: '4.3.2', nodeName: null } })
      await store().saveBranding({ name: 'Mastodon.example', description: null, themeColor: null, iconUrl: null, serverErrorImageUrl: null })
      await store().saveSoftware({ name: 'sharkey', version: '2024.11.2', nodeName: 'Shark Town' })
      const jpeg = new Uint8Array([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3])
      await store().saveBrandingImage('banner', { contentType: 'image/jpeg', bytes: jpeg, sourceUrl: 'https://m.example/thumb.jpg' })
      const banner = await store().brandingImage('banner')
      expect([...banner!.bytes]).toEqual([...jpeg])
      expect(await store().branding()).toMatchObject({
        name: 'Mastodon.example',
        banner: { contentType: 'image/jpeg', sha256: banner!.sha256 },
        software: { name: 'sharkey', version: '2024.11.2', nodeName: 'Shark Town' },
      })
      const refused = await Promise.allSettled([
        store().saveSoftware({ name: 'Not A Name!', version: null, nodeName: null }),
        store().saveSoftware({ name: 'x'.repeat(65), version: null, nodeName: null }),
        store().saveBrandingImage('wallpaper' as 'banner', { contentType: 'image/jpeg', bytes: jpeg, sourceUrl: 'x' }),
      ])
      for (const attempt of refused) expect(attempt.status).toBe('rejected')
      expect((await store().branding())!.software!.name).toBe('sharkey')
    })

    test('keeps messages, notices, salt, instance state and branding across a restart', async () => {
      const message = await store().post({ body: 'before the restart', name: null, clientHash: newClient() })
      const notice = await store().postNotice({ body: 'notice before the restart', expectedBackAt: null })
      const salt = await store().salt()
      const state = await store().observeInstance('up')
      await store().saveSoftware({ name: 'gotosocial', version: '0.17.3', nodeName: null })
      const branding = await store().branding()
      expect(branding!.software!.name).toBe('gotosocial')
      await target.restart()
      expect((await store().recent(5)).map(m => m.id)).toContain(message.id)
      expect(await store().notices(20)).toContainEqual(notice)
      expect(await store().salt()).toBe(salt)
      expect((await store().observeInstance('up')).since).toBe(state.since)
      expect(await store().branding()).toEqual(branding)
    })
  })
}
