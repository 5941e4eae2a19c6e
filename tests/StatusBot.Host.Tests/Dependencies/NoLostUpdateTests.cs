using Dapper;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Commands;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Messages;
using StatusBot.Host.Tests.Commands;
using StatusBot.Testing;
using static StatusBot.Host.Tests.Commands.CommandWorld;

namespace StatusBot.Host.Tests.Dependencies;

/// <summary>
/// Commands, answers and evaluations race on real parallel connections (on PostgreSQL they truly interleave; SQLite
/// runs them one writer at a time) and the user-visible outcome is checked: a delivered dependency stays delivered,
/// every state change is recorded and announced exactly once, every edit of an answer is a revision. The seeded
/// "refund API" is owed by Payments (Max) to Checkout by 2026-12-15; Tess, the TPM, is told of each change.
/// </summary>
public sealed class NoLostUpdateTests
{
    private const int Racers = 8;
    private const int Rounds = 12;

    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Dep_done_racing_eta_changes_and_evaluations_stays_delivered_and_each_change_is_announced_once(StoreKind store)
    {
        await using var world = await CreateAsync(store);
        var evaluator = new EvaluateDependencies(world.Store, world.Time, new SlipRuleOptions());

        for (var round = 0; round < Rounds; round++)
        {
            var id = await AddDependencyAsync(world, $"export {round}");
            var results = await RaceAsync<object>(async i => i switch
            {
                0 => await world.RunAsync(Member, $"dep done {id}"),
                1 or 2 or 3 => await world.RunAsync(Member, $"dep eta {id} 2026-12-{16 + i}"),
                _ => await evaluator.EvaluateAsync(world.Apollo, CancellationToken.None),
            });
            var done = (ChatMessage)results[0];
            var etaReplies = results[1..4].Cast<ChatMessage>().ToList();

            Assert.Contains("is delivered", VerbTable.Text(done), StringComparison.Ordinal);
            var dependency = (await world.ReadAsync(s => s.Dependencies.GetAsync(id, default)))!;
            Assert.Equal(DependencyState.Delivered, dependency.State);
            Assert.NotNull(dependency.DeliveredAt);

            // Every ETA a command confirmed is in the history, and the stored ETA is the last one confirmed.
            var etaChanges = await world.ReadAsync(s => s.Dependencies.ListEtaChangesAsync(id, default));
            var confirmed = etaReplies.Count(r => VerbTable.Text(r).Contains("now expected", StringComparison.Ordinal));
            Assert.Equal(confirmed, etaChanges.Count);
            Assert.Equal(etaChanges.Count == 0 ? null : etaChanges[^1].ToEta, dependency.Eta);

            await AssertEachChangeRecordedAndAnnouncedOnceAsync(world, id, DependencyState.Delivered);
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Racing_evaluations_record_and_announce_one_state_change(StoreKind store)
    {
        await using var world = await CreateAsync(store);
        var evaluator = new EvaluateDependencies(world.Store, world.Time, new SlipRuleOptions());
        Assert.Empty(await evaluator.EvaluateAsync(world.Apollo, CancellationToken.None));

        for (var round = 0; round < Rounds; round++)
        {
            // Alternately late (at risk or slipped) and back within need-by (on time): each round has exactly one change to find.
            var to = round % 2 == 0 ? new DateOnly(2026, 12, 20) : new DateOnly(2026, 12, 10);
            await world.ReadAsync(async s =>
            {
                var d = (await s.Dependencies.GetAsync(world.Dependency, default))!;
                await s.Dependencies.AddEtaChangeAsync(new EtaChange { DependencyId = d.Id, FromEta = d.Eta, ToEta = to, ChangedByPersonId = d.CreatedByPersonId, ChangedAt = world.Time.GetUtcNow() }, default);
                await s.Dependencies.UpdateAsync(d with { Eta = to }, default);
                await s.CommitAsync(default);
                return 0;
            });

            var found = new List<DependencyStateChange>();
            await RaceAsync(async _ =>
            {
                var changes = await evaluator.EvaluateAsync(world.Apollo, CancellationToken.None);
                lock (found)
                {
                    found.AddRange(changes);
                }

                return changes;
            });

            var change = Assert.Single(found);
            Assert.Equal(round % 2 == 1, change.ToState == DependencyState.OnTime);
        }

        await AssertEachChangeRecordedAndAnnouncedOnceAsync(world, world.Dependency, DependencyState.OnTime);
        Assert.Equal(Rounds, (await world.ReadAsync(s => s.Dependencies.ListStateChangesAsync(world.Dependency, default))).Count);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Concurrent_edits_of_one_answer_each_land_as_a_revision_in_order(StoreKind store)
    {
        await using var world = await CreateAsync(store);
        var recorder = new RecordAnswer(world.Store, new EvaluateDependencies(world.Store, world.Time, new SlipRuleOptions()), world.Time);
        var submitted = new List<string>();
        var outcomes = new List<AnswerOutcome>();

        for (var round = 0; round < Rounds; round++)
        {
            var texts = Enumerable.Range(0, Racers).Select(i => $"round {round} edit {i}").ToList();
            submitted.AddRange(texts);

            // Some edits also re-date the dependency Payments owes, so answers race the evaluation they trigger too.
            var results = await RaceAsync(i => recorder.RecordAsync(
                new AnswerSubmission(Member, world.Cycle, null, CheckInStatus.AtRisk, texts[i], "next", [], [], i % 3 == 0 ? [new DependencyUpdate(world.Dependency, new DateOnly(2026, 12, 10 + i), false)] : []),
                CancellationToken.None));
            outcomes.AddRange(results);
        }

        Assert.All(outcomes, o => Assert.IsType<AnswerOutcome.Recorded>(o));
        var personId = (await world.ReadAsync(s => s.People.FindByIdentityAsync(Member, default)))!.Id;
        var revisions = await world.ReadAsync(s => s.CheckIns.ListAnswerRevisionsAsync(world.Cycle, personId, default));

        // Every edit is kept, once, numbered 1..n without gaps; each submitter was told the revision its edit became.
        Assert.Equal(Enumerable.Range(1, Racers * Rounds), revisions.Select(r => r.Revision));
        Assert.Equal(submitted.Order(StringComparer.Ordinal), revisions.Select(r => r.Progress).Order(StringComparer.Ordinal));
        Assert.Equal(
            Enumerable.Range(1, Racers * Rounds),
            outcomes.Cast<AnswerOutcome.Recorded>().Select(o => o.Answer.Revision).Order());
        Assert.All(outcomes.Cast<AnswerOutcome.Recorded>(), o => Assert.Equal(o.Answer.Progress, revisions[o.Answer.Revision - 1].Progress));

        // Rounds do not overlap: every edit of a round comes after every edit of the round before.
        var roundOf = revisions.Select(r => int.Parse(r.Progress.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(roundOf.Order(), roundOf);
    }

    /// <summary>Starts <see cref="Racers"/> tasks that wait on one gate, so they hit the store together.</summary>
    private static async Task<T[]> RaceAsync<T>(Func<int, Task<T>> racer)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, Racers).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return await racer(i);
        })).ToList();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }

