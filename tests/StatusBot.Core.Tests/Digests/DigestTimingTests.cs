using Microsoft.Extensions.Time.Testing;
using StatusBot.Core.Blockers;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Delivery;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Digests;
using StatusBot.Core.Messages;
using StatusBot.Core.Programs;
using StatusBot.Core.Teams;
using StatusBot.Testing;

namespace StatusBot.Core.Tests.Digests;

/// <summary>
/// When the digest posts: the slot publishes the latest week whose check-ins have closed (never the slot's own week
/// before its check-ins, never an empty week); with a slot, closing check-ins does not post early; a mid-week
/// <c>digest post</c> is "as of" now and does not block the week; later posts of a week replace the first message.
/// Teams: Payments in Los Angeles (UTC−8) and Ledger in Kiritimati (UTC+14), both Monday 09:00 local, 24 h windows.
/// </summary>
public sealed class DigestTimingTests : StoreTest
{
    private static readonly DateOnly Week = new(2026, 11, 30), PreviousWeek = new(2026, 11, 23);

    private sealed record World(long ProgramId, long PaymentsId, long LedgerId, FakeTimeProvider Time, DigestPublisher Publisher, ScheduledDigest Slot, CloseCycle Close);

    private static async Task<World> SeedAsync(TestDatabase db, WeeklySlot? digestSlot, DateTimeOffset now)
    {
        var time = new FakeTimeProvider(now);
        var (programId, payments, ledger) = await InSession(db, async s =>
        {
            await Seed.WorkspaceAsync(s);
            var program = await Seed.ProgramAsync(s);
            await s.Programs.UpdateAsync(program with { DigestSlot = digestSlot }, Ct);
            await s.Programs.AddChannelAsync(new ProgramChannel { ProgramId = program.Id, ChannelRef = "slack:T1:C0LEAD", DisplayName = "#leadership", CreatedAt = Seed.Now }, Ct);
            var payments = await Seed.TeamAsync(s, program.Id, "Payments");
            var ledger = await Seed.TeamAsync(s, program.Id, "Ledger");
            foreach (var (team, zone) in new[] { (payments, "America/Los_Angeles"), (ledger, "Pacific/Kiritimati") })
            {
                await s.Teams.SetScheduleAsync(new CheckInSchedule { TeamId = team.Id, Day = DayOfWeek.Monday, LocalTime = new(9, 0), TimeZone = zone }, Ct);
                var member = await Seed.PersonAsync(s, "U-" + team.Name, zone: zone);
                await s.Teams.AddMemberAsync(new TeamMembership { TeamId = team.Id, PersonId = member.Id, JoinedAt = Seed.Now }, Ct);
            }

            return (program.Id, payments.Id, ledger.Id);
        });

        var blockers = new BlockerOptions();
        var digest = new DigestOptions { PublicBaseUrl = "https://statusbot.example.com/" };
        var completion = new WeekCompletion(time);
        var publisher = new DigestPublisher(
            db.Store, new EvaluateDependencies(db.Store, time, new SlipRuleOptions()), new EscalateBlockers(time, blockers),
            new DigestModelLoader(time, digest, blockers), digest, completion, time);
        var close = new CloseCycle(db.Store, new DigestHandOff(db.Store, publisher, completion), time);
        return new World(programId, payments, ledger, time, publisher, new ScheduledDigest(db.Store, completion, publisher), close);
    }

    /// <summary>Opens the team's cycle of the week at its slot (as the scheduler does) and returns its id.</summary>
    private static async Task<long> OpenAsync(TestDatabase db, long teamId, DateOnly week) => await InSession(db, async s =>
    {
        var schedule = (await s.Teams.GetScheduleAsync(teamId, Ct))!;
        var slot = CheckInClock.SlotOfWeek(schedule, week);
        var (cycle, _) = await s.CheckIns.OpenCycleAsync(new CheckInCycle { TeamId = teamId, WeekOf = week, OpensAt = slot.OpensAt, RemindAt = slot.RemindAt, ClosesAt = slot.ClosesAt }, Ct);
        return cycle.Id;
    });

