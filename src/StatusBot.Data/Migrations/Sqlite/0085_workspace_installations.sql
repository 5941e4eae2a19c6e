-- The Slack adapter's storage moves behind platform-neutral ports (issue 12): installations are keyed by the neutral
-- workspace id (slack:T1), so another platform can store its own; the install-state log loses its Slack prefix.
-- slack_events has been unused since inbound work is deduplicated in inbound_work (0070).
alter table slack_installations rename to workspace_installations;
alter table workspace_installations rename column team_id to workspace_id;
alter table workspace_installations rename column team_name to workspace_name;
update workspace_installations set workspace_id = 'slack:' || workspace_id;
alter table slack_install_states rename to install_states;
drop table slack_events;
