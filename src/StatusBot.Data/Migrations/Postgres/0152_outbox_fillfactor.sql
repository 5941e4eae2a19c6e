-- A row's lease is taken, re-checked and extended before its send (locked_until, locked_by: no index has them). With room
-- left on each page those updates are heap-only (HOT): no new entry in any of the outbox's four indexes, and no dead
-- entries for the claim's walk along outbox_due_by_workspace to step over. Only the delivery record (state) touches the
-- indexes. Applies to the pages written from now on.
alter table outbox set (fillfactor = 80);
