using StatusBot.Core.CheckIns;
using StatusBot.Core.Programs;
using StatusBot.Core.Teams;

namespace StatusBot.Core.Commands.Verbs;

/// <summary>
/// "Today" for a date that belongs to a team or a program ("dates in the team's"): a need-by date passes at the consumer
/// team's midnight and an ETA at the provider's, a milestone's date at the program's, whatever the caller's own zone.
/// </summary>
internal static class LocalToday
{
    public static async Task<DateOnly> OfTeamAsync(CommandContext context, Team team) =>
        TeamCalendar.DateOf(await ZoneOfAsync(context, team), context.Now);

    public static async Task<DateOnly> OfProgramAsync(CommandContext context, Program program) =>
        (await TeamCalendar.LoadAsync(context.Session, program, context.CancellationToken)).ProgramToday(context.Now);

    /// <summary>The Monday of the team's current week (how its check-in weeks are keyed).</summary>
    public static async Task<DateOnly> WeekOfTeamAsync(CommandContext context, Team team) =>
        CheckInClock.WeekOf(await ZoneOfAsync(context, team), context.Now);

    private static async Task<TimeZoneInfo> ZoneOfAsync(CommandContext context, Team team) =>
        TimeZones.Resolve(await TeamCalendar.ZoneIdOfTeamAsync(context.Session, team, context.CancellationToken));
}
