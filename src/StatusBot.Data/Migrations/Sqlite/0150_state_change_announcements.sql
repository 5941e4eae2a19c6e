-- An answer records its dependencies' state changes in its own transaction but leaves their notices (which need the
-- whole program's graph for the downstream impact) to a follow-up pass right after it commits: announced_at is null
-- until that pass has queued them. Changes recorded before this migration were announced when recorded.
alter table dependency_state_changes add column announced_at text;
update dependency_state_changes set announced_at = changed_at;
create index dependency_state_changes_unannounced on dependency_state_changes (id) where announced_at is null;
