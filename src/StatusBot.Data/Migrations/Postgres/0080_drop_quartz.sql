-- Scheduling moved from Quartz.NET to Hangfire (its tables live in their own schema, created by the scheduler's
-- migration step). Quartz's tables, if a Quartz-era instance created them in this schema, are dropped so an upgraded
-- database holds nothing stale. Their triggers were only derived from the bot's tables, which the new scheduler
-- rebuilds its jobs from at start.
drop table if exists qrtz_fired_triggers cascade;
drop table if exists qrtz_paused_trigger_grps cascade;
drop table if exists qrtz_scheduler_state cascade;
drop table if exists qrtz_locks cascade;
drop table if exists qrtz_simprop_triggers cascade;
drop table if exists qrtz_simple_triggers cascade;
drop table if exists qrtz_cron_triggers cascade;
drop table if exists qrtz_blob_triggers cascade;
drop table if exists qrtz_triggers cascade;
drop table if exists qrtz_job_details cascade;
drop table if exists qrtz_calendars cascade;
