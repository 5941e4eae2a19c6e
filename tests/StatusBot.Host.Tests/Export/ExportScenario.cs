using System.Globalization;
using StatusBot.Host.Tests.Digests;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Export;

/// <summary>
/// Two weeks of a small program built from commands and answers on a fake clock: two teams in two zones, a dependency
/// whose ETA moves twice, a milestone that moves, a risk, two decisions (one that a spreadsheet would read as a formula), a
/// blocker raised in week 1 and resolved in week 2, each week closed and its digest published to #leadership.
/// </summary>
public sealed record ExportScenario(long ProgramId, long Dependency, long Milestone, long Blocker)
{
    /// <summary>Monday 2026-11-23, before the 09:00 check-ins.</summary>
    public static readonly DateTimeOffset Week1 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    public static async Task<ExportScenario> BuildAsync(ProgramWorld world)
    {
        await world.OkAsync("tina", "program create Apollo");
        await world.OkAsync("tina", "program channel Apollo #leadership");
        await world.OkAsync("tina", "team add Payments to Apollo");
        await world.OkAsync("tina", "team add Ledger to Apollo");
        await world.OkAsync("tina", "team members Payments @paula @pete");
        await world.OkAsync("tina", "team members Ledger @leo");
        await world.OkAsync("tina", "team schedule Payments monday 09:00 Europe/Berlin window 48h remind 4h");
        await world.OkAsync("tina", "team schedule Ledger monday 09:00 America/New_York window 48h remind 4h");
        var beta = Id(await world.OkAsync("tina", "milestone add \"Beta\" 2026-12-18 in Apollo"));
        var dependency = Id(await world.OkAsync("tina", "dep add Payments needs \"Ledger export API\" from Ledger by 2026-12-11 for Beta"));
        await world.OkAsync("tina", "risk add \"PCI audit finds gaps\" p3 i4 owner @paula mitigation \"Pre-audit, with Security\" in Apollo");
        await world.OkAsync("tina", "decision \"Ship lite refunds, no offline mode\" Apollo");

        // Week 1.
        world.Time.Advance(TimeSpan.FromHours(2));
        await world.OkAsync("tina", "checkin start Apollo");
        await world.AnswerAsync("paula", "on track\nprogress: API skeleton\nblockers: Waiting on PCI review");
        await world.AnswerAsync("pete", "at risk\nprogress: tests flaky");
        await world.AnswerAsync("leo", $"on track\nprogress: export schema agreed\ndep {dependency} eta 2026-12-10");
        var programId = (await world.ReadAsync(s => s.Programs.FindByNameAsync("playground", "Apollo", default)))!.Id;
        var blocker = (await world.ReadAsync(s => s.History.ListOpenBlockersAsync(programId, default))).Single().Id;
        world.Time.Advance(TimeSpan.FromDays(2));
        await world.CloseOpenCyclesAsync(programId);
        await world.OkAsync("tina", "digest post Apollo");

        // Week 2: the blocker is resolved, Ledger moves its ETA past need-by, Beta moves.
        world.Time.Advance(TimeSpan.FromDays(5));
        await world.OkAsync("tina", "checkin start Apollo");
        await world.AnswerAsync("paula", $"at risk\nprogress: refunds wait on the export\nresolved: {blocker}");
        await world.AnswerAsync("leo", $"off track\nprogress: export fails at volume\ndep {dependency} eta 2026-12-21");
        await world.OkAsync("tina", $"milestone date {beta} 2027-01-08");
        await world.OkAsync("tina", "decision \"+1 engineer for Ledger\" Apollo");
        world.Time.Advance(TimeSpan.FromDays(2));
        await world.CloseOpenCyclesAsync(programId);
        await world.OkAsync("tina", "digest post Apollo");
        return new ExportScenario(programId, dependency, beta, blocker);
    }

    /// <summary>The first <c>#n</c> of a reply.</summary>
    private static long Id(string reply)
    {
        var at = reply.IndexOf('#', StringComparison.Ordinal) + 1;
        var end = at;
        while (end < reply.Length && char.IsAsciiDigit(reply[end]))
        {
            end++;
        }

        return long.Parse(reply[at..end], CultureInfo.InvariantCulture);
    }
}
