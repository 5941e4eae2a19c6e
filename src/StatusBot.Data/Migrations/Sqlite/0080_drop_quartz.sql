-- Scheduling moved from Quartz.NET to Hangfire. On SQLite, Quartz kept its tables in a separate file
-- (<database>.scheduler.db, or Scheduling:SqliteFile), never in the bot's database, so nothing is dropped here;
-- that file is no longer read and can be deleted. The statement below only keeps this script non-empty.
drop table if exists qrtz_triggers;
