create table workspaces (
    id text primary key,
    platform text not null,
    name text not null,
    created_at text not null
);

create table people (
    id integer primary key,
    workspace_id text not null references workspaces (id),
    identity text not null unique,
    display_name text not null,
    time_zone text not null,
    is_admin integer not null default 0,
    active integer not null default 1,
    created_at text not null
);

create table leave_periods (
    id integer primary key,
    person_id bigint not null references people (id) on delete cascade,
    first_day text not null,
    last_day text not null,
    created_at text not null,
    check (last_day >= first_day)
);

create table programs (
    id integer primary key,
    workspace_id text not null references workspaces (id),
    name text not null,
    name_key text not null,
    digest_day integer,
    digest_time text,
    digest_zone text,
    override_status text,
    override_reason text,
    override_by bigint references people (id) on delete set null,
    override_at text,
    created_at text not null,
    unique (workspace_id, name_key)
);

create table program_roles (
    program_id bigint not null references programs (id) on delete cascade,
    person_id bigint not null references people (id) on delete cascade,
    role text not null,
    primary key (program_id, person_id, role)
);

create table program_channels (
    id integer primary key,
    program_id bigint not null references programs (id) on delete cascade,
    channel_ref text not null,
    display_name text not null,
    created_at text not null,
    unique (program_id, channel_ref)
);

create table teams (
    id integer primary key,
    program_id bigint not null references programs (id) on delete cascade,
    name text not null,
    name_key text not null,
    paused integer not null default 0,
    created_at text not null,
    unique (program_id, name_key)
);

create table team_members (
    team_id bigint not null references teams (id) on delete cascade,
    person_id bigint not null references people (id) on delete cascade,
    is_lead integer not null default 0,
    joined_at text not null,
    primary key (team_id, person_id)
);
create index team_members_person on team_members (person_id);

create table checkin_schedules (
    team_id bigint primary key references teams (id) on delete cascade,
    day integer not null check (day between 0 and 6),
    local_time text not null,
    time_zone text not null,
    window_minutes integer not null check (window_minutes > 0),
    reminder_minutes_before_close integer not null check (reminder_minutes_before_close >= 0),
    updated_at text not null
);

create table skipped_weeks (
    team_id bigint not null references teams (id) on delete cascade,
    week_of text not null,
    reason text,
    primary key (team_id, week_of)
);

create table checkin_cycles (
    id integer primary key,
    team_id bigint not null references teams (id) on delete cascade,
    week_of text not null,
    opens_at text not null,
    remind_at text not null,
    closes_at text not null,
    state text not null,
    closed_at text,
    unique (team_id, week_of)
);

create table cycle_members (
    cycle_id bigint not null references checkin_cycles (id) on delete cascade,
    person_id bigint not null references people (id) on delete cascade,
    prompted_at text,
    reminded_at text,
    primary key (cycle_id, person_id)
);

create table answers (
    id integer primary key,
    cycle_id bigint not null references checkin_cycles (id) on delete cascade,
    person_id bigint not null references people (id) on delete cascade,
    status text not null,
    progress text not null,
    next text not null,
    note text,
    submitted_at text not null,
    edited_at text,
    is_late integer not null default 0,
    revision integer not null,
    unique (cycle_id, person_id)
);

create table answer_revisions (
    answer_id bigint not null references answers (id) on delete cascade,
    revision integer not null,
    status text not null,
    progress text not null,
    next text not null,
    note text,
    submitted_at text not null,
    edited_at text,
    is_late integer not null,
    primary key (answer_id, revision)
);

create table blockers (
    id integer primary key,
    team_id bigint not null references teams (id) on delete cascade,
    person_id bigint not null references people (id) on delete cascade,
    raised_in_cycle_id bigint references checkin_cycles (id) on delete set null,
    text text not null,
    opened_at text not null,
    resolved_at text,
    cycles_open integer not null
);
create index blockers_open on blockers (team_id) where resolved_at is null;

create table milestones (
    id integer primary key,
    program_id bigint not null references programs (id) on delete cascade,
    name text not null,
    due_date text not null,
    reached_at text,
    created_at text not null
);

create table dependencies (
    id integer primary key,
    program_id bigint not null references programs (id) on delete cascade,
    consumer_team_id bigint not null references teams (id) on delete cascade,
    provider_team_id bigint not null references teams (id) on delete cascade,
    what text not null,
    need_by text not null,
    eta text,
    milestone_id bigint references milestones (id) on delete set null,
    feeds_dependency_id bigint references dependencies (id) on delete set null,
    state text not null,
    slip_days integer not null default 0,
    delivered_at text,
    created_by_person_id bigint not null references people (id),
    created_at text not null
);
create index dependencies_program on dependencies (program_id);

create table eta_changes (
    id integer primary key,
    dependency_id bigint not null references dependencies (id) on delete cascade,
    from_eta text,
    to_eta text,
    changed_by_person_id bigint not null references people (id),
    changed_at text not null
);

create table risks (
    id integer primary key,
    program_id bigint not null references programs (id) on delete cascade,
    title text not null,
    probability integer not null check (probability between 1 and 5),
    impact integer not null check (impact between 1 and 5),
    owner_person_id bigint references people (id) on delete set null,
    mitigation text,
    state text not null,
    review_date text,
    created_at text not null,
    closed_at text
);

create table decisions (
    id integer primary key,
    program_id bigint not null references programs (id) on delete cascade,
    text text not null,
    decided_by_person_id bigint not null references people (id),
    decided_at text not null
);
