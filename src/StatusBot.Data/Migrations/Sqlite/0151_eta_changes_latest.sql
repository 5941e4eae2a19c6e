-- A dependency's latest ETA change is read on every answer that touches its team's dependencies (ListLatestEtaChanges…):
-- with only (dependency_id) indexed, finding the latest one sorted all of a dependency's changes, so an answer's cost
-- grew with the weeks of history. Ordered by (changed_at, id) within a dependency, it is one index probe.
drop index eta_changes_dependency;
create index eta_changes_latest on eta_changes (dependency_id, changed_at, id);
