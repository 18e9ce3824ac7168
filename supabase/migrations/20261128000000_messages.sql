-- nakanai: the anonymous chat of the down page.
--
-- This file is the only schema. The embedded store (PGlite) and the PostgreSQL
-- connection apply it at start-up; Supabase users apply it with `supabase db push`
-- or by pasting it into the SQL editor. It must therefore run unchanged on plain
-- PostgreSQL >= 15, on PGlite and on Supabase.
--
-- Every rule that must hold for every writer (lengths, rate limits, duplicates)
-- lives here, so that any number of server instances enforce one limit.
--
-- How every migration file is written (later files follow it too):
-- * It records itself as its last statement, in nakanai.schema_migrations, by its
--   own file name, `on conflict do nothing`. Whichever way it was applied (the
--   server at start-up, `supabase db push`, `psql -f`, the SQL editor), the
--   database then says the same, and a server started later with
--   NUXT_DATABASE_MIGRATE=false, or allowed to migrate, agrees.
-- * It is safe to run again: `if not exists`, `create or replace`, inserts that
--   ignore conflicts. A database set up by hand before files recorded themselves
--   is then brought up to date by the server instead of failing with
--   `relation ... already exists`.
-- tests/unit/migrations-recorded.test.ts checks both for every file.

-- Supabase's API roles. On Supabase they exist; elsewhere they are created so that
-- the grants below mean the same everywhere (this needs CREATEROLE, which Neon's
-- owner role has; otherwise create them first, see deploy/self-host.md). The
-- server's functions are security definer, so service_role needs no BYPASSRLS.
do $$
begin
  if not exists (select from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit;
  end if;
end
$$;

-- Private tables live outside `public`: Supabase's Data API does not expose this
-- schema, and no API role may even look into it.
create schema if not exists nakanai;
revoke all on schema nakanai from public, anon, authenticated;

-- Which migration files this database has had, by file name (see the top).
create table if not exists nakanai.schema_migrations (
  name       text primary key,
  applied_at timestamptz not null default now()
);
alter table nakanai.schema_migrations enable row level security;

create table if not exists nakanai.messages (
  id          bigint generated always as identity primary key,
  body        text not null
              check (char_length(body) between 1 and 500 and body = btrim(body) and body is nfc normalized),
  name        text
              check (name is null or (char_length(name) between 1 and 32 and name = btrim(name) and name is nfc normalized and name !~ '[\n\r]')),
  created_at  timestamptz not null default now(),
  -- A salted hash of the client address, computed by the server; never the address.
  client_hash text not null check (client_hash ~ '^[0-9a-f]{16,128}$'),
  hidden      boolean not null default false
);

-- Newest visible first: the only read the page makes.
create index if not exists messages_visible_newest on nakanai.messages (id desc) where not hidden;
-- Per-client rate limit and duplicate check.
create index if not exists messages_client_recent on nakanai.messages (client_hash, created_at desc);
-- Global cap per minute.
create index if not exists messages_created_at on nakanai.messages (created_at);

-- The chat's limits, one row. Tune them with plain SQL, e.g. for a large instance:
--   update nakanai.limits set global_per_minute = 600;
create table if not exists nakanai.limits (
  id                smallint primary key default 1 check (id = 1),
  per_client        int not null default 5 check (per_client > 0),
  per_client_window interval not null default '30 seconds',
  duplicate_window  interval not null default '60 seconds',
  global_per_minute int not null default 120 check (global_per_minute > 0),
  -- Messages older than this are deleted, a bounded batch at each post and daily
  -- by the keep-alive: no scheduler needed.
  retention         interval not null default '14 days' check (retention >= interval '1 hour'),
  -- How long "hide everything from this person" also keeps them from posting.
  ban_duration      interval not null default '24 hours'
);
insert into nakanai.limits default values on conflict do nothing;

-- Clients a moderator silenced, by the same salted hash; expired rows are purged.
create table if not exists nakanai.banned_clients (
  client_hash text primary key,
  until       timestamptz not null
);

-- Small key/value settings shared by every server instance (the hashing salt, ...).
create table if not exists nakanai.settings (
  key   text primary key,
  value text not null
);

-- Generated once, so every server instance hashes client addresses alike when the
-- admin has not configured a salt. gen_random_uuid() draws from a strong source.
insert into nakanai.settings (key, value)
values ('client_hash_salt', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))
on conflict (key) do nothing;

alter table nakanai.messages enable row level security;
alter table nakanai.limits enable row level security;
alter table nakanai.banned_clients enable row level security;
alter table nakanai.settings enable row level security;
revoke all on all tables in schema nakanai from public, anon, authenticated;

-- Limits. Errors carry their own SQLSTATE (class NK) so every connection (PGlite,
-- postgres.js, PostgREST) maps them the same way; DETAIL holds seconds to wait.
--   NK429 rate_limited  this client posted too often      -> HTTP 429
--   NK409 duplicate     same body from this client lately -> HTTP 422
--   NK503 busy          global cap reached                -> HTTP 429
--   NK422 invalid       body or name out of bounds        -> HTTP 422
--   NK403 banned        a moderator silenced this client  -> HTTP 403

