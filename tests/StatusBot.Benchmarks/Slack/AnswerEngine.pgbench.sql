-- The statements one signed Slack answer makes (status, progress, next steps, two new blockers, one dependency ETA), as
-- the host sends them (`StatusBot.Benchmarks slack-answers` writes Npgsql's trace of one answer to a file to compare),
-- in one transaction per answer: registration, the form's validation, then the answer with its blockers, ETA change,
-- audit rows and the provider team's re-evaluation (the host runs these as three short transactions). Not here: the
-- state change an answer records when its ETA moves a dependency across need-by (one update and one insert, in a
-- share of answers the benchmark prints) and that change's notices, which a follow-up pass queues after the commit.
-- Run by that benchmark in the same run as the answers, against the same seeded program: -D teams=200
-- -D team0=<first team id> -D cycle0=<team 0's open cycle> -D dep0=<the dependency team 0's answers re-date> (teams'
-- open cycles and those dependencies have consecutive ids).
\set t random(0, :teams - 1)
\set p random(0, 8)
\set team :team0 + :t
\set cycle :cycle0 + :t
\set dep :dep0 - :t
\set n random(1, 1000000000)
\set days random(20, 34)
BEGIN;
-- registration: the person
select id as person from people where identity = 'slack:T1:U' || lpad(:t::text, 3, '0') || :p \gset
-- the form's validation: memberships, team, cycle, what the team owes
select * from team_members where person_id = :person order by team_id;
select id, program_id, name, paused, created_at from teams where id = :team;
select * from checkin_cycles where id = :cycle;
select * from dependencies where provider_team_id = :team order by id;
-- the answer: person, cycle, team, latest cycle, membership, the dependency
select * from people where id = :person;
select * from checkin_cycles where id = :cycle;
select id, program_id, name, paused, created_at from teams where id = :team;
select * from checkin_cycles where team_id = :team order by week_of desc limit 1;
select person_id from cycle_members where cycle_id = :cycle and person_id = :person;
select * from dependencies where id = :dep;
select id as answer, revision as revision from answers where cycle_id = :cycle and person_id = :person \gset
update answers set status = 'OnTrack', progress = 'Shipped the importer; next the exporter.', next = 'The exporter.', note = null,
    edited_at = now(), is_late = true, revision = revision + 1 where id = :answer and revision = :revision returning *;
insert into answer_revisions (answer_id, revision, status, progress, next, note, submitted_at, edited_at, is_late)
    values (:answer, :revision, 'OnTrack', 'Shipped the importer; next the exporter.', 'The exporter.', null, now(), now(), true)
    on conflict do nothing; -- the replaced revision, as the host archives it; on conflict: two clients drawing the same person at once (the host runs the second again instead)
select * from blockers where team_id = :team and resolved_at is null order by opened_at, id;
insert into blockers (team_id, person_id, raised_in_cycle_id, text, opened_at, resolved_at, cycles_open, resolved_by_person_id, resolution_note)
    values (:team, :person, :cycle, 'Waiting on the schema review ' || :n, now(), null, 0, null, null) returning *;
insert into blockers (team_id, person_id, raised_in_cycle_id, text, opened_at, resolved_at, cycles_open, resolved_by_person_id, resolution_note)
    values (:team, :person, :cycle, 'No staging database yet ' || :n, now(), null, 0, null, null) returning *;
insert into eta_changes (dependency_id, from_eta, to_eta, changed_by_person_id, changed_at)
    values (:dep, (select eta from dependencies where id = :dep), current_date + :days, :person, now()) returning *;
update dependencies set eta = current_date + :days, version = version + 1 where id = :dep returning *;
insert into audit_entries (workspace_id, program_id, actor_person_id, action, subject, before_value, after_value, at)
    values ('slack:T1', (select program_id from teams where id = :team), :person, 'check-in answer', 'Team check-in, week of 2026-11-23 (revision 2)', null, 'on track', now());
insert into audit_entries (workspace_id, program_id, actor_person_id, action, subject, before_value, after_value, at)
    values ('slack:T1', (select program_id from teams where id = :team), :person, 'check-in answer', 'dependency #' || :dep || ' ETA', (current_date + :days - 1)::text, (current_date + :days)::text, now());
-- the provider team's dependencies re-evaluated: what it provides, the program, their latest ETA changes, the answered
-- cycle's statuses, the teams' zones
select * from dependencies where provider_team_id = :team order by id;
select * from programs where id = (select program_id from teams where id = :team);
select e.* from eta_changes e join dependencies d on d.id = e.dependency_id where d.provider_team_id = :team
    and e.id = (select e2.id from eta_changes e2 where e2.dependency_id = e.dependency_id order by e2.changed_at desc, e2.id desc limit 1)
    order by e.dependency_id;
select s.status from (select 'OnTrack' as status union all select 'AtRisk' union all select 'OffTrack') s
    where exists (select 1 from answers a where a.cycle_id = :cycle and a.status = s.status);
select s.team_id, s.time_zone from checkin_schedules s join teams t on t.id = s.team_id
    where t.program_id = (select program_id from teams where id = :team) order by s.team_id;
COMMIT;
