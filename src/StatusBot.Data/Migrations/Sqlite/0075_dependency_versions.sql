-- Optimistic concurrency: every write of a dependency row is conditional on the version it was read at and bumps it,
-- so a write based on a stale read (a `dep done` racing an evaluation) fails and its unit of work is re-run instead
-- of silently undoing the other. A state change records the version it produced: at most one change per version,
-- however many evaluations race, and the notice's outbox dedup key is derived from that pair.
alter table dependencies add column version bigint not null default 1;
alter table dependency_state_changes add column dependency_version bigint;
-- Changes recorded before this migration have no version (null is distinct from every value in a unique index).
create unique index dependency_state_changes_version on dependency_state_changes (dependency_id, dependency_version);
