-- The hashing salt is drawn on first use when the database has none. An embedded
-- database made at build time (modules/pglite-seed.ts) carries every migration but no
-- salt, so each install that starts from it still draws its own, whenever and however
-- often it starts. Databases that have a salt keep it.
-- Safe to run again, and records itself (see the top of the first migration).

create or replace function public.client_hash_salt()
returns text
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_salt text;
begin
  select s.value into v_salt from nakanai.settings s where s.key = 'client_hash_salt';
  if v_salt is null then
    -- Two servers drawing at once keep the first one's: both read it back.
    insert into nakanai.settings (key, value)
    values ('client_hash_salt', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))
    on conflict (key) do nothing;
    select s.value into v_salt from nakanai.settings s where s.key = 'client_hash_salt';
  end if;
  return v_salt;
end
$$;

revoke all on function public.client_hash_salt() from public, anon, authenticated;
grant execute on function public.client_hash_salt() to service_role;

insert into nakanai.schema_migrations (name) values ('20261130000000_salt_on_first_use.sql') on conflict do nothing;
