using StatusBot.Core.CheckIns;
using StatusBot.Core.People;
using StatusBot.Core.Storage;

namespace StatusBot.Data.CheckIns;

internal sealed class CheckInRepository(DapperStoreSession db) : ICheckInRepository
{
    public async Task<(CheckInCycle Cycle, bool Created)> OpenCycleAsync(CheckInCycle cycle, CancellationToken cancellationToken)
    {
        // "do nothing" returns no row when (team, week) exists: that is how a second opener learns it lost.
        var created = await db.QuerySingleOrDefaultAsync<CheckInCycle>(
            """
            insert into checkin_cycles (team_id, week_of, opens_at, remind_at, closes_at, state, closed_at)
            values (@TeamId, @WeekOf, @OpensAt, @RemindAt, @ClosesAt, @State, @ClosedAt)
            on conflict (team_id, week_of) do nothing
            returning *
            """,
            new { cycle.TeamId, cycle.WeekOf, cycle.OpensAt, cycle.RemindAt, cycle.ClosesAt, State = cycle.State.ToString(), cycle.ClosedAt },
            cancellationToken);
        if (created is not null)
        {
            return (created, true);
        }

        var existing = await FindCycleAsync(cycle.TeamId, cycle.WeekOf, cancellationToken)
            ?? throw new InvalidOperationException($"Cycle for team {cycle.TeamId} week {cycle.WeekOf} vanished while opening");
        return (existing, false);
    }

    public async Task<IReadOnlyList<CheckInCycle>> OpenCyclesAsync(IReadOnlyList<CheckInCycle> cycles, CancellationToken cancellationToken)
    {
        if (cycles.Count == 0)
        {
            return [];
        }

        // One statement for the batch; a (team, week) that exists already is skipped, which is how a second opener learns it lost.
        var inserted = await db.InsertManyAsync(
            "checkin_cycles",
            [BulkColumn.BigInt("team_id"), BulkColumn.Date("week_of"), BulkColumn.Instant("opens_at"), BulkColumn.Instant("remind_at"), BulkColumn.Instant("closes_at"), BulkColumn.Text("state")],
            "on conflict (team_id, week_of) do nothing",
            cycles.Select(c => new object?[] { c.TeamId, c.WeekOf, c.OpensAt, c.RemindAt, c.ClosesAt, c.State.ToString() }).ToList(),
            keyColumn: 0,
            cancellationToken);
        var created = cycles.Where((_, i) => inserted[i]).ToList();
        if (created.Count == 0)
        {
            return [];
        }

        var wanted = created.Select(c => (c.TeamId, c.WeekOf)).ToHashSet();
        var stored = await ListCyclesAsync(created.Select(c => c.TeamId).ToArray(), created.Min(c => c.WeekOf), created.Max(c => c.WeekOf), cancellationToken);
        return stored.Where(c => wanted.Contains((c.TeamId, c.WeekOf))).ToList();
    }

    public Task<IReadOnlyList<CheckInCycle>> ListCyclesAsync(IReadOnlyCollection<long> teamIds, DateOnly fromWeek, DateOnly toWeek, CancellationToken cancellationToken) =>
        db.QueryAsync<CheckInCycle>(
            $"select * from checkin_cycles where {db.Dialect.AnyOf("team_id", "@teamIds")} and week_of >= @fromWeek and week_of <= @toWeek",
            new { teamIds = teamIds.ToArray(), fromWeek, toWeek },
            cancellationToken);

