-- Every change of a dependency's evaluated state: the history behind "slipped on", and the sequence that makes
-- each change's notification unique (the outbox dedup key carries its id), so a state is never re-notified.
create table dependency_state_changes (
    id bigint generated always as identity primary key,
    dependency_id bigint not null references dependencies (id) on delete cascade,
    from_state text not null,
    to_state text not null,
    slip_days integer not null,
    reason text not null,
    changed_at timestamptz not null
);
create index dependency_state_changes_dependency on dependency_state_changes (dependency_id);
create index eta_changes_dependency on eta_changes (dependency_id);
create index dependencies_provider on dependencies (provider_team_id);
