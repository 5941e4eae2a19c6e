-- The dependency rules read which statuses a cycle's answers give (issue 15): three index probes, not every answer.
create index answers_cycle_status on answers (cycle_id, status);
