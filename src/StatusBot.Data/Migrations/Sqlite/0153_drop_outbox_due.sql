-- As on PostgreSQL: every outbox statement finds pending rows through outbox_due_by_workspace or by id; outbox_due
-- (next_attempt_at) served the claim of the first release only, and a second partial index on the same rows can only
-- mislead the planner.
drop index if exists outbox_due;
