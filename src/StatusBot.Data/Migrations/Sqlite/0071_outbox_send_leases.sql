-- One sender per workspace across every instance: a worker holds a workspace's send lease while it posts that
-- workspace's messages, so the platform's per-workspace rate budget is spent by one client-side limiter, not N.
-- A holder that dies loses the lease when until passes; a holder that stops hands it over at once.
create table outbox_send_leases (
    workspace_id text primary key,
    holder text not null,
    until text not null
);
