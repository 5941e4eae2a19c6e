using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using StatusBot.Core;
using StatusBot.Core.CheckIns;
using StatusBot.Host;

namespace StatusBot.Benchmarks.Reliability;

/// <summary>
/// The real StatusBot host (the same composition root as <c>Program.cs</c>) as a child process, for the crash and
/// multi-instance tests to SIGKILL and restart. Host settings are passed through as they are; the only extra is
/// <c>--child-week-start &lt;unix ms&gt;</c> (with <c>--child-remind-ms</c>, <c>--child-close-ms</c>), which compresses one
/// weekly slot into seconds, as <c>ExactlyOnceClusterTests</c> does in-process. Prints <c>listening &lt;url&gt;</c> once up.
/// </summary>
public static class HostChild
{
    public static async Task<int> RunAsync(string[] args)
    {
        var own = new Dictionary<string, string>(StringComparer.Ordinal);
        var hostArgs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--child-", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                own[args[i]] = args[++i];
            }
            else
            {
                hostArgs.Add(args[i]);
            }
        }

        var calendar = own.TryGetValue("--child-week-start", out var start)
            ? new OneCompressedWeek(
                DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(start, CultureInfo.InvariantCulture)),
                TimeSpan.FromMilliseconds(long.Parse(own.GetValueOrDefault("--child-remind-ms", "10000"), CultureInfo.InvariantCulture)),
                TimeSpan.FromMilliseconds(long.Parse(own.GetValueOrDefault("--child-close-ms", "20000"), CultureInfo.InvariantCulture)))
            : null;
        await using var app = StatusBotApp.Build([.. hostArgs], builder =>
        {
            if (calendar is not null)
            {
                builder.Services.RemoveAll<ICheckInCalendar>();
                builder.Services.AddSingleton<ICheckInCalendar>(calendar);
            }
        });
        await app.StartAsync();
        Console.WriteLine($"listening {app.Addresses()[0]}");
        await app.WaitForShutdownAsync();
        return 0;
    }
}

/// <summary>
/// One week whose slot opens at <c>start</c> (+100 ms per team id modulo 4, so fires interleave), reminds and closes
/// after the given offsets; nothing else is ever due. Digests follow the closes (the program's hand-off).
/// </summary>
internal sealed class OneCompressedWeek(DateTimeOffset start, TimeSpan remindAfter, TimeSpan closeAfter) : ICheckInCalendar
{
    public static readonly DateOnly Week = new(2026, 1, 5);
    private static readonly DateTimeOffset s_never = new(2100, 1, 4, 0, 0, 0, TimeSpan.Zero);

    public CheckInSlot Next(CheckInSchedule schedule, DateTimeOffset after) =>
        Slot(schedule) is var slot && slot.OpensAt > after ? slot : new CheckInSlot(Week.AddDays(7 * 1000), s_never, s_never, s_never);

    public CheckInSlot Previous(CheckInSchedule schedule, DateTimeOffset at) =>
        Slot(schedule) is var slot && slot.OpensAt <= at
            ? slot
            : new CheckInSlot(Week.AddDays(-7), start.AddDays(-7), start.AddDays(-7) + remindAfter, start.AddDays(-7) + closeAfter);

    public CheckInSlot NextDigest(WeeklySlot slot, DateTimeOffset after) => new(Week.AddDays(7 * 1000), s_never, s_never, s_never);

    private CheckInSlot Slot(CheckInSchedule schedule)
    {
        var opens = start + TimeSpan.FromMilliseconds(100 * (schedule.TeamId % 4));
        return new CheckInSlot(Week, opens, opens + remindAfter, opens + closeAfter);
    }
}