    private static async Task<long> AddDependencyAsync(CommandWorld world, string what) =>
        await world.ReadAsync(async s =>
        {
            var tess = (await s.People.FindByIdentityAsync(Tpm, default))!;
            var added = await s.Dependencies.AddAsync(
                new Dependency { ProgramId = world.Apollo, ConsumerTeamId = world.Checkout, ProviderTeamId = world.Payments, What = what, NeedBy = new DateOnly(2026, 12, 15), CreatedByPersonId = tess.Id, CreatedAt = Seed.Now },
                default);
            await s.CommitAsync(default);
            return added.Id;
        });

    /// <summary>
    /// The recorded history is one chain (each change starts where the previous ended, at a later version), and Tess got
    /// exactly one notice per change and no other.
    /// </summary>
    private static async Task AssertEachChangeRecordedAndAnnouncedOnceAsync(CommandWorld world, long dependencyId, DependencyState last)
    {
        var changes = await world.ReadAsync(s => s.Dependencies.ListStateChangesAsync(dependencyId, default));
        Assert.NotEmpty(changes);
        Assert.Equal(last, changes[^1].ToState);
        for (var i = 1; i < changes.Count; i++)
        {
            Assert.Equal(changes[i - 1].ToState, changes[i].FromState);
            Assert.True(changes[i].DependencyVersion > changes[i - 1].DependencyVersion);
        }

        var tess = (await world.ReadAsync(s => s.People.FindByIdentityAsync(Tpm, default)))!;
        foreach (var change in changes)
        {
            Assert.NotNull(await world.ReadAsync(s => s.Outbox.FindByDedupKeyAsync(EvaluateDependencies.NoticeKey(change, tess.Id), default)));
        }

        await using var connection = await world.Database.Dialect.OpenAsync(default);
        var notices = await connection.ExecuteScalarAsync<long>(
            "select count(*) from outbox where dedup_key like @prefix", new { prefix = $"dependency:{dependencyId}:%" });
        Assert.Equal(changes.Count, notices);
    }
}
