using StatusBot.Core.Blockers;
using StatusBot.Core.Programs;
using StatusBot.Core.Teams;

namespace StatusBot.Data.Programs;

internal sealed class ProgramHistoryRepository(DapperStoreSession db) : IProgramHistoryRepository
{
    private const string AnswerColumns =
        "c.team_id, c.week_of, a.cycle_id, a.person_id, a.status, a.is_late";

    public Task<IReadOnlyList<long>> ListProgramIdsAsync(CancellationToken cancellationToken) =>
        db.QueryAsync<long>("select id from programs order by id", null, cancellationToken);

    public Task<IReadOnlyList<TeamZone>> ListTeamZonesAsync(long programId, CancellationToken cancellationToken) =>
        db.QueryAsync<TeamZone>(
            """
            select s.team_id, s.time_zone from checkin_schedules s join teams t on t.id = s.team_id
            where t.program_id = @programId
            order by s.team_id
            """,
            new { programId },
            cancellationToken);

    public Task<IReadOnlyList<TeamWeek>> ListCycleWeeksAsync(long programId, DateOnly fromWeek, DateOnly toWeek, CancellationToken cancellationToken) =>
        db.QueryAsync<TeamWeek>(
            """
            select c.team_id, c.week_of from checkin_cycles c join teams t on t.id = c.team_id
            where t.program_id = @programId and c.week_of >= @fromWeek and c.week_of <= @toWeek
            order by c.week_of, c.team_id
            """,
            new { programId, fromWeek, toWeek },
            cancellationToken);

    public Task<IReadOnlyList<TeamAnswer>> ListAnswersAsync(long programId, DateOnly fromWeek, DateOnly toWeek, CancellationToken cancellationToken) =>
        db.QueryAsync<TeamAnswer>(
            $"""
            select {AnswerColumns}
            from answers a join checkin_cycles c on c.id = a.cycle_id join teams t on t.id = c.team_id
            where t.program_id = @programId and c.week_of >= @fromWeek and c.week_of <= @toWeek
            order by c.week_of, c.team_id, a.person_id
            """,
            new { programId, fromWeek, toWeek },
            cancellationToken);

    public Task<IReadOnlyList<TeamStatusCount>> ListStatusCountsAsync(long programId, DateOnly fromWeek, DateOnly toWeek, CancellationToken cancellationToken) =>
        db.QueryAsync<TeamStatusCount>(
            """
            select c.team_id, c.week_of, a.status, count(*) as answers
            from answers a join checkin_cycles c on c.id = a.cycle_id join teams t on t.id = c.team_id
            where t.program_id = @programId and c.week_of >= @fromWeek and c.week_of <= @toWeek
            group by c.team_id, c.week_of, a.status
            order by c.week_of, c.team_id, a.status
            """,
            new { programId, fromWeek, toWeek },
            cancellationToken);

    public Task<IReadOnlyList<TeamAskedCount>> ListAskedCountsAsync(long programId, DateOnly weekOf, CancellationToken cancellationToken) =>
        db.QueryAsync<TeamAskedCount>(
            """
            select c.team_id, count(*) as asked, count(a.person_id) as answered
            from cycle_members m join checkin_cycles c on c.id = m.cycle_id join teams t on t.id = c.team_id
            left join answers a on a.cycle_id = m.cycle_id and a.person_id = m.person_id
            where t.program_id = @programId and c.week_of = @weekOf
            group by c.team_id
            order by c.team_id
            """,
            new { programId, weekOf },
            cancellationToken);

    // Everyone the week's cycles asked is named, also after leaving the team or being forgotten (then as "former member
    // #N"): who was asked and did not answer is a recorded fact, and "?" told leadership nothing.
    public Task<IReadOnlyList<NotAnsweredMember>> ListNotAnsweredAsync(long programId, DateOnly weekOf, CancellationToken cancellationToken) =>
        db.QueryAsync<NotAnsweredMember>(
            """
            select c.team_id, m.person_id, p.identity, p.display_name
            from cycle_members m join checkin_cycles c on c.id = m.cycle_id join teams t on t.id = c.team_id
            left join people p on p.id = m.person_id
            where t.program_id = @programId and c.week_of = @weekOf
              and not exists (select 1 from answers a where a.cycle_id = m.cycle_id and a.person_id = m.person_id)
            order by c.team_id, m.person_id
            """,
            new { programId, weekOf },
            cancellationToken);

