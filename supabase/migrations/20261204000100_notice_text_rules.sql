-- Official updates follow the chat's text rules (shared/utils/notice-input.ts, which
-- uses shared/utils/message-input.ts): an update must show something, no letter
-- carries more than 8 combining marks, and a time it says the instance is expected
-- back is still to come when it is posted (visitors would read a promise already
-- broken). Safe to apply again (create or replace, if exists).

-- For writers other than post_notice; rows stored before this migration are kept as they are.
alter table nakanai.notices drop constraint if exists notices_body_shows;
alter table nakanai.notices add constraint notices_body_shows
  check (nakanai.has_visible_character(body) and not nakanai.has_too_many_marks(body)) not valid;

create or replace function public.post_notice(p_body text, p_expected_back_at timestamptz)
returns table (id bigint, body text, expected_back_at timestamptz, created_at timestamptz, updated_at timestamptz)
language plpgsql
security definer
set search_path = ''
as $$
begin
  if p_body is null or char_length(p_body) not between 1 and 2000
     or not nakanai.has_visible_character(p_body) or nakanai.has_too_many_marks(p_body)
     or p_expected_back_at <= now() then
    raise exception using errcode = 'NK422', message = 'invalid';
  end if;
  return query
  insert into nakanai.notices as n (body, expected_back_at)
  values (p_body, p_expected_back_at)
  returning n.id, n.body, n.expected_back_at, n.created_at, n.updated_at;
end
$$;

revoke all on function public.post_notice(text, timestamptz) from public, anon, authenticated;
grant execute on function public.post_notice(text, timestamptz) to service_role;

insert into nakanai.schema_migrations (name) values ('20261204000100_notice_text_rules.sql') on conflict do nothing;
