using StatusBot.Core.CheckIns;
using StatusBot.Testing;

namespace StatusBot.Data.Tests.CheckIns;

/// <summary>Several instances write at once: nothing is lost, and a (team, week) cycle opens exactly once.</summary>
public sealed class ConcurrentWriterTests : StoreTest
{
    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Racing_openers_of_the_same_cycle_create_it_exactly_once(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var teamIds = await InSession(db, async s =>
        {
            await Seed.WorkspaceAsync(s);
            var program = await Seed.ProgramAsync(s);
            var ids = new List<long>();
            for (var i = 0; i < 5; i++)
            {
                ids.Add((await Seed.TeamAsync(s, program.Id, $"Team {i}")).Id);
            }

            return ids;
        });

        var attempts = teamIds.SelectMany(teamId => Enumerable.Range(0, 8).Select(_ => teamId)).ToList();
        var results = await Task.WhenAll(attempts.Select(teamId => Task.Run(() => InSession(db, s => s.CheckIns.OpenCycleAsync(new CheckInCycle
        {
            TeamId = teamId,
            WeekOf = new(2026, 11, 23),
            OpensAt = Seed.Now,
            RemindAt = Seed.Now.AddHours(20),
            ClosesAt = Seed.Now.AddHours(24),
        }, Ct)), Ct)));

        Assert.All(teamIds, teamId => Assert.Single(results, r => r.Cycle.TeamId == teamId && r.Created));
        Assert.All(teamIds, teamId => Assert.Single(results.Where(r => r.Cycle.TeamId == teamId).Select(r => r.Cycle.Id).Distinct()));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Concurrent_answers_from_many_people_are_all_stored(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var (cycleId, people) = await InSession(db, async s =>
        {
            await Seed.WorkspaceAsync(s);
            var team = await Seed.TeamAsync(s, (await Seed.ProgramAsync(s)).Id);
            var (cycle, _) = await s.CheckIns.OpenCycleAsync(new CheckInCycle
            {
                TeamId = team.Id,
                WeekOf = new(2026, 11, 23),
                OpensAt = Seed.Now,
                RemindAt = Seed.Now.AddHours(20),
                ClosesAt = Seed.Now.AddHours(24),
            }, Ct);
            var ids = new List<long>();
            for (var i = 0; i < 80; i++)
            {
                ids.Add((await Seed.PersonAsync(s, $"U{i}")).Id);
            }

            return (cycle.Id, ids);
        });

        await Parallel.ForEachAsync(people, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (personId, _) =>
            await InSession(db, s => s.CheckIns.SaveAnswerAsync(new Answer
            {
                CycleId = cycleId,
                PersonId = personId,
                Status = CheckInStatus.OnTrack,
                Progress = $"progress of {personId}",
                SubmittedAt = Seed.Now.AddMinutes(personId),
            }, Ct)));

        var answers = await InSession(db, s => s.CheckIns.ListAnswersAsync(cycleId, Ct));
        Assert.Equal(people, answers.Select(a => a.PersonId));
        Assert.All(answers, a => Assert.Equal($"progress of {a.PersonId}", a.Progress));
    }
}
