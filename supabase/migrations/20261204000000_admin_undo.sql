-- Undo without SQL: everything a moderator did can be seen and taken back from the
-- ?admin page and the API, the limits can be read and changed there, the admin is
-- never refused as a visitor would be, and an admin update can be marked resolved.
-- Functions whose result changes are new functions, not new versions of old ones:
-- re-running an earlier file must not meet a return type it cannot replace.
-- Safe to run again, and records itself (see the top of the first migration).

-- Bans -----------------------------------------------------------------------

-- A public handle for each ban (the client hash must never leave the database),
-- and when it was (last) imposed.
alter table nakanai.banned_clients add column if not exists id bigint generated always as identity;
alter table nakanai.banned_clients add column if not exists banned_at timestamptz not null default now();
create unique index if not exists banned_clients_id on nakanai.banned_clients (id);

-- The admin's own messages are never hidden with a visitor's: behind one address (a
-- household, an office, a mobile carrier, a test behind nginx) they share a hash.
-- Besides how many messages it hid, it says under how many names (anonymous counts as
-- one) that address wrote: people it cannot tell apart. No row when there is no such
-- message from a visitor.
create or replace function public.hide_all_from_author(p_id bigint)
returns table (hidden int, names int, ban_id bigint, banned_until timestamptz)
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  v_client text;
  v_hidden int;
begin
  select m.client_hash into v_client from nakanai.messages m where m.id = p_id and not m.admin;
  if v_client is null then
    return;
  end if;
  update nakanai.messages set hidden = true where client_hash = v_client and not hidden and not admin;
  get diagnostics v_hidden = row_count;
  return query
  with ban as (
    insert into nakanai.banned_clients as b (client_hash, until, banned_at)
    values (v_client, now() + (select l.ban_duration from nakanai.limits l), now())
    on conflict (client_hash) do update set until = excluded.until, banned_at = excluded.banned_at
    returning b.id, b.until
  )
  select v_hidden,
         (select count(distinct coalesce(m.name, ''))::int from nakanai.messages m
          where m.client_hash = v_client and not m.admin),
         ban.id, ban.until
  from ban;
end
$$;

-- The older entry point behaves the same (it returns only the count).
create or replace function public.hide_author(p_id bigint)
returns int
language sql
security definer
set search_path = ''
as $$
  select h.hidden from public.hide_all_from_author(p_id) h
$$;