    public Task<CheckInCycle?> GetCycleAsync(long id, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<CheckInCycle>("select * from checkin_cycles where id = @id", new { id }, cancellationToken);

    public Task<CheckInCycle?> FindCycleAsync(long teamId, DateOnly weekOf, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<CheckInCycle>(
            "select * from checkin_cycles where team_id = @teamId and week_of = @weekOf", new { teamId, weekOf }, cancellationToken);

    public Task<IReadOnlyList<CheckInCycle>> ListCyclesAsync(long teamId, CancellationToken cancellationToken) =>
        db.QueryAsync<CheckInCycle>("select * from checkin_cycles where team_id = @teamId order by week_of", new { teamId }, cancellationToken);

    public async Task<bool> CloseCycleAsync(long cycleId, DateTimeOffset closedAt, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            "update checkin_cycles set state = @closed, closed_at = @closedAt where id = @cycleId and state = @open",
            new { cycleId, closedAt, closed = nameof(CycleState.Closed), open = nameof(CycleState.Open) },
            cancellationToken) > 0;

    public Task AddCycleMembersAsync(long cycleId, IReadOnlyCollection<long> personIds, CancellationToken cancellationToken) =>
        db.ExecuteEachAsync(
            "insert into cycle_members (cycle_id, person_id) values (@p0, @p1) on conflict do nothing",
            personIds.Select(personId => new object?[] { cycleId, personId }).ToList(),
            cancellationToken);

    public Task<IReadOnlyList<Person>> ListAskableMembersAsync(long teamId, DateOnly day, CancellationToken cancellationToken) =>
        db.QueryAsync<Person>(
            """
            select p.* from team_members m
            join people p on p.id = m.person_id
            where m.team_id = @teamId and p.active = @active
              and not exists (select 1 from leave_periods l where l.person_id = p.id and l.first_day <= @day and l.last_day >= @day)
            order by p.id
            """,
            new { teamId, day, active = true },
            cancellationToken);

    public async Task<IReadOnlyDictionary<long, IReadOnlyList<Person>>> ListAskableMembersAsync(IReadOnlyDictionary<long, DateOnly> dayOfTeam, CancellationToken cancellationToken)
    {
        if (dayOfTeam.Count == 0)
        {
            return new Dictionary<long, IReadOnlyList<Person>>();
        }

        var teamIds = dayOfTeam.Keys.ToArray();
        // Two reads for the whole batch: each team's active members with their people rows, and those people's leave
        // periods touching any of the days; each team's own day is applied here.
        // Ten thousand rows on a Monday: typed reads on SQLite (columns in the select's order).
        var rows = await db.QueryManyAsync(
            $"""
            select m.team_id, p.id, p.workspace_id, p.identity, p.display_name, p.time_zone, p.is_admin, p.active, p.created_at
            from team_members m
            join people p on p.id = m.person_id
            where {db.Dialect.AnyOf("m.team_id", "@teamIds")} and p.active = @active
            order by m.team_id, p.id
            """,
            [("teamIds", teamIds), ("active", true)],
            row => new AskableRow
            {
                TeamId = row.Int64(0),
                Id = row.Int64(1),
                WorkspaceId = row.Text(2),
                Identity = row.Text(3),
                DisplayName = row.Text(4),
                TimeZone = row.Text(5),
                IsAdmin = row.Bool(6),
                Active = row.Bool(7),
                CreatedAt = row.Instant(8),
            },
            cancellationToken);
        var away = (await db.QueryAsync<LeaveDays>(
            $"""
            select l.person_id, l.first_day, l.last_day from leave_periods l
            where l.first_day <= @to and l.last_day >= @from
              and l.person_id in (select m.person_id from team_members m where {db.Dialect.AnyOf("m.team_id", "@teamIds")})
            """,
            new { teamIds, from = dayOfTeam.Values.Min(), to = dayOfTeam.Values.Max() },
            cancellationToken))
            .ToLookup(l => l.PersonId);
        var members = dayOfTeam.Keys.ToDictionary(id => id, _ => new List<Person>());
        foreach (var row in rows)
        {
            var day = dayOfTeam[row.TeamId];
            if (!away[row.Id].Any(l => l.FirstDay <= day && l.LastDay >= day))
            {
                members[row.TeamId].Add(row.ToPerson());
            }
        }

        return members.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<Person>)pair.Value);
    }

    public Task<int> AddPromptedMembersAsync(IReadOnlyList<(long CycleId, long PersonId)> members, DateTimeOffset promptedAt, CancellationToken cancellationToken)
    {
        object at = promptedAt; // boxed once for the thousands of rows
        return db.CopyManyAsync(
            "cycle_members",
            [BulkColumn.BigInt("cycle_id"), BulkColumn.BigInt("person_id"), BulkColumn.Instant("prompted_at")],
            members.Select(m => new object?[] { m.CycleId, m.PersonId, at }).ToList(),
            cancellationToken);
    }

    public async Task<bool> IsCycleMemberAsync(long cycleId, long personId, CancellationToken cancellationToken) =>
        await db.QuerySingleOrDefaultAsync<long?>(
            "select person_id from cycle_members where cycle_id = @cycleId and person_id = @personId", new { cycleId, personId }, cancellationToken) is not null;

