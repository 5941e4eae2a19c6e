-- The outbox claims work per workspace: it lists the workspaces with pending rows (skipping from one workspace to the
-- next along this index) and takes each one's next due rows in order, so one worker keeps many workspaces busy at once.
create index outbox_due_by_workspace on outbox (workspace_id, next_attempt_at, id) where state = 'Pending';
