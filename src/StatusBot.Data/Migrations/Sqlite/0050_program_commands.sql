-- Milestones keep the date they were first promised for; every move is kept, as for dependency ETAs.
-- (SQLite cannot add a NOT NULL column without a default; the repository always writes it.)
alter table milestones add column original_due_date text;
update milestones set original_due_date = due_date;

create table milestone_date_changes (
    id integer primary key,
    milestone_id bigint not null references milestones (id) on delete cascade,
    from_date text not null,
    to_date text not null,
    changed_by_person_id bigint not null references people (id),
    changed_at text not null
);
create index milestone_date_changes_milestone on milestone_date_changes (milestone_id);

-- "Downstream cannot start before upstream is delivered": one upstream may feed several downstream deliveries and
-- one downstream may wait on several upstream ones, so the links are rows, not a column of dependencies.
create table dependency_links (
    upstream_id bigint not null references dependencies (id) on delete cascade,
    downstream_id bigint not null references dependencies (id) on delete cascade,
    created_by_person_id bigint not null references people (id),
    created_at text not null,
    primary key (upstream_id, downstream_id),
    check (upstream_id <> downstream_id)
);
create index dependency_links_downstream on dependency_links (downstream_id);

-- The TPM's note of what is being done, shown in the digest's headline until replaced.
alter table programs add column note_text text;
alter table programs add column note_by bigint references people (id) on delete set null;
alter table programs add column note_at text;