    public Task<IReadOnlyList<CycleMember>> ListCycleMembersAsync(long cycleId, CancellationToken cancellationToken) =>
        db.QueryAsync<CycleMember>("select * from cycle_members where cycle_id = @cycleId order by person_id", new { cycleId }, cancellationToken);

    public async Task<Answer> SaveAnswerAsync(Answer answer, CancellationToken cancellationToken) =>
        await SaveAnswerAsync(answer, await GetAnswerAsync(answer.CycleId, answer.PersonId, cancellationToken), cancellationToken);

    public async Task<Answer> SaveAnswerAsync(Answer answer, Answer? current, CancellationToken cancellationToken)
    {
        if (current is null)
        {
            // Two first answers at once: the second waits for the first's commit and inserts nothing; its unit of work
            // runs again and becomes an edit of the first.
            return await db.QuerySingleOrDefaultAsync<Answer>(
                """
                insert into answers (cycle_id, person_id, status, progress, next, note, submitted_at, edited_at, is_late, revision)
                values (@CycleId, @PersonId, @Status, @Progress, @Next, @Note, @SubmittedAt, null, @IsLate, 1)
                on conflict (cycle_id, person_id) do nothing
                returning *
                """,
                Parameters(answer),
                cancellationToken)
                ?? throw new ConcurrencyConflictException($"An answer of person {answer.PersonId} to cycle {answer.CycleId} was stored meanwhile.");
        }

        // An edit keeps the first submission time and records when it was edited. The update comes first and is
        // conditional on the revision read: of two concurrent edits the second waits for the first's row lock, finds the
        // revision moved on and runs again on fresh reads, so each edit lands as its own revision, in commit order.
        var saved = await db.QuerySingleOrDefaultAsync<Answer>(
            """
            update answers set status = @Status, progress = @Progress, next = @Next, note = @Note,
                edited_at = @SubmittedAt, is_late = @IsLate, revision = revision + 1
            where id = @Id and revision = @Revision
            returning *
            """,
            Parameters(answer with { Id = current.Id, Revision = current.Revision }),
            cancellationToken)
            ?? throw new ConcurrencyConflictException($"Answer {current.Id} was edited meanwhile (revision {current.Revision}).");

        await db.ExecuteAsync(
            """
            insert into answer_revisions (answer_id, revision, status, progress, next, note, submitted_at, edited_at, is_late)
            values (@Id, @Revision, @Status, @Progress, @Next, @Note, @SubmittedAt, @EditedAt, @IsLate)
            """,
            Parameters(current),
            cancellationToken);
        return saved;
    }