    public Task<IReadOnlyList<ProgramPerson>> ListPeopleAsync(long programId, IReadOnlyCollection<long> personIds, CancellationToken cancellationToken) =>
        ListPeopleByIdAsync(
            programId,
            personIds,
            """
            (p.id in (select m.person_id from team_members m join teams t on t.id = m.team_id where t.program_id = @programId)
             or p.id in (select r.person_id from program_roles r where r.program_id = @programId))
            """,
            cancellationToken);

    public Task<IReadOnlyList<ProgramPerson>> ListNamedPeopleAsync(long programId, IReadOnlyCollection<long> personIds, CancellationToken cancellationToken) =>
        ListPeopleByIdAsync(programId, personIds, "p.workspace_id = (select g.workspace_id from programs g where g.id = @programId)", cancellationToken);

    private async Task<IReadOnlyList<ProgramPerson>> ListPeopleByIdAsync(long programId, IReadOnlyCollection<long> personIds, string condition, CancellationToken cancellationToken)
    {
        var people = new List<ProgramPerson>();
        // The ids are numbers written into the statement (Dapper would send a list as one array parameter to PostgreSQL,
        // which `in` does not take, and as one parameter per id to SQLite); in chunks to keep each statement short.
        foreach (var chunk in personIds.Distinct().Order().Chunk(500))
        {
            var ids = string.Join(",", chunk.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            people.AddRange(await db.QueryAsync<ProgramPerson>(
                $"""
                select p.id, p.workspace_id, p.identity, p.display_name, p.active from people p
                where p.id in ({ids}) and {condition}
                order by p.id
                """,
                new { programId },
                cancellationToken));
        }

        return people;
    }

    public Task<IReadOnlyList<TeamCycleMember>> ListCycleMembersAsync(long programId, DateOnly weekOf, CancellationToken cancellationToken) =>
        db.QueryAsync<TeamCycleMember>(
            """
            select c.team_id, m.cycle_id, m.person_id
            from cycle_members m join checkin_cycles c on c.id = m.cycle_id join teams t on t.id = c.team_id
            where t.program_id = @programId and c.week_of = @weekOf
            order by c.team_id, m.person_id
            """,
            new { programId, weekOf },
            cancellationToken);

    // The latest answered week per team is computed once in a derived table; a correlated subquery per answer row
    // would rescan every team's history for each of a year's answers.
    public Task<IReadOnlyList<TeamAnswer>> ListLatestAnswersAsync(long programId, CancellationToken cancellationToken) =>
        db.QueryAsync<TeamAnswer>(
            $"""
            select {AnswerColumns}
            from (select c2.team_id, max(c2.week_of) as week_of
                  from checkin_cycles c2 join teams t2 on t2.id = c2.team_id
                  where t2.program_id = @programId and exists (select 1 from answers a2 where a2.cycle_id = c2.id)
                  group by c2.team_id) latest
            join checkin_cycles c on c.team_id = latest.team_id and c.week_of = latest.week_of
            join answers a on a.cycle_id = c.id
            order by c.team_id, a.person_id
            """,
            new { programId },
            cancellationToken);

    public Task<IReadOnlyList<Blocker>> ListOpenBlockersAsync(long programId, CancellationToken cancellationToken) =>
        db.QueryAsync<Blocker>(
            """
            select b.* from blockers b join teams t on t.id = b.team_id
            where t.program_id = @programId and b.resolved_at is null
            order by b.opened_at, b.id
            """,
            new { programId },
            cancellationToken);

    public Task<IReadOnlyList<Blocker>> ListResolvedBlockersAsync(long programId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        db.QueryAsync<Blocker>(
            """
            select b.* from blockers b join teams t on t.id = b.team_id
            where t.program_id = @programId and b.resolved_at >= @from and b.resolved_at < @to
            order by b.resolved_at, b.id
            """,
            new { programId, from, to },
            cancellationToken);

    public Task<IReadOnlyList<TeamMembership>> ListLeadsAsync(long programId, CancellationToken cancellationToken) =>
        db.QueryAsync<TeamMembership>(
            """
            select m.* from team_members m join teams t on t.id = m.team_id
            where t.program_id = @programId and m.is_lead = @lead
            order by m.team_id, m.person_id
            """,
            new { programId, lead = true },
            cancellationToken);

    public Task<IReadOnlyList<ProgramPerson>> ListPeopleAsync(long programId, CancellationToken cancellationToken) =>
        db.QueryAsync<ProgramPerson>(
            """
            select p.id, p.workspace_id, p.identity, p.display_name, p.active from people p
            where p.id in (select m.person_id from team_members m join teams t on t.id = m.team_id where t.program_id = @programId)
               or p.id in (select r.person_id from program_roles r where r.program_id = @programId)
            order by p.id
            """,
            new { programId },
            cancellationToken);
}
