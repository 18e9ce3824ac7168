-- The admins' voice: official updates (notices), the admin flag on chat messages,
-- and what the server learned of the instance's own face (name, colour, pictures).
-- Like everything else, only the server's role may call these functions; the API
-- roles get nothing.

-- Official updates. Short, posted by the NUXT_ADMIN_TOKEN holder, optionally saying
-- when the instance is expected back (an absolute time, so every visitor's clock agrees).
create table if not exists nakanai.notices (
  id               bigint generated always as identity primary key,
  body             text not null
                   check (char_length(body) between 1 and 2000 and body = btrim(body) and body is nfc normalized),
  expected_back_at timestamptz,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now()
);
create index if not exists notices_newest on nakanai.notices (id desc);

-- Chat messages sent with the admin token. Set only by post_admin_message below,
-- which the server calls only after checking the token: no visitor field reaches it.
alter table nakanai.messages add column if not exists admin boolean not null default false;

-- What the instance's /api/meta said while it was up (one row), and its icon and
-- "server error" picture (bytes, so they outlive the instance and its media).
create table if not exists nakanai.instance_branding (
  id                     smallint primary key default 1 check (id = 1),
  name                   text check (name is null or char_length(name) between 1 and 128),
  description            text check (description is null or char_length(description) <= 1500),
  theme_color            text check (theme_color is null or theme_color ~ '^#[0-9a-f]{6}$'),
  icon_url               text check (icon_url is null or char_length(icon_url) <= 2048),
  server_error_image_url text check (server_error_image_url is null or char_length(server_error_image_url) <= 2048),
  learned_at             timestamptz not null default now()
);

create table if not exists nakanai.instance_images (
  kind         text primary key check (kind in ('icon', 'server_error')),
  content_type text not null check (content_type in ('image/png', 'image/jpeg', 'image/webp', 'image/gif')),
  bytes        bytea not null check (octet_length(bytes) between 1 and 524288),
  sha256       text not null,
  source_url   text not null check (char_length(source_url) <= 2048),
  fetched_at   timestamptz not null default now()
);

alter table nakanai.notices enable row level security;
alter table nakanai.instance_branding enable row level security;
alter table nakanai.instance_images enable row level security;
revoke all on nakanai.notices, nakanai.instance_branding, nakanai.instance_images from public, anon, authenticated;

-- Notices --------------------------------------------------------------------

create or replace function public.post_notice(p_body text, p_expected_back_at timestamptz)
returns table (id bigint, body text, expected_back_at timestamptz, created_at timestamptz, updated_at timestamptz)
language plpgsql
security definer
set search_path = ''
as $$
begin
  if p_body is null or char_length(p_body) not between 1 and 2000 then
    raise exception using errcode = 'NK422', message = 'invalid';
  end if;
  return query
  insert into nakanai.notices as n (body, expected_back_at)
  values (p_body, p_expected_back_at)
  returning n.id, n.body, n.expected_back_at, n.created_at, n.updated_at;
end
$$;

-- Newest first. Notices older than the chat's retention are no longer shown: an
-- update from last month's outage must not greet the visitors of the next one.
create or replace function public.recent_notices(p_limit int default 20)
returns table (id bigint, body text, expected_back_at timestamptz, created_at timestamptz, updated_at timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  select n.id, n.body, n.expected_back_at, n.created_at, n.updated_at
  from nakanai.notices n
  where n.created_at > now() - (select l.retention from nakanai.limits l)
  order by n.id desc
  limit least(greatest(coalesce(p_limit, 20), 1), 50)
$$;

-- Changes (or, with null, clears) when the instance is expected back; no row when
-- there is no such notice.
create or replace function public.set_notice_expected_back(p_id bigint, p_expected_back_at timestamptz)
returns table (id bigint, body text, expected_back_at timestamptz, created_at timestamptz, updated_at timestamptz)
language sql
security definer
set search_path = ''
as $$
  update nakanai.notices as n
  set expected_back_at = p_expected_back_at, updated_at = now()
  where n.id = p_id
  returning n.id, n.body, n.expected_back_at, n.created_at, n.updated_at
$$;

-- Returns 1, or 0 when there is no such notice.
create or replace function public.delete_notice(p_id bigint)
returns int
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_deleted int;
begin
  delete from nakanai.notices where id = p_id;
  get diagnostics v_deleted = row_count;
  return v_deleted;
end
$$;

-- The admin flag -------------------------------------------------------------

-- The same rules as every message (it goes through post_message), then flagged.
create or replace function public.post_admin_message(p_body text, p_name text, p_client_hash text)
returns table (id bigint, body text, name text, created_at timestamptz, admin boolean)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id bigint;
begin
  select p.id into strict v_id from public.post_message(p_body, p_name, p_client_hash) p;
  return query
  update nakanai.messages as m set admin = true
  where m.id = v_id
  returning m.id, m.body, m.name, m.created_at, m.admin;
end
$$;

-- recent_messages gains the flag; its result type changes, so it is created anew.
drop function if exists public.recent_messages(int);
create or replace function public.recent_messages(p_limit int default 50)
returns table (id bigint, body text, name text, created_at timestamptz, admin boolean)
language sql
stable
security definer
set search_path = ''
as $$
  select m.id, m.body, m.name, m.created_at, m.admin
  from nakanai.messages m
  where not m.hidden
  order by m.id desc
  limit least(greatest(coalesce(p_limit, 50), 1), 100)
$$;

-- The instance's face --------------------------------------------------------

create or replace function public.save_instance_branding(
  p_name text, p_description text, p_theme_color text, p_icon_url text, p_server_error_image_url text)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into nakanai.instance_branding as b (id, name, description, theme_color, icon_url, server_error_image_url, learned_at)
  values (1, p_name, p_description, p_theme_color, p_icon_url, p_server_error_image_url, now())
  on conflict (id) do update
    set name = excluded.name,
        description = excluded.description,
        theme_color = excluded.theme_color,
        icon_url = excluded.icon_url,
        server_error_image_url = excluded.server_error_image_url,
        learned_at = excluded.learned_at
$$;

-- Bytes travel as base64 text: PostgREST passes JSON, where bytea has no form of its own.
-- A null p_data removes the picture (the instance no longer has one).
create or replace function public.save_instance_image(p_kind text, p_content_type text, p_data text, p_source_url text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_bytes bytea;
begin
  if p_data is null then
    delete from nakanai.instance_images where kind = p_kind;
    return;
  end if;
  v_bytes := decode(p_data, 'base64');
  insert into nakanai.instance_images as i (kind, content_type, bytes, sha256, source_url, fetched_at)
  values (p_kind, p_content_type, v_bytes, encode(sha256(v_bytes), 'hex'), p_source_url, now())
  on conflict (kind) do update
    set content_type = excluded.content_type,
        bytes = excluded.bytes,
        sha256 = excluded.sha256,
        source_url = excluded.source_url,
        fetched_at = excluded.fetched_at;
end
$$;

-- What the page needs: the learned fields and which pictures exist (by hash, for URLs
-- that can be cached for good). No row when nothing was learned yet.
create or replace function public.instance_branding()
returns table (name text, description text, theme_color text, learned_at timestamptz,
               icon_type text, icon_sha256 text, server_error_type text, server_error_sha256 text)
language sql
stable
security definer
set search_path = ''
as $$
  select b.name, b.description, b.theme_color, b.learned_at,
         i.content_type, i.sha256, e.content_type, e.sha256
  from nakanai.instance_branding b
  left join nakanai.instance_images i on i.kind = 'icon'
  left join nakanai.instance_images e on e.kind = 'server_error'
$$;

create or replace function public.instance_image(p_kind text)
returns table (content_type text, data text, sha256 text)
language sql
stable
security definer
set search_path = ''
as $$
  select i.content_type, encode(i.bytes, 'base64'), i.sha256
  from nakanai.instance_images i
  where i.kind = p_kind
$$;

-- Only the server (service_role on Supabase, the owner elsewhere) may call them.
revoke all on function public.post_notice(text, timestamptz) from public, anon, authenticated;
revoke all on function public.recent_notices(int) from public, anon, authenticated;
revoke all on function public.set_notice_expected_back(bigint, timestamptz) from public, anon, authenticated;
revoke all on function public.delete_notice(bigint) from public, anon, authenticated;
revoke all on function public.post_admin_message(text, text, text) from public, anon, authenticated;
revoke all on function public.recent_messages(int) from public, anon, authenticated;
revoke all on function public.save_instance_branding(text, text, text, text, text) from public, anon, authenticated;
revoke all on function public.save_instance_image(text, text, text, text) from public, anon, authenticated;
revoke all on function public.instance_branding() from public, anon, authenticated;
revoke all on function public.instance_image(text) from public, anon, authenticated;
grant execute on function public.post_notice(text, timestamptz) to service_role;
grant execute on function public.recent_notices(int) to service_role;
grant execute on function public.set_notice_expected_back(bigint, timestamptz) to service_role;
grant execute on function public.delete_notice(bigint) to service_role;
grant execute on function public.post_admin_message(text, text, text) to service_role;
grant execute on function public.recent_messages(int) to service_role;
grant execute on function public.save_instance_branding(text, text, text, text, text) to service_role;
grant execute on function public.save_instance_image(text, text, text, text) to service_role;
grant execute on function public.instance_branding() to service_role;
grant execute on function public.instance_image(text) to service_role;

insert into nakanai.schema_migrations (name) values ('20261129000100_notices.sql') on conflict do nothing;
