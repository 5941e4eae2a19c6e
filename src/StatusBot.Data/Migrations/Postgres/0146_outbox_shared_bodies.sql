-- A team's weekly prompt is the same for every member but the mention: it is stored once per cycle here, and each
-- member's outbox row names it (shared_body_key) and keeps only its own mention (personal), put in place of the
-- placeholder when the row is read for sending. Such a row's message column is left empty and its program is the
-- body's (program_id null: on PostgreSQL every row naming a program costs a foreign-key check). Rows stored whole (every
-- other kind, and prompts queued before this migration) have no shared_body_key and are read as before.
-- No foreign key from the rows to their body, for the same reason: a body is written in the same transaction as its
-- rows and never deleted.
create table outbox_shared_bodies (
    body_key text primary key,
    workspace_id text not null,
    program_id bigint references programs (id) on delete set null,
    body text not null,
    placeholder text not null
);
alter table outbox add column shared_body_key text;
alter table outbox add column personal text;
