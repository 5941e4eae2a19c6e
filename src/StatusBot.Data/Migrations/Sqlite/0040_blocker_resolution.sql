-- A blocker's resolution: who closed it and an optional note (resolved_at already exists). Kept, not deleted, so
-- the digest can count what was resolved in a week and the history says who unblocked whom.
alter table blockers add column resolved_by_person_id bigint references people (id) on delete set null;
alter table blockers add column resolution_note text;
create index blockers_resolved on blockers (team_id, resolved_at) where resolved_at is not null;