-- Deletes expired messages and bans, at most p_batch messages per call so that no
-- single post pays for a long backlog. Returns the number of messages deleted.
create or replace function nakanai.purge_expired(p_batch int)
returns int
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_deleted int;
begin
  delete from nakanai.messages
  where id in (
    select m.id from nakanai.messages m
    where m.created_at < now() - (select l.retention from nakanai.limits l)
    order by m.created_at
    limit p_batch
  );
  get diagnostics v_deleted = row_count;
  delete from nakanai.banned_clients where until < now();
  return v_deleted;
end
$$;
create or replace function public.post_message(p_body text, p_name text, p_client_hash text)
returns table (id bigint, body text, name text, created_at timestamptz)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_limits  nakanai.limits;
  v_now     timestamptz := now();
  v_oldest  timestamptz;
  v_count   int;
begin
  select * into strict v_limits from nakanai.limits;

  if p_body is null or char_length(p_body) not between 1 and 500
     or (p_name is not null and char_length(p_name) not between 1 and 32) then
    raise exception using errcode = 'NK422', message = 'invalid';
  end if;

  -- Serialise posts of one client so two concurrent requests cannot both slip
  -- under its limit.
  perform pg_advisory_xact_lock(hashtextextended(p_client_hash, 0));

  if exists (select from nakanai.banned_clients b where b.client_hash = p_client_hash and b.until > v_now) then
    raise exception using errcode = 'NK403', message = 'banned';
  end if;

  select count(*), min(m.created_at) into v_count, v_oldest
  from (
    select m2.created_at from nakanai.messages m2
    where m2.client_hash = p_client_hash and m2.created_at > v_now - v_limits.per_client_window
    order by m2.created_at desc
    limit v_limits.per_client
  ) m;
  if v_count >= v_limits.per_client then
    raise exception using errcode = 'NK429', message = 'rate_limited',
      detail = greatest(1, ceil(extract(epoch from (v_oldest + v_limits.per_client_window - v_now))))::int::text;
  end if;

  if exists (
    select from nakanai.messages m
    where m.client_hash = p_client_hash and m.created_at > v_now - v_limits.duplicate_window and m.body = p_body
  ) then
    raise exception using errcode = 'NK409', message = 'duplicate';
  end if;

  select count(*) into v_count
  from nakanai.messages m where m.created_at > v_now - interval '1 minute';
  if v_count >= v_limits.global_per_minute then
    raise exception using errcode = 'NK503', message = 'busy', detail = '10';
  end if;

  perform nakanai.purge_expired(100);

  return query
  insert into nakanai.messages as m (body, name, client_hash)
  values (p_body, p_name, p_client_hash)
  returning m.id, m.body, m.name, m.created_at;
end
$$;

-- Dropped first: a later migration changes what it returns, and re-running this file
-- (the server does, in order, when nothing recorded it) must not fail on that.
drop function if exists public.recent_messages(int);
create or replace function public.recent_messages(p_limit int default 50)
returns table (id bigint, body text, name text, created_at timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  select m.id, m.body, m.name, m.created_at
  from nakanai.messages m
  where not m.hidden
  order by m.id desc
  limit least(greatest(coalesce(p_limit, 50), 1), 100)
$$;

create or replace function public.client_hash_salt()
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select s.value from nakanai.settings s where s.key = 'client_hash_salt'
$$;

-- Moderation: hide one message; returns 1, or 0 when there is no such visible message.
create or replace function public.hide_message(p_id bigint)
returns int
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_hidden int;
begin
  update nakanai.messages set hidden = true where id = p_id and not hidden;
  get diagnostics v_hidden = row_count;
  return v_hidden;
end
$$;

-- Moderation: hide every message of the client who wrote message p_id and keep
-- them from posting for limits.ban_duration. Returns the number of messages hidden,
-- or null when there is no such message.
create or replace function public.hide_author(p_id bigint)
returns int
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_client text;
  v_hidden int;
begin
  select m.client_hash into v_client from nakanai.messages m where m.id = p_id;
  if v_client is null then
    return null;
  end if;
  update nakanai.messages set hidden = true where client_hash = v_client and not hidden;
  get diagnostics v_hidden = row_count;
  insert into nakanai.banned_clients (client_hash, until)
  values (v_client, now() + (select l.ban_duration from nakanai.limits l))
  on conflict (client_hash) do update set until = excluded.until;
  return v_hidden;
end
$$;

-- Retention for the daily keep-alive: one bounded batch.
create or replace function public.purge_expired()
returns int
language sql
security definer
set search_path = ''
as $$
  select nakanai.purge_expired(5000)
$$;

-- Only the server (service_role on Supabase, the owner elsewhere) may call them.
revoke all on function public.post_message(text, text, text) from public, anon, authenticated;
revoke all on function public.recent_messages(int) from public, anon, authenticated;
revoke all on function public.client_hash_salt() from public, anon, authenticated;
revoke all on function public.hide_message(bigint) from public, anon, authenticated;
revoke all on function public.hide_author(bigint) from public, anon, authenticated;
revoke all on function public.purge_expired() from public, anon, authenticated;
revoke all on function nakanai.purge_expired(int) from public, anon, authenticated;
grant execute on function public.post_message(text, text, text) to service_role;
grant execute on function public.hide_message(bigint) to service_role;
grant execute on function public.hide_author(bigint) to service_role;
grant execute on function public.purge_expired() to service_role;
grant execute on function public.recent_messages(int) to service_role;
grant execute on function public.client_hash_salt() to service_role;

insert into nakanai.schema_migrations (name) values ('20261128000000_messages.sql') on conflict do nothing;