    private static async Task<IReadOnlyList<OutboxMessage>> DigestRowsAsync(TestDatabase db) =>
        (await OutboxAsync(db)).Where(r => r.DedupKey.StartsWith("digest:", StringComparison.Ordinal)).Select(r => r.DedupKey).ToList() is var keys
            ? await InSession(db, async s =>
            {
                var rows = new List<OutboxMessage>();
                foreach (var key in keys)
                {
                    rows.Add((await s.Outbox.FindByDedupKeyAsync(key, Ct))!);
                }

                return (IReadOnlyList<OutboxMessage>)rows;
            })
            : [];

    private static Task<DigestSnapshot?> SnapshotAsync(TestDatabase db, World w, DateOnly week) => InSession(db, s => s.DigestSnapshots.FindAsync(w.ProgramId, week, Ct));

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_slot_publishes_the_last_closed_week_not_its_own_week_whose_check_ins_are_still_to_come(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        // Monday 06:00 UTC: Sunday 22:00 in Los Angeles (its check-in is still to come), Monday 20:00 in Kiritimati (open).
        var w = await SeedAsync(db, new WeeklySlot(DayOfWeek.Monday, new(7, 0), "Europe/Berlin"), new DateTimeOffset(2026, 11, 30, 6, 0, 0, TimeSpan.Zero));
        foreach (var team in new[] { w.PaymentsId, w.LedgerId })
        {
            await w.Close.CloseAsync(await OpenAsync(db, team, PreviousWeek), Ct);
        }

        await OpenAsync(db, w.LedgerId, Week);

        var first = await w.Slot.RunAsync(w.ProgramId, Ct);
        var second = await w.Slot.RunAsync(w.ProgramId, Ct);

        Assert.Equal(PreviousWeek, first.Published);
        Assert.NotNull(await SnapshotAsync(db, w, PreviousWeek));
        Assert.Null(await SnapshotAsync(db, w, Week));
        Assert.Equal((null, "no week's check-ins have closed since the week of 2026-11-23 was published"), (second.Published, second.NothingBecause));
        var row = Assert.Single(await DigestRowsAsync(db));
        Assert.Contains("week of 2026-11-23", row.Message.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_slot_with_no_closed_week_posts_nothing_and_says_why(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await SeedAsync(db, new WeeklySlot(DayOfWeek.Friday, new(16, 0), "America/Los_Angeles"), new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
        await OpenAsync(db, w.PaymentsId, Week);

        var result = await w.Slot.RunAsync(w.ProgramId, Ct);

        Assert.Equal((null, "no week's check-ins have closed yet"), (result.Published, result.NothingBecause));
        Assert.Empty(await DigestRowsAsync(db));
        Assert.Null(await SnapshotAsync(db, w, Week));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task With_a_digest_slot_closing_the_last_check_in_does_not_post_early_the_slot_does(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await SeedAsync(db, new WeeklySlot(DayOfWeek.Friday, new(16, 0), "Asia/Kolkata"), new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
        var payments = await OpenAsync(db, w.PaymentsId, Week);
        var ledger = await OpenAsync(db, w.LedgerId, Week);

        await w.Close.CloseAsync(payments, Ct);
        await w.Close.CloseAsync(ledger, Ct);

        Assert.Empty(await DigestRowsAsync(db));
        Assert.Null(await SnapshotAsync(db, w, Week));

        w.Time.SetUtcNow(new DateTimeOffset(2026, 12, 4, 10, 30, 0, TimeSpan.Zero)); // Friday 16:00 in Kolkata
        Assert.Equal(Week, (await w.Slot.RunAsync(w.ProgramId, Ct)).Published);
        Assert.Single(await DigestRowsAsync(db));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Without_a_digest_slot_the_close_of_the_weeks_last_open_check_in_publishes_the_week(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await SeedAsync(db, digestSlot: null, new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
        var payments = await OpenAsync(db, w.PaymentsId, Week);
        var ledger = await OpenAsync(db, w.LedgerId, Week);

        await w.Close.CloseAsync(ledger, Ct);
        Assert.Null(await SnapshotAsync(db, w, Week));

        await w.Close.CloseAsync(payments, Ct);
        Assert.NotNull(await SnapshotAsync(db, w, Week));
        Assert.Single(await DigestRowsAsync(db));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_mid_week_post_is_as_of_now_does_not_block_the_week_and_the_weeks_digest_replaces_it(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await SeedAsync(db, new WeeklySlot(DayOfWeek.Friday, new(16, 0), "Asia/Kolkata"), new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        var ledger = await OpenAsync(db, w.LedgerId, Week);
        var payments = await OpenAsync(db, w.PaymentsId, Week);
        await w.Close.CloseAsync(ledger, Ct);

        var midWeek = await w.Publisher.PostNowAsync(w.ProgramId, Week, Ct);

        Assert.Equal(new DigestPostResult(DigestPostKind.AsOf, Week, 1), midWeek);
        Assert.Null(await SnapshotAsync(db, w, Week));
        var asOf = Assert.Single(await DigestRowsAsync(db));
        var label = Assert.IsType<ContextBlock>(asOf.Message.Blocks[2]);
        Assert.Equal(
            "As of Mon 2026-11-30 17:30 (Asia/Kolkata): this week's check-ins have not all closed yet; this message is updated when they have.",
            InlineMarkup.ToPlainText(label.Text));
        Assert.Contains(InlineMarkup.Instant(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero), "Asia/Kolkata"), label.Text, StringComparison.Ordinal);
        Assert.Null(asOf.ReplacesId);

        w.Time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 17, 0, 0, TimeSpan.Zero));
        await w.Close.CloseAsync(payments, Ct);
        w.Time.SetUtcNow(new DateTimeOffset(2026, 12, 4, 10, 30, 0, TimeSpan.Zero));
        Assert.Equal(Week, (await w.Slot.RunAsync(w.ProgramId, Ct)).Published);

        var rows = await DigestRowsAsync(db);
        Assert.Equal(2, rows.Count);
        Assert.Equal(asOf.Id, rows[1].ReplacesId);
        Assert.DoesNotContain(rows[1].Message.Blocks, b => b is ContextBlock c && c.Text.StartsWith("As of", StringComparison.Ordinal));
        Assert.NotNull(await SnapshotAsync(db, w, Week));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Posting_a_published_week_again_replaces_its_first_message_and_its_snapshot(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await SeedAsync(db, digestSlot: null, new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
        foreach (var team in new[] { w.PaymentsId, w.LedgerId })
        {
            await w.Close.CloseAsync(await OpenAsync(db, team, Week), Ct);
        }

        var first = Assert.Single(await DigestRowsAsync(db));
        var published = await SnapshotAsync(db, w, Week);
        await InSession(db, s => s.Programs.UpdateAsync(new Program { Id = w.ProgramId, WorkspaceId = "slack:T1", Name = "Apollo", StatusOverride = new StatusOverride(Core.CheckIns.CheckInStatus.AtRisk, "Vendor SDK late", 1, Seed.Now), CreatedAt = Seed.Now }, Ct));
        w.Time.Advance(TimeSpan.FromHours(1));

        var again = await w.Publisher.PostNowAsync(w.ProgramId, Week, Ct);

        Assert.Equal(new DigestPostResult(DigestPostKind.Reposted, Week, 1), again);
        var rows = await DigestRowsAsync(db);
        Assert.Equal(2, rows.Count);
        Assert.Equal(first.Id, rows[1].ReplacesId);
        var snapshot = await SnapshotAsync(db, w, Week);
        Assert.Equal((published!.Id, StatusBadge.AtRisk), (snapshot!.Id, snapshot.Status));
        Assert.Equal(MessageJson.Serialize(rows[1].Message), MessageJson.Serialize(snapshot.Message));
    }
}
