using StatusBot.Core.CheckIns;
using StatusBot.Core.Teams;

namespace StatusBot.Data.Teams;

internal sealed class TeamRepository(DapperStoreSession db) : ITeamRepository
{
    public Task<Team> AddAsync(Team team, CancellationToken cancellationToken) =>
        db.QuerySingleAsync<Team>(
            """
            insert into teams (program_id, name, name_key, paused, created_at)
            values (@ProgramId, @Name, @NameKey, @Paused, @CreatedAt)
            returning id, program_id, name, paused, created_at
            """,
            new { team.ProgramId, team.Name, NameKey = NameKey.Of(team.Name), team.Paused, team.CreatedAt },
            cancellationToken);

    public Task<Team?> GetAsync(long id, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<Team>("select id, program_id, name, paused, created_at from teams where id = @id", new { id }, cancellationToken);

    public Task<IReadOnlyList<Team>> GetManyAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken) =>
        db.QueryAsync<Team>($"select id, program_id, name, paused, created_at from teams where {db.Dialect.AnyOf("id", "@ids")} order by id", new { ids = ids.ToArray() }, cancellationToken);

    public Task<Team?> FindByNameAsync(long programId, string name, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<Team>(
            "select id, program_id, name, paused, created_at from teams where program_id = @programId and name_key = @nameKey",
            new { programId, nameKey = NameKey.Of(name) },
            cancellationToken);

    public Task<IReadOnlyList<Team>> ListAsync(long programId, CancellationToken cancellationToken) =>
        db.QueryAsync<Team>(
            "select id, program_id, name, paused, created_at from teams where program_id = @programId order by name_key",
            new { programId },
            cancellationToken);

    public Task UpdateAsync(Team team, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "update teams set name = @Name, name_key = @NameKey, paused = @Paused where id = @Id",
            new { team.Id, team.Name, NameKey = NameKey.Of(team.Name), team.Paused },
            cancellationToken);

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken) =>
        await db.ExecuteAsync("delete from teams where id = @id", new { id }, cancellationToken) > 0;

    public async Task<TeamHistory> GetHistoryAsync(long id, CancellationToken cancellationToken)
    {
        var counts = await db.QuerySingleAsync<TeamHistory>(
            """
            select (select count(*) from checkin_cycles where team_id = @id) as weeks,
                   (select count(*) from answers a join checkin_cycles c on c.id = a.cycle_id where c.team_id = @id) as answers,
                   (select count(*) from blockers where team_id = @id) as blockers
            """,
            new { id },
            cancellationToken);
        var dependencies = await db.QueryAsync<long>(
            "select id from dependencies where consumer_team_id = @id or provider_team_id = @id order by id",
            new { id },
            cancellationToken);
        return counts with { DependencyIds = dependencies };
    }

    public Task AddMemberAsync(TeamMembership membership, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            insert into team_members (team_id, person_id, is_lead, joined_at) values (@TeamId, @PersonId, @IsLead, @JoinedAt)
            on conflict (team_id, person_id) do update set is_lead = excluded.is_lead
            """,
            membership,
            cancellationToken);

    public async Task<bool> RemoveMemberAsync(long teamId, long personId, CancellationToken cancellationToken) =>
        await db.ExecuteAsync("delete from team_members where team_id = @teamId and person_id = @personId", new { teamId, personId }, cancellationToken) > 0;

    public Task<IReadOnlyList<TeamMembership>> ListMembersAsync(long teamId, CancellationToken cancellationToken) =>
        db.QueryAsync<TeamMembership>("select * from team_members where team_id = @teamId order by person_id", new { teamId }, cancellationToken);

    public Task<IReadOnlyList<TeamMembership>> ListMembershipsOfAsync(long personId, CancellationToken cancellationToken) =>
        db.QueryAsync<TeamMembership>("select * from team_members where person_id = @personId order by team_id", new { personId }, cancellationToken);

    public Task SetScheduleAsync(CheckInSchedule schedule, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            insert into checkin_schedules (team_id, day, local_time, time_zone, window_minutes, reminder_minutes_before_close, updated_at)
            values (@TeamId, @Day, @LocalTime, @TimeZone, @WindowMinutes, @ReminderMinutesBeforeClose, @UpdatedAt)
            on conflict (team_id) do update set day = excluded.day, local_time = excluded.local_time,
                time_zone = excluded.time_zone, window_minutes = excluded.window_minutes,
                reminder_minutes_before_close = excluded.reminder_minutes_before_close, updated_at = excluded.updated_at
            """,
            new
            {
                schedule.TeamId,
                Day = (int)schedule.Day,
                schedule.LocalTime,
                schedule.TimeZone,
                schedule.WindowMinutes,
                schedule.ReminderMinutesBeforeClose,
                schedule.UpdatedAt,
            },
            cancellationToken);

    public Task<CheckInSchedule?> GetScheduleAsync(long teamId, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<CheckInSchedule>("select * from checkin_schedules where team_id = @teamId", new { teamId }, cancellationToken);

    public Task AddSkippedWeekAsync(SkippedWeek week, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            insert into skipped_weeks (team_id, week_of, reason) values (@TeamId, @WeekOf, @Reason)
            on conflict (team_id, week_of) do update set reason = excluded.reason
            """,
            week,
            cancellationToken);

    public Task<IReadOnlyList<SkippedWeek>> ListSkippedWeeksAsync(long teamId, CancellationToken cancellationToken) =>
        db.QueryAsync<SkippedWeek>("select * from skipped_weeks where team_id = @teamId order by week_of", new { teamId }, cancellationToken);

    public Task<IReadOnlyList<SkippedWeek>> ListSkippedWeeksAsync(IReadOnlyCollection<long> teamIds, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        db.QueryAsync<SkippedWeek>(
            $"select * from skipped_weeks where {db.Dialect.AnyOf("team_id", "@teamIds")} and week_of >= @from and week_of <= @to order by team_id, week_of",
            new { teamIds = teamIds.ToArray(), from, to },
            cancellationToken);
}