-- The bans in force, newest first, with what the admin needs to recognise whom they
-- silenced (how many hidden messages, under how many names, the newest of them);
-- never the hash.
create or replace function public.bans_in_force()
returns table (id bigint, banned_at timestamptz, until timestamptz, hidden int, names int,
               newest_body text, newest_name text, newest_at timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  select b.id, b.banned_at, b.until,
         (select count(*)::int from nakanai.messages m where m.client_hash = b.client_hash and m.hidden),
         (select count(distinct coalesce(m.name, ''))::int from nakanai.messages m
          where m.client_hash = b.client_hash and not m.admin),
         n.body, n.name, n.created_at
  from nakanai.banned_clients b
  left join lateral (
    select m.body, m.name, m.created_at from nakanai.messages m
    where m.client_hash = b.client_hash and m.hidden
    order by m.id desc limit 1
  ) n on true
  where b.until > now()
  order by b.banned_at desc, b.id desc
  limit 100
$$;

-- Returns 1, or 0 when no ban in force has that id.
create or replace function public.lift_ban(p_id bigint)
returns int
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_lifted int;
begin
  delete from nakanai.banned_clients where id = p_id and until > now();
  get diagnostics v_lifted = row_count;
  return v_lifted;
end
$$;

-- Hidden messages ------------------------------------------------------------

create or replace function public.hidden_messages(p_limit int default 50)
returns table (id bigint, body text, name text, created_at timestamptz, admin boolean)
language sql
stable
security definer
set search_path = ''
as $$
  select m.id, m.body, m.name, m.created_at, m.admin
  from nakanai.messages m
  where m.hidden
  order by m.id desc
  limit least(greatest(coalesce(p_limit, 50), 1), 100)
$$;

-- Returns 1, or 0 when there is no such hidden message.
create or replace function public.restore_message(p_id bigint)
returns int
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_restored int;
begin
  update nakanai.messages set hidden = false where id = p_id and hidden;
  get diagnostics v_restored = row_count;
  return v_restored;
end
$$;

-- The admin is not a visitor ---------------------------------------------------

-- The input rules of every message (the same as post_message), nothing else.
create or replace function nakanai.check_message_input(p_body text, p_name text)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_body is null or char_length(p_body) not between 1 and 500
     or not nakanai.has_visible_character(p_body) or nakanai.has_too_many_marks(p_body)
     or (p_name is not null and (char_length(p_name) not between 1 and 32
         or not nakanai.has_visible_character(p_name) or nakanai.has_too_many_marks(p_name))) then
    raise exception using errcode = 'NK422', message = 'invalid';
  end if;
end
$$;

-- A message with the admin token: the input rules hold, but no ban, per-client limit,
-- duplicate window or global cap refuses it. "Hide all from this person" behind the
-- admin's own address once answered the admin's next post with 403 banned for 24 h.
-- It is not tied to the admin's address either (p_client_hash is left unused): the
-- admin's posts then count against no visitor's limit at that address, and hiding
-- that visitor's messages cannot reach the admin's.
create or replace function public.post_admin_message(p_body text, p_name text, p_client_hash text)
returns table (id bigint, body text, name text, created_at timestamptz, admin boolean)
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform nakanai.check_message_input(p_body, p_name);
  perform nakanai.purge_expired(100);
  return query
  insert into nakanai.messages as m (body, name, client_hash, admin)
  values (p_body, p_name, repeat('0', 64), true)
  returning m.id, m.body, m.name, m.created_at, m.admin;
end
$$;

-- Limits -----------------------------------------------------------------------

-- In whole seconds, as the API carries them.
create or replace function public.chat_limits()
returns table (per_client int, per_client_window_seconds int, duplicate_window_seconds int,
               global_per_minute int, retention_seconds int, ban_duration_seconds int)
language sql
stable
security definer
set search_path = ''
as $$
  select l.per_client,
         round(extract(epoch from l.per_client_window))::int,
         round(extract(epoch from l.duplicate_window))::int,
         l.global_per_minute,
         round(extract(epoch from l.retention))::int,
         round(extract(epoch from l.ban_duration))::int
  from nakanai.limits l
$$;

-- Changes the limits given (null: unchanged). The bounds are shared/utils/limits-input.ts's
-- (tests/support/store-contract.ts checks both agree); outside them nothing changes (NK422).
create or replace function public.set_chat_limits(
  p_per_client int, p_per_client_window_seconds int, p_duplicate_window_seconds int,
  p_global_per_minute int, p_retention_seconds int, p_ban_duration_seconds int)
returns table (per_client int, per_client_window_seconds int, duplicate_window_seconds int,
               global_per_minute int, retention_seconds int, ban_duration_seconds int)
language plpgsql
security definer
set search_path = ''
as $$
begin
  if p_per_client not between 1 and 1000
     or p_per_client_window_seconds not between 1 and 86400
     or p_duplicate_window_seconds not between 0 and 86400
     or p_global_per_minute not between 1 and 100000
     or p_retention_seconds not between 3600 and 31622400
     or p_ban_duration_seconds not between 0 and 2592000 then
    raise exception using errcode = 'NK422', message = 'invalid';
  end if;
  update nakanai.limits as l set
    per_client        = coalesce(p_per_client, l.per_client),
    per_client_window = coalesce(p_per_client_window_seconds * interval '1 second', l.per_client_window),
    duplicate_window  = coalesce(p_duplicate_window_seconds * interval '1 second', l.duplicate_window),
    global_per_minute = coalesce(p_global_per_minute, l.global_per_minute),
    retention         = coalesce(p_retention_seconds * interval '1 second', l.retention),
    ban_duration      = coalesce(p_ban_duration_seconds * interval '1 second', l.ban_duration)
  where l.id = 1;
  return query select * from public.chat_limits();
end
$$;

-- Notices ------------------------------------------------------------------------

-- When the admin said the outage is over; null while it is open.
alter table nakanai.notices add column if not exists resolved_at timestamptz;

-- recent_notices with resolved_at (same window: older than the retention is not shown).
create or replace function public.current_notices(p_limit int default 20)
returns table (id bigint, body text, expected_back_at timestamptz, created_at timestamptz,
               updated_at timestamptz, resolved_at timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  select n.id, n.body, n.expected_back_at, n.created_at, n.updated_at, n.resolved_at
  from nakanai.notices n
  where n.created_at > now() - (select l.retention from nakanai.limits l)
  order by n.id desc
  limit least(greatest(coalesce(p_limit, 20), 1), 50)
$$;

-- Moves or clears the expected time (when p_change_expected) and marks the notice
-- resolved or open again (p_resolved; null leaves it). Resolving twice keeps the first
-- time. No row when there is no such notice.
create or replace function public.edit_notice(
  p_id bigint, p_change_expected boolean, p_expected_back_at timestamptz, p_resolved boolean)
returns table (id bigint, body text, expected_back_at timestamptz, created_at timestamptz,
               updated_at timestamptz, resolved_at timestamptz)
language sql
security definer
set search_path = ''
as $$
  update nakanai.notices as n
  set expected_back_at = case when p_change_expected then p_expected_back_at else n.expected_back_at end,
      resolved_at = case when p_resolved is null then n.resolved_at
                         when p_resolved then coalesce(n.resolved_at, now())
                         else null end,
      updated_at = now()
  where n.id = p_id
  returning n.id, n.body, n.expected_back_at, n.created_at, n.updated_at, n.resolved_at
$$;

-- Only the server (service_role on Supabase, the owner elsewhere) may call them.
revoke all on function public.hide_all_from_author(bigint) from public, anon, authenticated;
revoke all on function public.hide_author(bigint) from public, anon, authenticated;
revoke all on function public.bans_in_force() from public, anon, authenticated;
revoke all on function public.lift_ban(bigint) from public, anon, authenticated;
revoke all on function public.hidden_messages(int) from public, anon, authenticated;
revoke all on function public.restore_message(bigint) from public, anon, authenticated;
revoke all on function nakanai.check_message_input(text, text) from public, anon, authenticated;
revoke all on function public.post_admin_message(text, text, text) from public, anon, authenticated;
revoke all on function public.chat_limits() from public, anon, authenticated;
revoke all on function public.set_chat_limits(int, int, int, int, int, int) from public, anon, authenticated;
revoke all on function public.current_notices(int) from public, anon, authenticated;
revoke all on function public.edit_notice(bigint, boolean, timestamptz, boolean) from public, anon, authenticated;
grant execute on function public.hide_all_from_author(bigint) to service_role;
grant execute on function public.hide_author(bigint) to service_role;
grant execute on function public.bans_in_force() to service_role;
grant execute on function public.lift_ban(bigint) to service_role;
grant execute on function public.hidden_messages(int) to service_role;
grant execute on function public.restore_message(bigint) to service_role;
grant execute on function public.post_admin_message(text, text, text) to service_role;
grant execute on function public.chat_limits() to service_role;
grant execute on function public.set_chat_limits(int, int, int, int, int, int) to service_role;
grant execute on function public.current_notices(int) to service_role;
grant execute on function public.edit_notice(bigint, boolean, timestamptz, boolean) to service_role;

insert into nakanai.schema_migrations (name) values ('20261204000000_admin_undo.sql') on conflict do nothing;
