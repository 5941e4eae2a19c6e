-- The audit trail (issue 16): every state-changing command writes its entries in the command's own transaction, so a
-- failed command leaves none. The actor is a person row: forgetting a person anonymises that row, and so their entries.
-- No foreign key to programs: the trail outlives what it describes.
create table audit_entries (
    id bigint generated always as identity primary key,
    workspace_id text not null,
    program_id bigint,
    actor_person_id bigint not null references people (id),
    action text not null,
    subject text not null,
    before_value text,
    after_value text,
    at timestamptz not null
);
create index audit_entries_by_program on audit_entries (workspace_id, program_id, at);
