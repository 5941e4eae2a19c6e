using StatusBot.Core.Blockers;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Decisions;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Milestones;
using StatusBot.Core.People;
using StatusBot.Core.Programs;
using StatusBot.Core.Risks;
using StatusBot.Core.Storage;
using StatusBot.Core.Teams;
using StatusBot.Testing;
using ProgramEntity = StatusBot.Core.Programs.Program;

namespace StatusBot.Benchmarks.Digests;

/// <summary>
/// The size the issue names: 200 teams, 2,000 people (10 per team), 2,000 dependencies (a DAG feeding 10 milestones),
/// 52 weeks of cycles with 9 of 10 members answering, 400 open blockers, 60 risks and 150 decisions. Deterministic.
/// </summary>
public static class LargeProgram
{
    public const int TeamCount = 200, PeoplePerTeam = 10, DependencyCount = 2_000, WeekCount = 52;
    public static readonly DateOnly ThisWeek = new(2026, 11, 23);
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 17, 0, 0, TimeSpan.Zero);

    public static async Task<long> SeedAsync(IStoreSession s, CancellationToken ct, int weeks = WeekCount)
    {
        var at = Now.AddYears(-1);
        var random = new Random(7);
        await Seed.WorkspaceAsync(s);
        var program = await s.Programs.AddAsync(new ProgramEntity { WorkspaceId = "slack:T1", Name = "Atlas", CreatedAt = at }, ct);
        var tpm = await s.People.AddAsync(new Person { WorkspaceId = "slack:T1", Identity = "slack:T1:UTPM", DisplayName = "TPM", TimeZone = "UTC", CreatedAt = at }, ct);
        await s.Programs.GrantAsync(new ProgramRole { ProgramId = program.Id, PersonId = tpm.Id, Role = Role.Tpm }, ct);
        await s.Programs.AddChannelAsync(new ProgramChannel { ProgramId = program.Id, ChannelRef = "slack:T1:CATLAS", DisplayName = "#atlas", CreatedAt = at }, ct);

        var teams = new List<Team>();
        var members = new List<long[]>();
        for (var t = 0; t < TeamCount; t++)
        {
            var team = await s.Teams.AddAsync(new Team { ProgramId = program.Id, Name = $"Team {t:D3}", CreatedAt = at }, ct);
            var ids = new long[PeoplePerTeam];
            for (var p = 0; p < PeoplePerTeam; p++)
            {
                ids[p] = (await s.People.AddAsync(new Person { WorkspaceId = "slack:T1", Identity = $"slack:T1:U{t:D3}{p}", DisplayName = $"Person {t}-{p}", TimeZone = "UTC", CreatedAt = at }, ct)).Id;
                await s.Teams.AddMemberAsync(new TeamMembership { TeamId = team.Id, PersonId = ids[p], IsLead = p == 0, JoinedAt = at }, ct);
            }

            teams.Add(team);
            members.Add(ids);
        }

        for (var w = 0; w < weeks; w++)
        {
            var week = ThisWeek.AddDays(-7 * (weeks - 1 - w));
            var opens = new DateTimeOffset(week.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
            for (var t = 0; t < TeamCount; t++)
            {
                var (cycle, _) = await s.CheckIns.OpenCycleAsync(new CheckInCycle { TeamId = teams[t].Id, WeekOf = week, OpensAt = opens, RemindAt = opens.AddHours(20), ClosesAt = opens.AddHours(24) }, ct);
                await s.CheckIns.AddCycleMembersAsync(cycle.Id, members[t], ct);
                for (var p = 0; p < PeoplePerTeam - 1; p++)
                {
                    var roll = random.Next(100);
                    var status = roll < 80 ? CheckInStatus.OnTrack : roll < 95 ? CheckInStatus.AtRisk : CheckInStatus.OffTrack;
                    await s.CheckIns.SaveAnswerAsync(new Answer { CycleId = cycle.Id, PersonId = members[t][p], Status = status, Progress = "Shipped the thing", Next = "Ship the next thing", SubmittedAt = opens.AddHours(2) }, ct);
                }

                if (w < weeks - 1)
                {
                    await s.CheckIns.CloseCycleAsync(cycle.Id, opens.AddHours(24), ct);
                }
            }
        }

        var milestones = new List<Milestone>();
        for (var m = 0; m < 10; m++)
        {
            milestones.Add(await s.Milestones.AddAsync(new Milestone { ProgramId = program.Id, Name = $"Milestone {m}", DueDate = ThisWeek.AddDays(30 + (m * 14)), CreatedAt = at }, ct));
        }

        // Added from the last to the first so each can name the later dependency it feeds: an acyclic graph.
        var dependencyIds = new long[DependencyCount];
        for (var i = DependencyCount - 1; i >= 0; i--)
        {
            var provider = i % TeamCount;
            var needBy = ThisWeek.AddDays(-20 + (i / 20));
            var feeds = i + 1 + (i % 13);
            dependencyIds[i] = (await s.Dependencies.AddAsync(new Dependency
            {
                ProgramId = program.Id,
                ConsumerTeamId = teams[(provider + 1 + (i % 7)) % TeamCount].Id,
                ProviderTeamId = teams[provider].Id,
                What = $"Deliverable {i}",
                NeedBy = needBy,
                Eta = i % 9 == 0 ? null : needBy.AddDays(random.Next(-5, 8)),
                FeedsDependencyId = feeds < DependencyCount ? dependencyIds[feeds] : null,
                MilestoneId = i % 5 == 0 ? milestones[i % 10].Id : null,
                CreatedByPersonId = tpm.Id,
                CreatedAt = at,
            }, ct)).Id;
        }

        for (var t = 0; t < TeamCount; t++)
        {
            for (var b = 0; b < 2; b++)
            {
                await s.Blockers.AddAsync(new Blocker { TeamId = teams[t].Id, PersonId = members[t][b + 1], Text = $"Blocker {t}-{b}", OpenedAt = Now.AddDays(-7 * random.Next(0, 6)) }, ct);
            }
        }

        for (var r = 0; r < 60; r++)
        {
            await s.Risks.AddAsync(new Risk { ProgramId = program.Id, Title = $"Risk {r}", Probability = 1 + (r % 5), Impact = 1 + (r * 3 % 5), OwnerPersonId = members[r % TeamCount][0], Mitigation = r % 2 == 0 ? $"Mitigation {r}" : null, ReviewDate = ThisWeek.AddDays(random.Next(-20, 20)), CreatedAt = at }, ct);
        }

        for (var d = 0; d < 150; d++)
        {
            await s.Decisions.AddAsync(new Decision { ProgramId = program.Id, Text = $"Decision {d}", DecidedByPersonId = tpm.Id, DecidedAt = Now.AddDays(-d * 2.4) }, ct);
        }

        return program.Id;
    }
}
