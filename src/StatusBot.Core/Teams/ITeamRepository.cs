namespace StatusBot.Core.Teams;

public interface ITeamRepository
{
    /// <summary>Inserts a team; names are unique per program, case-insensitively.</summary>
    Task<Team> AddAsync(Team team, CancellationToken cancellationToken);

    Task<Team?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>The listed teams that exist, in one read.</summary>
    Task<IReadOnlyList<Team>> GetManyAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken);
    Task<Team?> FindByNameAsync(long programId, string name, CancellationToken cancellationToken);
    Task<IReadOnlyList<Team>> ListAsync(long programId, CancellationToken cancellationToken);

    /// <summary>Updates name and paused flag.</summary>
    Task UpdateAsync(Team team, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the team with its memberships, schedule and skipped weeks, and with its history (see
    /// <see cref="GetHistoryAsync"/>): check-in cycles and answers, blockers, and the dependencies it provides or consumes.
    /// </summary>
    Task<bool> DeleteAsync(long id, CancellationToken cancellationToken);

    /// <summary>What <see cref="DeleteAsync"/> would delete besides the team's set-up, in one read.</summary>
    Task<TeamHistory> GetHistoryAsync(long id, CancellationToken cancellationToken);

    /// <summary>Adds a member, or updates the lead flag of an existing one.</summary>
    Task AddMemberAsync(TeamMembership membership, CancellationToken cancellationToken);

    Task<bool> RemoveMemberAsync(long teamId, long personId, CancellationToken cancellationToken);
    Task<IReadOnlyList<TeamMembership>> ListMembersAsync(long teamId, CancellationToken cancellationToken);
    Task<IReadOnlyList<TeamMembership>> ListMembershipsOfAsync(long personId, CancellationToken cancellationToken);

    /// <summary>Creates or replaces the team's weekly check-in schedule.</summary>
    Task SetScheduleAsync(CheckIns.CheckInSchedule schedule, CancellationToken cancellationToken);

    Task<CheckIns.CheckInSchedule?> GetScheduleAsync(long teamId, CancellationToken cancellationToken);

    Task AddSkippedWeekAsync(SkippedWeek week, CancellationToken cancellationToken);
    Task<IReadOnlyList<SkippedWeek>> ListSkippedWeeksAsync(long teamId, CancellationToken cancellationToken);

    /// <summary>The skipped weeks of the listed teams between two weeks (inclusive), in one read.</summary>
    Task<IReadOnlyList<SkippedWeek>> ListSkippedWeeksAsync(IReadOnlyCollection<long> teamIds, DateOnly from, DateOnly to, CancellationToken cancellationToken);
}
