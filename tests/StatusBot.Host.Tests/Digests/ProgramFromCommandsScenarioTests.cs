using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Digests;
using StatusBot.Core.Messages;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Digests;

/// <summary>
/// Issue 10's main scenario: a realistic program built from commands only (no seeder), through the command and
/// direct-message ports the playground and Slack use: six teams with leads, two milestones, a chain of dependencies
/// three deep, risks with mitigations; three weeks of check-ins on a fake clock in which answers raise blockers and
/// blockers are resolved (by the DM grammar <c>resolved: N</c> and by <c>blocker resolve</c>); then the root of the chain slips. Golden files pin what leadership reads in <c>status</c>, the TPM's week-3 digest and the
/// notices the leads receive, on both stores.
/// </summary>
public sealed class ProgramFromCommandsScenarioTests
{
    // Monday of week 1, before the teams' 09:00 check-ins.
    private static readonly DateTimeOffset Week1 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_program_built_from_commands_reports_its_root_slip_on_the_critical_path_with_recorded_actions_only(StoreKind store)
    {
        await using var world = await ProgramWorld.StartAsync(store, Week1, admin: "tina");

        // Setup, as the README's steps do it, by the admin Tina: program, a second TPM, a leadership viewer, a channel.
        await world.OkAsync("tina", "program create Apollo");
        await world.OkAsync("tina", "program tpm Apollo @tom");
        await world.OkAsync("tina", "program viewer Apollo @vera");
        await world.OkAsync("tina", "program channel Apollo #leadership");
        var teams = new (string Team, string[] Leads, string[] Members)[]
        {
            ("Payments", ["paula"], ["paula", "pete"]),
            ("Ledger", ["leo", "tom"], ["lara"]),
            ("Checkout", ["carl"], ["cora"]),
            ("Identity", ["ivan"], ["iris"]),
            ("Mobile", ["mia"], ["max"]),
            ("Platform", ["pia"], ["paco"]),
        };
        foreach (var (team, leads, members) in teams)
        {
            await world.OkAsync("tina", $"team add {team} to Apollo");
            Assert.Contains($"Leads of **{team}**", await world.OkAsync("tina", $"team lead {team} {string.Join(' ', leads.Select(l => "@" + l))}"), StringComparison.Ordinal);
            await world.OkAsync("tina", $"team members {team} {string.Join(' ', members.Select(m => "@" + m))}"); // Paula named again stays lead
            await world.OkAsync("tina", $"team schedule {team} monday 09:00 Europe/London window 48h remind 4h");
        }

        var beta = Id(await world.OkAsync("tina", "milestone add \"Beta\" 2026-12-18 in Apollo"));
        var ga = Id(await world.OkAsync("tina", "milestone add \"GA\" 2027-01-15 in Apollo"));
        var export = Id(await world.OkAsync("tina", "dep add Payments needs \"Ledger export API\" from Ledger by 2026-12-11"));
        var refund = Id(await world.OkAsync("tina", "dep add Checkout needs \"Refund API\" from Payments by 2026-12-14"));
        var screens = Id(await world.OkAsync("tina", "dep add Mobile needs \"Refund screens\" from Checkout by 2026-12-16 for Beta"));
        var sso = Id(await world.OkAsync("tina", $"dep add Checkout needs \"SSO tokens\" from Identity by 2026-12-09 for {beta}"));
        var push = Id(await world.OkAsync("tina", "dep add Mobile needs \"Push service\" from Platform by 2027-01-08"));
        Assert.Contains("serves milestone", await world.OkAsync("tina", $"dep for {push} GA"), StringComparison.Ordinal);
        await world.OkAsync("tina", $"dep waits {refund} on {export}");
        await world.OkAsync("tina", $"dep waits {screens} on {refund}");
        Assert.Contains($"#{screens} **Mobile** needs \"Refund screens\" from **Checkout** by 2026-12-16 · on time · for Beta · waits on #{refund}", await world.OkAsync("tina", "dep list Mobile"), StringComparison.Ordinal);
        var cycle = world.CommandAsync("tina", $"dep waits {export} on {screens}");
        Assert.Contains("Refund screens → Ledger export API → Refund API → Refund screens", ProgramWorld.Text(await cycle), StringComparison.Ordinal);
        await world.OkAsync("tina", "risk add \"PCI audit finds gaps in refund storage\" p3 i4 owner @paula mitigation \"Pre-audit with Security on 2026-12-01\" in Apollo");
        await world.OkAsync("tina", "risk add \"Holiday code freeze from 2026-12-18\" p4 i3 owner @carl mitigation \"Merge Beta work by 2026-12-16\" in Apollo");

        // Week 1: the check-ins open, the leads answer with their ETAs; Payments raises a blocker.
        world.Time.Advance(TimeSpan.FromHours(2));
        await world.OkAsync("tina", "checkin start Apollo");
        await world.AnswerAsync("leo", $"on track\nprogress: export schema agreed\nnext: build the export job\ndep {export} eta 2026-12-10");
        await world.AnswerAsync("paula", $"on track\nprogress: refund API skeleton\nblockers: Waiting on PCI review from Security\ndep {refund} eta 2026-12-14");
        await world.AnswerAsync("carl", $"on track\nprogress: refund flow design\ndep {screens} eta 2026-12-16");
        await world.AnswerAsync("ivan", $"on track\nprogress: token service deployed to staging\ndep {sso} eta 2026-12-08");
        await world.AnswerAsync("mia", "on track\nprogress: screens mocked\nblockers: Design tokens not published");
        await world.AnswerAsync("pia", $"on track\nprogress: push gateway chosen\ndep {push} eta 2027-01-05");
        world.Time.Advance(TimeSpan.FromDays(2));
        await world.CloseOpenCyclesAsync(await ProgramIdAsync(world));

        // Week 2: GA moves (its first date is kept); Checkout raises a blocker of its own.
        world.Time.Advance(TimeSpan.FromDays(5));
        await world.OkAsync("tom", "checkin start Apollo");
        Assert.Contains("first planned 2027-01-15", await world.OkAsync("tom", $"milestone date {ga} 2027-01-22"), StringComparison.Ordinal);
        await world.AnswerAsync("leo", "on track\nprogress: export job running on test data");
        await world.AnswerAsync("paula", "at risk\nprogress: refund API endpoints done, PCI review still pending");
        await world.AnswerAsync("carl", "at risk\nprogress: refund screens started\nblockers: Refund flow design not final");
        await world.AnswerAsync("ivan", "on track\nprogress: token refresh done");
        await world.AnswerAsync("mia", $"on track\nprogress: refund screens in review\nresolved: {await BlockerAsync(world, "Design tokens not published")}");
        await world.AnswerAsync("pia", "on track\nprogress: push gateway load tested\nblockers: Push certificates pending");
        world.Time.Advance(TimeSpan.FromDays(2));
        await world.CloseOpenCyclesAsync(await ProgramIdAsync(world));

        // Week 3: Identity delivers; Ledger, at the root of the chain, moves its ETA ten days past need-by.
        world.Time.Advance(TimeSpan.FromDays(5));
        await world.OkAsync("tina", "checkin start Apollo");
        await world.AnswerAsync("ivan", $"on track\nprogress: SSO tokens live\ndep {sso} done");
        await world.AnswerAsync("leo", $"off track\nprogress: export job fails at production volume\nnext: partition the export\ndep {export} eta 2026-12-21");
        await world.AnswerAsync("paula", "at risk\nprogress: refund API waits for the ledger export");
        await world.AnswerAsync("carl", "at risk\nprogress: screens wait for the refund API");
        await world.AnswerAsync("mia", "on track\nprogress: refund screens styled");
        await world.AnswerAsync("pia", $"on track\nprogress: push service in staging\nresolved: {await BlockerAsync(world, "Push certificates pending")}");
        Assert.Contains("Resolved blocker", await world.OkAsync("carl", $"blocker resolve {await BlockerAsync(world, "Refund flow design not final")} \"design signed off\""), StringComparison.Ordinal);

        // Before anyone writes what is being done, the TPM's own status reply says how to; leadership's does not.
        var milestones = await world.OkAsync("vera", "milestone list Apollo");
        Assert.Contains($"#{beta} **Beta** · due 2026-12-18 · projected 2026-12-21, **3 d late** · critical path: #{export} Ledger export API → #{refund} Refund API → #{screens} Refund screens", milestones, StringComparison.Ordinal);
        Assert.Contains($"#{ga} **GA** · due 2027-01-22 (first planned 2027-01-15) · on schedule", milestones, StringComparison.Ordinal);

        var status = await world.CommandAsync("vera", "status Apollo");
        Golden.Verify("scenario.status.json", MessageJson.Serialize(status) + "\n");
        var verdict = Assert.IsType<StatusBlock>(status.Blocks[1]);
        Assert.Equal((StatusBadge.OffTrack, "Off track"), (verdict.Status, verdict.Label));
        Assert.StartsWith("Ledger export API (Ledger → Payments) has slipped 10 d on the critical path", verdict.Text, StringComparison.Ordinal);
        Assert.Contains(status.Blocks, b => b is StatusBlock { Label: "Ledger export API" } s && s.Text.Contains("impact: Refund API +7 d, Refund screens +5 d, Beta +3 d", StringComparison.Ordinal));

        await world.OkAsync("tina", "status note Apollo \"Ledger moves two engineers onto the export; Payments builds against a stub feed until 2026-12-21\"");
        var digest = await world.CommandAsync("tina", "digest preview Apollo");
        Golden.Verify("scenario.digest-week3.json", MessageJson.Serialize(digest) + "\n");
        var text = ProgramWorld.Text(digest);
        Assert.Contains("Ledger moves two engineers onto the export", text, StringComparison.Ordinal);
        Assert.Contains("Ledger export API: Ledger gives a new ETA of 2026-12-21 (lead @{playground:tom|tom}, @{playground:leo|leo})", text, StringComparison.Ordinal);
        Assert.Contains("of Payments: \"Waiting on PCI review from Security\"", text, StringComparison.Ordinal);
        Assert.Contains("**Resolved this week:** 2 blockers", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Refund flow design not final", text, StringComparison.Ordinal); // resolved: no longer escalated
        Assert.DoesNotContain("following up", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(DigestRenderer.NothingRecordedText, text, StringComparison.Ordinal);

        // The notices: every dependency state change, to the provider's and consumer's leads and the TPMs, once each.
        var notices = await NoticesAsync(world);
        Golden.Verify("scenario.notices.txt", notices.Text);
        var slip = notices.Rows.Where(n => n.DependencyId == export && n.State == DependencyState.Slipped).Select(n => n.To).ToList();
        Assert.Equal(["leo", "paula", "tina", "tom"], slip.Order());
        var delivered = notices.Rows.Where(n => n.DependencyId == sso && n.State == DependencyState.Delivered).Select(n => n.To).ToList();
        Assert.Equal(["carl", "ivan", "tina", "tom"], delivered.Order());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task With_nothing_recorded_the_digest_says_so_and_only_the_tpm_is_told_how_to_record_it(StoreKind store)
    {
        await using var world = await ProgramWorld.StartAsync(store, Week1, admin: "tina");
        await world.OkAsync("tina", "program create Apollo");
        await world.OkAsync("tina", "program viewer Apollo @vera");
        await world.OkAsync("tina", "team add Payments to Apollo");
        await world.OkAsync("tina", "team add Checkout to Apollo");
        await world.OkAsync("tina", "team members Payments @paula");
        await world.OkAsync("tina", "checkin start Apollo");
        await world.AnswerAsync("paula", "off track\nprogress: refund API rewrite");

        var tpm = ProgramWorld.Text(await world.CommandAsync("tina", "status Apollo"));
        var viewer = ProgramWorld.Text(await world.CommandAsync("vera", "status Apollo"));

        Assert.Contains("**What is being done:** No mitigation recorded yet.", tpm, StringComparison.Ordinal);
        Assert.Contains("status note Apollo", tpm, StringComparison.Ordinal);
        Assert.Contains("**What is being done:** No mitigation recorded yet.", viewer, StringComparison.Ordinal);
        Assert.DoesNotContain("status note", viewer, StringComparison.Ordinal);

        // An override is shown with who set it, why and how old it is, until cleared.
        await world.OkAsync("tina", "status set Apollo at-risk \"Rewrite agreed with Checkout; Beta holds\"");
        world.Time.Advance(TimeSpan.FromDays(3));
        var overridden = ProgramWorld.Text(await world.CommandAsync("vera", "status Apollo"));
        Assert.Contains("At risk: Rewrite agreed with Checkout; Beta holds", overridden, StringComparison.Ordinal);
        Assert.Contains("Status set by @{playground:tina|tina} on 2026-11-23 (3 days ago, until a TPM clears it); the rules say at risk", overridden, StringComparison.Ordinal);
        Assert.Contains("**What is being done:** Rewrite agreed with Checkout; Beta holds (@{playground:tina|tina}, 2026-11-23)", overridden, StringComparison.Ordinal);
        await world.OkAsync("tina", "status clear Apollo");
        Assert.Contains("No mitigation recorded yet.", ProgramWorld.Text(await world.CommandAsync("vera", "status Apollo")), StringComparison.Ordinal);
    }

    /// <summary>The id of the open blocker with this text, as <c>blockers</c> would show it.</summary>
    private static async Task<long> BlockerAsync(ProgramWorld world, string text)
    {
        var programId = await ProgramIdAsync(world);
        return (await world.ReadAsync(s => s.History.ListOpenBlockersAsync(programId, default))).Single(b => b.Text == text).Id;
    }

    private static async Task<long> ProgramIdAsync(ProgramWorld world) =>
        (await world.ReadAsync(s => s.Programs.FindByNameAsync("playground", "Apollo", default)))!.Id;

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

    private sealed record Notice(long DependencyId, DependencyState State, string To);

    /// <summary>Every dependency-state notice queued for anyone in the program, in change order, as text for the golden file.</summary>
    private static async Task<(IReadOnlyList<Notice> Rows, string Text)> NoticesAsync(ProgramWorld world)
    {
        // Answers' state changes are announced by the host's announcement pass, which waits on this test's clock: run it.
        await world.Services.GetRequiredService<EvaluateDependencies>().AnnouncePendingAsync(TestContext.Current.CancellationToken);
        var programId = await ProgramIdAsync(world);
        var rows = new List<Notice>();
        var text = new StringBuilder();
        await using var session = await world.Store.BeginAsync(TestContext.Current.CancellationToken);
        var people = (await session.History.ListPeopleAsync(programId, default)).OrderBy(p => p.DisplayName, StringComparer.Ordinal).ToList();
        foreach (var dependency in await session.Dependencies.ListAsync(programId, default))
        {
            foreach (var change in await session.Dependencies.ListStateChangesAsync(dependency.Id, default))
            {
                foreach (var person in people)
                {
                    if (await session.Outbox.FindByDedupKeyAsync(EvaluateDependencies.NoticeKey(change, person.Id), default) is { } notice)
                    {
                        rows.Add(new Notice(dependency.Id, change.ToState, person.DisplayName));
                        text.Append("## to ").Append(person.Identity).Append('\n').Append(MessageJson.Serialize(notice.Message)).Append('\n');
                    }
                }
            }
        }

        return (rows, text.ToString());
    }
}
