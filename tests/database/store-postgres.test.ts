import { createServer } from 'node:net'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openPostgresStore } from '../../server/store/postgres'
import { StoreRefusal } from '../../server/store/refusal'
import { StoreLimitError } from '../../server/store/errors'
import type { Store } from '../../server/store/types'
import { listener } from '../support/listen'
import { loadMigrations } from '../support/migrations'
import { usePostgres } from '../support/postgres'
import { storeContract } from '../support/store-contract'

const migrations = loadMigrations()
// One PostgreSQL 15 server for this file; each suite gets a database of its own.
const pg = usePostgres()

storeContract('PostgreSQL 15 by URL', async () => {
  const url = await pg.createDatabase()
  let store: Store = await openPostgresStore(url, migrations, { migrate: true })
  const owner = postgres(url, { max: 1, onnotice: () => {} })
  return {
    store: () => store,
    admin: (text, params) => owner.unsafe(text, params as never[]),
    async restart() {
      await store.close()
      pg.stop()
      pg.start()
      store = await openPostgresStore(url, migrations, { migrate: true })
    },
    async dispose() {
      await store.close()
      await owner.end()
    },
  }
})

describe('PostgreSQL store: migrations', () => {
  test('applies the migrations once, even when two servers start together', async () => {
    const url = await pg.createDatabase()
    const [a, b] = await Promise.all([
      openPostgresStore(url, migrations, { migrate: true }),
      openPostgresStore(url, migrations, { migrate: true }),
    ])
    await a.post({ body: 'hello', name: null, clientHash: 'a'.repeat(32) })
    expect(await b.recent(1)).toHaveLength(1)
    await Promise.all([a.close(), b.close()])
    const sql = postgres(url, { max: 1 })
    const rows = await sql`select name from nakanai.schema_migrations order by name`
    await sql.end()
    expect(rows.map(row => row.name)).toEqual(migrations.map(m => m.name))
  })

  test('with migrations off, refuses a database that lacks them and names what is missing', async () => {
    const url = await pg.createDatabase()
    const error = await openPostgresStore(url, migrations, { migrate: false }).catch((error: unknown) => error)
    expect(error).toBeInstanceOf(StoreRefusal)
    expect((error as Error).message).toContain('NUXT_DATABASE_MIGRATE')
    for (const { name } of migrations) expect((error as Error).message).toContain(name)

    // Behind by one: only the newest is named.
    const partial = postgres(url, { max: 1, onnotice: () => {} })
    await (await openPostgresStore(url, migrations, { migrate: true })).close()
    const newest = migrations.at(-1)!.name
    await partial`delete from nakanai.schema_migrations where name = ${newest}`
    await partial.end()
    const behind = await openPostgresStore(url, migrations, { migrate: false }).catch((error: unknown) => error) as Error
    expect(behind).toBeInstanceOf(StoreRefusal)
    expect(behind.message).toContain(newest)
    expect(behind.message).not.toContain(migrations[0]!.name)
  })

  test('counts migrations applied by the Supabase CLI (supabase db push) as applied', async () => {
    const url = await pg.createDatabase()
    const cli = postgres(url, { max: 1, onnotice: () => {} })
    // What `supabase db push` leaves behind: the files run, and their versions recorded.
    await cli.unsafe('create schema supabase_migrations; create table supabase_migrations.schema_migrations (version text primary key, statements text[], name text)')
    for (const { name, sql } of migrations) {
      await cli.unsafe(sql)
      await cli`insert into supabase_migrations.schema_migrations (version, name) values (${name.split('_')[0]!}, ${name})`
    }
    await cli.end()
    const checked = await openPostgresStore(url, migrations, { migrate: false })
    await checked.close()
    const store = await openPostgresStore(url, migrations, { migrate: true })
    await store.post({ body: 'after db push', name: null, clientHash: 'e'.repeat(32) })
    await store.close()
  })

  test('with migrations off, opens a database that has them all', async () => {
    const url = await pg.createDatabase()
    await (await openPostgresStore(url, migrations, { migrate: true })).close()
    const store = await openPostgresStore(url, migrations, { migrate: false })
    expect(await store.recent(1)).toEqual([])
    await store.close()
  })
})