    public Task<Answer?> GetAnswerAsync(long cycleId, long personId, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<Answer>(
            "select * from answers where cycle_id = @cycleId and person_id = @personId", new { cycleId, personId }, cancellationToken);

    public Task<IReadOnlyList<Answer>> ListAnswersAsync(long cycleId, CancellationToken cancellationToken) =>
        db.QueryAsync<Answer>("select * from answers where cycle_id = @cycleId order by person_id", new { cycleId }, cancellationToken);

    public async Task<IReadOnlyList<CheckInStatus>> ListAnswerStatusesAsync(long cycleId, CancellationToken cancellationToken) =>
        (await db.QueryAsync<string>(
            """
            select s.status from (select @onTrack as status union all select @atRisk union all select @offTrack) s
            where exists (select 1 from answers a where a.cycle_id = @cycleId and a.status = s.status)
            """,
            new { cycleId, onTrack = nameof(CheckInStatus.OnTrack), atRisk = nameof(CheckInStatus.AtRisk), offTrack = nameof(CheckInStatus.OffTrack) },
            cancellationToken))
        .Select(Enum.Parse<CheckInStatus>)
        .ToList();

    public async Task<IReadOnlyList<Answer>> ListAnswerRevisionsAsync(long cycleId, long personId, CancellationToken cancellationToken)
    {
        var current = await GetAnswerAsync(cycleId, personId, cancellationToken);
        if (current is null)
        {
            return [];
        }

        var earlier = await db.QueryAsync<Answer>(
            """
            select answer_id as id, @cycleId as cycle_id, @personId as person_id, revision, status, progress, next, note,
                   submitted_at, edited_at, is_late
            from answer_revisions where answer_id = @answerId order by revision
            """,
            new { cycleId, personId, answerId = current.Id },
            cancellationToken);
        return [.. earlier, current];
    }

    public async Task<bool> MarkPromptedAsync(long cycleId, long personId, DateTimeOffset at, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            "update cycle_members set prompted_at = @at where cycle_id = @cycleId and person_id = @personId and prompted_at is null",
            new { cycleId, personId, at },
            cancellationToken) > 0;

    public async Task<IReadOnlySet<long>> MarkPromptedAsync(long cycleId, IReadOnlyCollection<long> personIds, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var ids = personIds.ToList();
        var affected = await db.ExecuteEachAsync(
            "update cycle_members set prompted_at = @p2 where cycle_id = @p0 and person_id = @p1 and prompted_at is null",
            ids.Select(personId => new object?[] { cycleId, personId, at }).ToList(),
            cancellationToken);
        return ids.Where((_, index) => affected[index] > 0).ToHashSet();
    }

    public async Task<bool> MarkRemindedAsync(long cycleId, long personId, DateTimeOffset at, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            "update cycle_members set reminded_at = @at where cycle_id = @cycleId and person_id = @personId and reminded_at is null",
            new { cycleId, personId, at },
            cancellationToken) > 0;

    public Task<IReadOnlyList<CycleMember>> ListUnansweredMembersAsync(long cycleId, CancellationToken cancellationToken) =>
        db.QueryAsync<CycleMember>(
            """
            select m.* from cycle_members m
            where m.cycle_id = @cycleId
              and not exists (select 1 from answers a where a.cycle_id = m.cycle_id and a.person_id = m.person_id)
            order by m.person_id
            """,
            new { cycleId },
            cancellationToken);

    public Task<IReadOnlyList<CheckInCycle>> ListOpenCyclesAsync(CancellationToken cancellationToken) =>
        db.QueryAsync<CheckInCycle>(
            "select * from checkin_cycles where state = @open order by closes_at, id", new { open = nameof(CycleState.Open) }, cancellationToken);

    public Task<CheckInCycle?> FindLatestCycleAsync(long teamId, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<CheckInCycle>(
            "select * from checkin_cycles where team_id = @teamId order by week_of desc limit 1", new { teamId }, cancellationToken);

    public Task<IReadOnlyList<CheckInSchedule>> ListSchedulesAsync(CancellationToken cancellationToken) =>
        db.QueryAsync<CheckInSchedule>("select * from checkin_schedules order by team_id", null, cancellationToken);

    public Task<IReadOnlyList<long>> ListProgramsWithDigestSlotAsync(CancellationToken cancellationToken) =>
        db.QueryAsync<long>("select id from programs where digest_day is not null order by id", null, cancellationToken);

    private static object Parameters(Answer answer) => new
    {
        answer.Id,
        answer.CycleId,
        answer.PersonId,
        Status = answer.Status.ToString(),
        answer.Progress,
        answer.Next,
        answer.Note,
        answer.SubmittedAt,
        answer.EditedAt,
        answer.IsLate,
        answer.Revision,
    };

    /// <summary>A team's member with their people row (<see cref="ListAskableMembersAsync(IReadOnlyDictionary{long, DateOnly}, CancellationToken)"/>).</summary>
    private sealed class AskableRow
    {
        public long TeamId { get; init; }
        public long Id { get; init; }
        public required string WorkspaceId { get; init; }
        public required string Identity { get; init; }
        public required string DisplayName { get; init; }
        public required string TimeZone { get; init; }
        public bool IsAdmin { get; init; }
        public bool Active { get; init; }
        public DateTimeOffset CreatedAt { get; init; }

        public Person ToPerson() => new()
        {
            Id = Id,
            WorkspaceId = WorkspaceId,
            Identity = Identity,
            DisplayName = DisplayName,
            TimeZone = TimeZone,
            IsAdmin = IsAdmin,
            Active = Active,
            CreatedAt = CreatedAt,
        };
    }

    private sealed class LeaveDays
    {
        public long PersonId { get; init; }
        public DateOnly FirstDay { get; init; }
        public DateOnly LastDay { get; init; }
    }
}
