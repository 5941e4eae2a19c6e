create table outbox (
    id bigint generated always as identity primary key,
    workspace_id text not null,
    destination_kind text not null,
    destination_address text not null,
    message text not null,
    dedup_key text not null unique,
    program_id bigint references programs (id) on delete set null,
    state text not null,
    attempts integer not null default 0,
    created_at timestamptz not null,
    next_attempt_at timestamptz not null,
    locked_until timestamptz,
    locked_by text,
    delivered_at timestamptz,
    platform_message_id text,
    failure_reason text
);
create index outbox_due on outbox (next_attempt_at) where state = 'Pending';