describe('PostgreSQL store: when the database goes away', () => {
  test('fails with an ordinary error while the server is down, and works again when it is back', async () => {
    const url = await pg.createDatabase()
    const store = await openPostgresStore(url, migrations, { migrate: true })
    await store.post({ body: 'still here', name: null, clientHash: 'b'.repeat(32) })
    pg.stop()
    try {
      const error = await store.recent(5).catch((error: unknown) => error)
      expect(error).toBeInstanceOf(Error)
      expect(error).not.toBeInstanceOf(StoreLimitError)
    }
    finally {
      pg.start()
    }
    expect((await store.recent(5)).map(m => m.body)).toContain('still here')
    await store.close()
  })

  test('gives up within the time limit when nothing answers at the address', async () => {
    // Accepts connections and never says a word, like a host behind a dead network.
    const silent = listener(createServer())
    const port = await silent.listen()
    const started = Date.now()
    const error = await openPostgresStore(`postgres://nobody@127.0.0.1:${port}/db`, migrations, { migrate: true }).catch((error: unknown) => error)
    const elapsed = Date.now() - started
    await silent.stop()
    expect(error).toBeInstanceOf(Error)
    expect(elapsed).toBeLessThan(10_000)
  })
})

describe('PostgreSQL with the Supabase roles: a leaked anon key reads and writes nothing', () => {
  let url: string
  let sql: postgres.Sql

  beforeAll(async () => {
    url = await pg.createDatabase()
    await (await openPostgresStore(url, migrations, { migrate: true })).close()
    sql = postgres(url, { max: 1, onnotice: () => {} })
  })
  afterAll(() => sql?.end())

  async function as(role: string, statement: string) {
    return sql.begin(async (tx) => {
      await tx.unsafe(`set local role ${role}`)
      return tx.unsafe(statement)
    })
  }

  async function tables(): Promise<string[]> {
    const rows = await sql`select tablename from pg_tables where schemaname = 'nakanai' order by 1`
    return rows.map(row => `nakanai.${row.tablename}`)
  }

  async function functions(): Promise<string[]> {
    const rows = await sql`
      select n.nspname || '.' || p.proname || '(' || coalesce(string_agg('null::' || format_type(t.type, null), ', ' order by t.ord), '') || ')' as call
      from pg_proc p
      join pg_namespace n on n.oid = p.pronamespace
      left join lateral unnest(p.proargtypes::oid[]) with ordinality as t(type, ord) on true
      where n.nspname in ('public', 'nakanai')
      group by n.nspname, p.proname, p.oid
      order by 1`
    return rows.map(row => row.call as string)
  }

  test('the schema has what the checks below go through', async () => {
    expect(await tables()).toEqual([
      'nakanai.banned_clients', 'nakanai.instance_branding', 'nakanai.instance_images', 'nakanai.instance_software', 'nakanai.instance_state', 'nakanai.limits',
      'nakanai.messages', 'nakanai.notices', 'nakanai.schema_migrations', 'nakanai.settings',
    ])
    expect((await functions()).map(call => call.replace(/\(.*/, ''))).toEqual([
      'nakanai.check_message_input', 'nakanai.duplicate_key', 'nakanai.has_too_many_marks', 'nakanai.has_visible_character',
      'nakanai.purge_expired', 'public.bans_in_force', 'public.chat_limits', 'public.client_hash_salt', 'public.current_notices',
      'public.delete_notice', 'public.edit_notice', 'public.hidden_messages', 'public.hide_all_from_author', 'public.hide_author',
      'public.hide_message', 'public.instance_branding', 'public.instance_face', 'public.instance_image', 'public.lift_ban', 'public.observe_instance_state',
      'public.post_admin_message', 'public.post_message', 'public.post_notice', 'public.purge_expired', 'public.recent_messages',
      'public.recent_notices', 'public.restore_message', 'public.save_instance_branding', 'public.save_instance_image',
      'public.save_instance_software', 'public.set_chat_limits', 'public.set_notice_expected_back',
    ])
  })

  for (const role of ['anon', 'authenticated']) {
    test(`${role}: select, insert, update and delete on every table are refused`, async () => {
      for (const table of await tables()) {
        for (const statement of [
          `select * from ${table}`,
          `insert into ${table} default values`,
          `update ${table} set ${table === 'nakanai.settings' ? 'value' : 'id'} = ${table === 'nakanai.settings' ? `'x'` : 'id'}`,
          `delete from ${table}`,
        ]) {
          await expect(as(role, statement), `${role}: ${statement}`).rejects.toMatchObject({ code: '42501' })
        }
      }
    })

    test(`${role}: executing any function is refused`, async () => {
      for (const call of await functions()) {
        await expect(as(role, `select ${call}`), `${role}: ${call}`).rejects.toMatchObject({ code: '42501' })
      }
    })
  }

  test('service_role may call the functions, and only them', async () => {
    await expect(as('service_role', 'select * from public.recent_messages(1)')).resolves.toBeDefined()
    await expect(as('service_role', 'select * from nakanai.messages')).rejects.toMatchObject({ code: '42501' })
  })
})
