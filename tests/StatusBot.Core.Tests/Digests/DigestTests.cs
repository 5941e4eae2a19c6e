using Microsoft.Extensions.Time.Testing;
using StatusBot.Core.Blockers;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Digests;
using StatusBot.Core.Messages;
using StatusBot.Core.Programs;
using StatusBot.Core.Tests.Golden;
using StatusBot.Core.Tests.Support;
using StatusBot.Testing;

namespace StatusBot.Core.Tests.Digests;

public sealed class DigestTests : StoreTest
{
    private sealed record Services(DigestPublisher Publisher, DigestBuilder Builder, FakeTimeProvider Time);

    private static Services Create(TestDatabase db, int maxBlocks = 50)
    {
        var time = new FakeTimeProvider(RealisticProgram.PublishedAt);
        var digest = new DigestOptions { MaxBlocks = maxBlocks, PublicBaseUrl = "https://statusbot.example.com/" };
        var blockers = new BlockerOptions();
        var loader = new DigestModelLoader(time, digest, blockers);
        var evaluator = new EvaluateDependencies(db.Store, time, new SlipRuleOptions());
        return new Services(
            new DigestPublisher(db.Store, evaluator, new EscalateBlockers(time, blockers), loader, digest, new WeekCompletion(time), time),
            new DigestBuilder(db.Store, loader, digest),
            time);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_realistic_programs_digest_matches_its_golden_file_on_every_store(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var programId = await InSession(db, s => RealisticProgram.SeedAsync(s, Ct));

        var posted = await Create(db).Publisher.PublishAndReportAsync(programId, RealisticProgram.ThisWeek, Ct);

        Assert.Equal(2, posted);
        var snapshot = await InSession(db, s => s.DigestSnapshots.FindAsync(programId, RealisticProgram.ThisWeek, Ct));
        Assert.Equal(StatusBadge.OffTrack, snapshot!.Status);
        GoldenFile.Verify("digest.apollo.json", MessageJson.Serialize(snapshot.Message) + "\n");
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Publishing_posts_once_per_bound_channel_and_a_second_publish_in_the_same_week_posts_nothing(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var programId = await InSession(db, s => RealisticProgram.SeedAsync(s, Ct));
        var services = Create(db);

        await services.Publisher.PublishAsync(programId, RealisticProgram.ThisWeek, Ct);
        var first = await OutboxAsync(db);
        // Any day of the same week is the same week.
        var again = await services.Publisher.PublishAndReportAsync(programId, RealisticProgram.ThisWeek.AddDays(3), Ct);

        Assert.Null(again);
        Assert.Equal(first, await OutboxAsync(db));
        var digests = first.Where(o => o.DedupKey.StartsWith("digest:", StringComparison.Ordinal)).ToList();
        Assert.Equal(["slack:T1:C0LEAD", "slack:T1:C0APOLLO"], digests.Select(d => d.Address));
        var message = await InSession(db, s => s.Outbox.FindByDedupKeyAsync(digests[0].DedupKey, Ct));
        Assert.Equal(("digest", "slack:T1"), (message!.Message.Kind, message.WorkspaceId));

        // Publishing also ran the slip scan and escalated the two aged blockers to the TPM, once each.
        Assert.Equal(2, first.Count(o => o.DedupKey.StartsWith("blocker:", StringComparison.Ordinal)));
        Assert.Contains(first, o => o.DedupKey.Contains(":state:Slipped:", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_digest_over_budget_keeps_the_headline_and_ends_with_and_n_more_and_the_link(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var programId = await InSession(db, s => RealisticProgram.SeedAsync(s, Ct));
        await Create(db).Publisher.PublishAsync(programId, RealisticProgram.ThisWeek, Ct);

        var full = await Create(db).Builder.BuildAsync(programId, RealisticProgram.ThisWeek, Ct);
        var cut = await Create(db, maxBlocks: 12).Builder.BuildAsync(programId, RealisticProgram.ThisWeek, Ct);

        Assert.Equal(12, cut.Blocks.Count);
        Assert.Equal(full.Blocks.Take(3), cut.Blocks.Take(3));
        Assert.IsType<HeaderBlock>(cut.Blocks[0]);
        Assert.Equal(StatusBadge.OffTrack, Assert.IsType<StatusBlock>(cut.Blocks[1]).Status);
        var footer = Assert.IsType<ContextBlock>(cut.Blocks[^1]);
        Assert.Equal($"…and {Items(full) - Items(cut)} more. [Open the program page](https://statusbot.example.com/programs/{programId})", footer.Text);
        Assert.True(Items(full) - Items(cut) > 0);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_tpm_override_sets_the_status_and_shows_its_reason_and_what_the_rules_say(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var programId = await InSession(db, s => RealisticProgram.SeedAsync(s, Ct));
        await InSession(db, async s =>
        {
            var program = (await s.Programs.GetAsync(programId, Ct))!;
            var tpm = (await s.Programs.ListRolesAsync(programId, Ct)).Single().PersonId;
            await s.Programs.UpdateAsync(program with { StatusOverride = new StatusOverride(CheckInStatus.AtRisk, "Refund API replanned; Beta keeps its date", tpm, RealisticProgram.PublishedAt.AddHours(-3)) }, Ct);
        });
        await Create(db).Publisher.PublishAsync(programId, RealisticProgram.ThisWeek, Ct);

        var digest = await Create(db).Builder.BuildAsync(programId, RealisticProgram.ThisWeek, Ct);

        Assert.Equal(new StatusBlock(StatusBadge.AtRisk, "At risk", "Refund API replanned; Beta keeps its date"), digest.Blocks[1]);
        Assert.Equal(
            new ContextBlock("Status set by @{slack:T1:U001|Tara Quinn} on 2026-11-27; the rules say off track: Refund API (Payments → Checkout) has slipped 24 d on the critical path (and 1 more issue)."),
            digest.Blocks[2]);
        Assert.Equal(new TextBlock("**What is being done:** Refund API replanned; Beta keeps its date"), digest.Blocks[3]);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Resolved_blockers_leave_the_digest_and_are_counted_as_resolved_this_week(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var programId = await InSession(db, s => RealisticProgram.SeedAsync(s, Ct));
        var open = await InSession(db, s => s.History.ListOpenBlockersAsync(programId, Ct));
        var tpm = await InSession(db, async s => (await s.Programs.ListRolesAsync(programId, Ct)).Single().PersonId);
        var weekStart = new DateTimeOffset(RealisticProgram.ThisWeek.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        await InSession(db, async s =>
        {
            await s.Blockers.ResolveAsync(open[0].Id, tpm, "PCI review passed", weekStart.AddDays(1), Ct);
            await s.Blockers.ResolveAsync(open[1].Id, tpm, null, weekStart.AddDays(-2), Ct); // last week: not counted
        });

        var digest = await Create(db).Builder.BuildAsync(programId, RealisticProgram.ThisWeek, Ct);

        var texts = digest.Blocks.OfType<TextBlock>().Select(b => b.Text).ToList();
        Assert.Contains($"**Resolved this week:** 1 blocker (#{open[0].Id})", texts);
        Assert.DoesNotContain(texts, t => t.Contains(open[0].Text, StringComparison.Ordinal) || t.Contains(open[1].Text, StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains($"#{open[2].Id} ", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_preview_posts_nothing_and_stores_no_snapshot(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var programId = await InSession(db, s => RealisticProgram.SeedAsync(s, Ct));

        var preview = await Create(db).Builder.BuildAsync(programId, RealisticProgram.ThisWeek, Ct);

        Assert.Equal("digest", preview.Kind);
        Assert.Empty(await OutboxAsync(db));
        Assert.Null(await InSession(db, s => s.DigestSnapshots.FindAsync(programId, RealisticProgram.ThisWeek, Ct)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_digest_for_an_unknown_program_is_refused(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => Create(db).Publisher.PublishAsync(42, RealisticProgram.ThisWeek, Ct));
        Assert.Contains("no program 42", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await OutboxAsync(db));
    }

    /// <summary>Item blocks: everything but the headline, section titles and the footer.</summary>
    private static int Items(ChatMessage message) =>
        message.Blocks.Skip(3).SkipLast(1).Count(b => b is not TextBlock { Text: var t } || !(t.StartsWith("**", StringComparison.Ordinal) && t.EndsWith("**", StringComparison.Ordinal) && !t.Contains("What is being done", StringComparison.Ordinal)));
}
