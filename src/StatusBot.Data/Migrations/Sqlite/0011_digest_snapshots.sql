-- The digest as posted, per program and week: the history view, and the guard that a week posts once.
create table digest_snapshots (
    id integer primary key,
    program_id bigint not null references programs (id) on delete cascade,
    week_of text not null,
    status text not null,
    message text not null,
    created_at text not null,
    unique (program_id, week_of)
);
create index checkin_cycles_week on checkin_cycles (week_of);
