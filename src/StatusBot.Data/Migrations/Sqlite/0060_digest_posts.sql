-- A message that replaces an earlier one (a digest's week posted again): the platform updates that message in place
-- where it can (Slack chat.update with the channel and ts the first post recorded), else posts anew.
alter table outbox add column replaces_id integer;

-- The first post of each program's week to each channel: what later posts of the same week replace.
create table digest_posts (
    program_id bigint not null references programs (id) on delete cascade,
    week_of text not null,
    channel_ref text not null,
    outbox_id integer not null,
    primary key (program_id, week_of, channel_ref)
);
