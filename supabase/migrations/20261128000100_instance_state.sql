-- What the server-side probe last saw of the Misskey instance, shared by every
-- server instance (serverless ones included) so they agree on "down since".
-- Safe to run again, and records itself (see the top of the first migration).

create table if not exists nakanai.instance_state (
  id         smallint primary key default 1 check (id = 1),
  state      text not null check (state in ('up', 'down')),
  since      timestamptz not null,
  checked_at timestamptz not null
);
alter table nakanai.instance_state enable row level security;
revoke all on nakanai.instance_state from public, anon, authenticated;

-- Records one probe result; `since` moves only when the state changes.
create or replace function public.observe_instance_state(p_state text)
returns table (state text, since timestamptz, checked_at timestamptz)
language sql
security definer
set search_path = ''
as $$
  insert into nakanai.instance_state as s (id, state, since, checked_at)
  values (1, p_state, now(), now())
  on conflict (id) do update
    set since = case when s.state = excluded.state then s.since else excluded.since end,
        state = excluded.state,
        checked_at = excluded.checked_at
  returning s.state, s.since, s.checked_at
$$;

revoke all on function public.observe_instance_state(text) from public, anon, authenticated;
grant execute on function public.observe_instance_state(text) to service_role;

insert into nakanai.schema_migrations (name) values ('20261128000100_instance_state.sql') on conflict do nothing;
