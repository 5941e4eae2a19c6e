-- Store, then acknowledge: every inbound answer or action (a Slack DM event, button, in-message form, slash
-- command; a playground request) is a row here, committed before the platform gets its acknowledgement. A worker
-- leases rows like the outbox does and performs them after the ack, so a crash or deploy resumes the work.
-- dedup_key (e.g. slack:event:<event_id>) makes a platform's retry of the same request a no-op.
create table inbound_work (
    id integer primary key,
    kind text not null,
    workspace_id text not null,
    payload text not null,
    dedup_key text unique,
    state text not null,
    attempts integer not null default 0,
    created_at text not null,
    next_attempt_at text not null,
    locked_until text,
    locked_by text,
    done_at text,
    last_error text
);
create index inbound_work_due on inbound_work (next_attempt_at) where state = 'Pending';
create index inbound_work_done on inbound_work (done_at) where state = 'Done';
