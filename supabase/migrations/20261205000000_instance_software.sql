-- What the instance's NodeInfo said while it was up (software.name, software.version,
-- metadata.nodeName: one row), so that the probe, the face and the page's words for its
-- kind of server (Misskey and forks, Mastodon's API, GoToSocial, Akkoma) are known
-- while it is down and after a restart. And a third picture, the wide banner that
-- Mastodon's /api/v2/instance calls its thumbnail. Safe to apply again (if not exists,
-- drop … if exists, create or replace).

create table if not exists nakanai.instance_software (
  id         smallint primary key default 1 check (id = 1),
  -- NodeInfo 2.x: software.name matches ^[a-z0-9-]+$; a few servers send dots or capitals.
  name       text not null check (name ~ '^[a-z0-9._-]{1,64}$'),
  version    text check (version is null or char_length(version) between 1 and 128),
  node_name  text check (node_name is null or char_length(node_name) between 1 and 128),
  learned_at timestamptz not null default now()
);

alter table nakanai.instance_software enable row level security;
revoke all on nakanai.instance_software from public, anon, authenticated;

alter table nakanai.instance_images drop constraint if exists instance_images_kind_check;
alter table nakanai.instance_images add constraint instance_images_kind_check
  check (kind in ('icon', 'server_error', 'banner'));

create or replace function public.save_instance_software(p_name text, p_version text, p_node_name text)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into nakanai.instance_software as s (id, name, version, node_name, learned_at)
  values (1, p_name, p_version, p_node_name, now())
  on conflict (id) do update
    set name = excluded.name,
        version = excluded.version,
        node_name = excluded.node_name,
        learned_at = excluded.learned_at
$$;

-- instance_branding() and the banner and software besides, in one read for the page and
-- the probe. A new name rather than a changed instance_branding(): a function's result
-- cannot change in place, and 20261129000100_notices.sql must stay safe to run again.
-- A row as soon as either the face or the software was learned.
create or replace function public.instance_face()
returns table (name text, description text, theme_color text, learned_at timestamptz,
               icon_type text, icon_sha256 text, server_error_type text, server_error_sha256 text,
               banner_type text, banner_sha256 text,
               software_name text, software_version text, node_name text)
language sql
stable
security definer
set search_path = ''
as $$
  select b.name, b.description, b.theme_color, coalesce(b.learned_at, s.learned_at),
         i.content_type, i.sha256, e.content_type, e.sha256, n.content_type, n.sha256,
         s.name, s.version, s.node_name
  from (select 1) as one
  left join nakanai.instance_branding b on true
  left join nakanai.instance_software s on true
  left join nakanai.instance_images i on i.kind = 'icon'
  left join nakanai.instance_images e on e.kind = 'server_error'
  left join nakanai.instance_images n on n.kind = 'banner'
  where b.id is not null or s.id is not null
$$;

revoke all on function public.save_instance_software(text, text, text) from public, anon, authenticated;
revoke all on function public.instance_face() from public, anon, authenticated;
grant execute on function public.save_instance_software(text, text, text) to service_role;
grant execute on function public.instance_face() to service_role;

insert into nakanai.schema_migrations (name) values ('20261205000000_instance_software.sql') on conflict do nothing;
