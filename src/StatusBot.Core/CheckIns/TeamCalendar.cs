using StatusBot.Core.Storage;

namespace StatusBot.Core.CheckIns;

/// <summary>
/// The calendars of a program's teams: each team's days and check-in weeks are those of its schedule's zone, so "today"
/// for a slip rule, the week a blocker was raised in and "this week" are the team's own, never UTC's. A team without a
/// schedule uses the program's zone: the digest slot's zone, else the zone most teams use, else UTC.
/// </summary>
public sealed class TeamCalendar
{
    private readonly Dictionary<long, TimeZoneInfo> _zones;

    private TeamCalendar(Dictionary<long, TimeZoneInfo> zones, TimeZoneInfo programZone)
    {
        _zones = zones;
        ProgramZone = programZone;
    }

    /// <summary>The zone of program-wide dates (risk reviews, the dashboard's week) and of the digest's "as of" fallback text.</summary>
    public TimeZoneInfo ProgramZone { get; }

    /// <summary>One program-wide read of the teams' zones.</summary>
    public static Task<TeamCalendar> LoadAsync(IStoreSession session, long programId, CancellationToken cancellationToken) =>
        LoadAsync(session, programId, null, cancellationToken);

    /// <summary>As <see cref="LoadAsync(IStoreSession, long, CancellationToken)"/>, with the program already read by the caller (one read less).</summary>
    public static async Task<TeamCalendar> LoadAsync(IStoreSession session, Programs.Program program, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(program);
        return await LoadAsync(session, program.Id, program, cancellationToken);
    }

    private static async Task<TeamCalendar> LoadAsync(IStoreSession session, long programId, Programs.Program? program, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var zones = new Dictionary<long, TimeZoneInfo>();
        foreach (var team in await session.History.ListTeamZonesAsync(programId, cancellationToken))
        {
            if (TimeZones.TryResolve(team.TimeZone, out var zone, out _))
            {
                zones[team.TeamId] = zone;
            }
        }

        var slot = (program ?? await session.Programs.GetAsync(programId, cancellationToken))?.DigestSlot;
        var programZone = slot is not null && TimeZones.TryResolve(slot.TimeZone, out var slotZone, out _)
            ? slotZone
            : zones.Values.GroupBy(z => z.Id).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).FirstOrDefault()?.First()
              ?? TimeZoneInfo.Utc;
        return new TeamCalendar(zones, programZone);
    }

    /// <summary>One team's zone in two small reads (its schedule, else its program's digest slot, else UTC): for per-team work.</summary>
    public static async Task<string> ZoneIdOfTeamAsync(IStoreSession session, Teams.Team team, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(team);
        if (await session.Teams.GetScheduleAsync(team.Id, cancellationToken) is { } schedule && TimeZones.TryResolve(schedule.TimeZone, out _, out _))
        {
            return schedule.TimeZone;
        }

        var slot = (await session.Programs.GetAsync(team.ProgramId, cancellationToken))?.DigestSlot;
        return slot is not null && TimeZones.TryResolve(slot.TimeZone, out _, out _) ? slot.TimeZone : "UTC";
    }

    /// <summary>A calendar with the given zones, for pure rules and tests.</summary>
    public static TeamCalendar Of(IReadOnlyDictionary<long, TimeZoneInfo> zones, TimeZoneInfo programZone) =>
        new(new Dictionary<long, TimeZoneInfo>(zones), programZone);

    public TimeZoneInfo ZoneOf(long teamId) => _zones.GetValueOrDefault(teamId, ProgramZone);

    /// <summary>The team's local date at <paramref name="now"/>.</summary>
    public DateOnly Today(long teamId, DateTimeOffset now) => DateOf(ZoneOf(teamId), now);

    /// <summary>The Monday of the team's local week that holds <paramref name="instant"/> (how its cycles are keyed).</summary>
    public DateOnly WeekOf(long teamId, DateTimeOffset instant) => CheckInClock.WeekOf(ZoneOf(teamId), instant);

    /// <summary>The program's local date at <paramref name="now"/>.</summary>
    public DateOnly ProgramToday(DateTimeOffset now) => DateOf(ProgramZone, now);

    public static DateOnly DateOf(TimeZoneInfo zone, DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
}
