using StatusBot.Core;
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
using StatusBot.Core.Workspaces;

namespace StatusBot.Playground.Demo;

/// <summary>
/// Seeds a realistic program into the playground workspace so the digest and dashboard look like a
/// real program on first run: 6 teams, 27 people, a dependency graph with a slipped chain, open
/// blockers, risks, decisions and 4 weeks of answered history. Idempotent: does nothing if it exists, and people of the
/// playground who already exist (from trying the README's steps) are reused, not added twice.
/// </summary>
public sealed class DemoProgramSeeder(IStatusBotStore store, TimeProvider time)
{
    public const string ProgramName = "Checkout Relaunch";

    /// <returns>The demo program's id, and whether this call created it.</returns>
    public async Task<(long ProgramId, bool Created)> SeedAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await TrySeedAsync(cancellationToken);
        }
        catch (DuplicateEntityException)
        {
            // Another request (a double click, a second instance starting with --demo) seeded it at the same moment:
            // ours rolled back; theirs is the demo.
            return await TrySeedAsync(cancellationToken);
        }
    }

    private async Task<(long ProgramId, bool Created)> TrySeedAsync(CancellationToken cancellationToken)
    {
        await using var session = await store.BeginAsync(cancellationToken);
        var existing = await session.Programs.FindByNameAsync(PlaygroundIdentity.WorkspaceId, ProgramName, cancellationToken);
        if (existing is not null)
        {
            return (existing.Id, false);
        }

        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var world = new DemoWorld(session, now, cancellationToken);
        var programId = await world.BuildAsync(today);
        await session.CommitAsync(cancellationToken);
        return (programId, true);
    }

    /// <summary>The seeding steps, sharing one session and clock.</summary>
    private sealed class DemoWorld(IStoreSession session, DateTimeOffset now, CancellationToken ct)
    {
        private readonly Dictionary<string, Person> _people = [];
        private readonly Dictionary<string, Team> _teams = [];

        public async Task<long> BuildAsync(DateOnly today)
        {
            await session.Workspaces.UpsertAsync(
                new Workspace { Id = PlaygroundIdentity.WorkspaceId, Platform = ChatPlatform.Playground, Name = "Playground", CreatedAt = now }, ct);
            var program = await session.Programs.AddAsync(new Program
            {
                WorkspaceId = PlaygroundIdentity.WorkspaceId,
                Name = ProgramName,
                DigestSlot = new WeeklySlot(DayOfWeek.Friday, new TimeOnly(15, 0), "Europe/London"),
                CreatedAt = now.AddDays(-35),
            }, ct);

            await AddPeopleAndRolesAsync(program.Id);
            await AddTeamsAsync(program.Id);
            var milestones = await AddMilestonesAsync(program.Id, today);
            await AddDependenciesAsync(program.Id, today, milestones);
            await AddHistoryAsync(today);
            await AddRisksAndDecisionsAsync(program.Id, today);
            await session.Programs.AddChannelAsync(new ProgramChannel
            {
                ProgramId = program.Id,
                ChannelRef = $"{PlaygroundIdentity.WorkspaceId}:leadership",
                DisplayName = "#leadership",
                CreatedAt = now,
            }, ct);
            return program.Id;
        }

        private async Task AddPeopleAndRolesAsync(long programId)
        {
            foreach (var (name, display, zone) in DemoCast.People)
            {
                // People who already used the playground (tina, alice and bob of the README's steps) join the demo as
                // they are: a person is one identity, whatever programs they are in.
                var identity = $"{PlaygroundIdentity.WorkspaceId}:{name}";
                if (await session.People.FindByIdentityAsync(identity, ct) is { } existing)
                {
                    _people[name] = existing;
                    continue;
                }

                _people[name] = await session.People.AddAsync(new Person
                {
                    WorkspaceId = PlaygroundIdentity.WorkspaceId,
                    Identity = identity,
                    DisplayName = display,
                    TimeZone = zone,
                    IsAdmin = name == DemoCast.Tpm,
                    CreatedAt = now.AddDays(-35),
                }, ct);
            }

            await session.Programs.GrantAsync(new ProgramRole { ProgramId = programId, PersonId = _people[DemoCast.Tpm].Id, Role = Role.Tpm }, ct);
            await session.Programs.GrantAsync(new ProgramRole { ProgramId = programId, PersonId = _people[DemoCast.Leader].Id, Role = Role.Viewer }, ct);
        }

        private async Task AddTeamsAsync(long programId)
        {
            foreach (var (teamName, zone, members) in DemoCast.Teams)
            {
                var team = await session.Teams.AddAsync(new Team { ProgramId = programId, Name = teamName, CreatedAt = now.AddDays(-35) }, ct);
                _teams[teamName] = team;
                await session.Teams.SetScheduleAsync(new CheckInSchedule
                {
                    TeamId = team.Id,
                    Day = DayOfWeek.Monday,
                    LocalTime = new TimeOnly(9, 30),
                    TimeZone = zone,
                    WindowMinutes = 48 * 60,
                    ReminderMinutesBeforeClose = 8 * 60,
                    UpdatedAt = now,
                }, ct);
                for (var i = 0; i < members.Length; i++)
                {
                    await session.Teams.AddMemberAsync(new TeamMembership
                    {
                        TeamId = team.Id,
                        PersonId = _people[members[i]].Id,
                        IsLead = i == 0,
                        JoinedAt = now.AddDays(-35),
                    }, ct);
                }
            }
        }

        private async Task<Dictionary<string, Milestone>> AddMilestonesAsync(long programId, DateOnly today)
        {
            var milestones = new Dictionary<string, Milestone>();
            foreach (var (name, dueInDays) in new[] { ("Private beta", 21), ("Public launch", 56) })
            {
                milestones[name] = await session.Milestones.AddAsync(
                    new Milestone { ProgramId = programId, Name = name, DueDate = today.AddDays(dueInDays), CreatedAt = now.AddDays(-35) }, ct);
            }

            return milestones;
        }

        /// <summary>A chain Identity → Payments → Checkout Web → Mobile App has slipped at its root.</summary>
        private async Task AddDependenciesAsync(long programId, DateOnly today, Dictionary<string, Milestone> milestones)
        {
            var tpm = _people[DemoCast.Tpm].Id;
            Dependency? previous = null;
            foreach (var edge in DemoCast.Dependencies)
            {
                var dependency = await session.Dependencies.AddAsync(new Dependency
                {
                    ProgramId = programId,
                    ConsumerTeamId = _teams[edge.Consumer].Id,
                    ProviderTeamId = _teams[edge.Provider].Id,
                    What = edge.What,
                    NeedBy = today.AddDays(edge.NeedByInDays),
                    Eta = edge.EtaInDays is { } eta ? today.AddDays(eta) : null,
                    MilestoneId = edge.Milestone is { } m ? milestones[m].Id : null,
                    FeedsDependencyId = edge.FeedsNext ? previous?.Id : null,
                    State = edge.State,
                    SlipDays = edge.SlipDays,
                    DeliveredAt = edge.State == DependencyState.Delivered ? now.AddDays(-3) : null,
                    CreatedByPersonId = tpm,
                    CreatedAt = now.AddDays(-30),
                }, ct);
                if (edge.EtaInDays is { } movedTo && edge.SlipDays > 0)
                {
                    await session.Dependencies.AddEtaChangeAsync(new EtaChange
                    {
                        DependencyId = dependency.Id,
                        FromEta = today.AddDays(movedTo - edge.SlipDays),
                        ToEta = today.AddDays(movedTo),
                        ChangedByPersonId = _people[DemoCast.TeamLead(edge.Provider)].Id,
                        ChangedAt = now.AddDays(-2),
                    }, ct);
                }

                previous = dependency;
            }
        }

        /// <summary>Four closed weeks and the current, open one, with statuses that drift the way real programs do.</summary>
        private async Task AddHistoryAsync(DateOnly today)
        {
            var thisMonday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
            for (var weeksAgo = 4; weeksAgo >= 0; weeksAgo--)
            {
                var weekOf = thisMonday.AddDays(-7 * weeksAgo);
                var opensAt = new DateTimeOffset(weekOf.ToDateTime(new TimeOnly(9, 30)), TimeSpan.Zero);
                foreach (var (teamName, _, members) in DemoCast.Teams)
                {
                    var team = _teams[teamName];
                    var (cycle, _) = await session.CheckIns.OpenCycleAsync(new CheckInCycle
                    {
                        TeamId = team.Id,
                        WeekOf = weekOf,
                        OpensAt = opensAt,
                        RemindAt = opensAt.AddHours(40),
                        ClosesAt = opensAt.AddHours(48),
                    }, ct);
                    var memberIds = members.Select(m => _people[m].Id).ToList();
                    await session.CheckIns.AddCycleMembersAsync(cycle.Id, memberIds, ct);
                    await AddAnswersAsync(cycle, teamName, members, weeksAgo);
                    if (weeksAgo > 0)
                    {
                        await session.CheckIns.CloseCycleAsync(cycle.Id, cycle.ClosesAt, ct);
                    }
                }
            }
        }

        private async Task AddAnswersAsync(CheckInCycle cycle, string teamName, string[] members, int weeksAgo)
        {
            var status = DemoCast.StatusOf(teamName, weeksAgo);
            for (var i = 0; i < members.Length; i++)
            {
                // Someone always forgets: the last member of two teams has not answered this week.
                if (weeksAgo == 0 && i == members.Length - 1 && teamName is "Mobile App" or "Identity")
                {
                    continue;
                }

                var person = _people[members[i]];
                await session.CheckIns.SaveAnswerAsync(new Answer
                {
                    CycleId = cycle.Id,
                    PersonId = person.Id,
                    Status = i == 0 ? status : (status == CheckInStatus.OffTrack ? CheckInStatus.AtRisk : status),
                    Progress = DemoCast.Progress(teamName, weeksAgo, i),
                    Next = DemoCast.Next(teamName, i),
                    SubmittedAt = cycle.OpensAt.AddHours(2 + i),
                }, ct);
            }

            if (DemoCast.Blocker(teamName, weeksAgo) is { } blocker)
            {
                await session.Blockers.AddAsync(new Blocker
                {
                    TeamId = _teams[teamName].Id,
                    PersonId = _people[members[0]].Id,
                    RaisedInCycleId = cycle.Id,
                    Text = blocker,
                    OpenedAt = cycle.OpensAt.AddHours(2),
                    CyclesOpen = weeksAgo + 1,
                }, ct);
            }
        }

        private async Task AddRisksAndDecisionsAsync(long programId, DateOnly today)
        {
            foreach (var (title, probability, impact, owner, mitigation, reviewInDays) in DemoCast.Risks)
            {
                await session.Risks.AddAsync(new Risk
                {
                    ProgramId = programId,
                    Title = title,
                    Probability = probability,
                    Impact = impact,
                    OwnerPersonId = _people[owner].Id,
                    Mitigation = mitigation,
                    ReviewDate = today.AddDays(reviewInDays),
                    CreatedAt = now.AddDays(-20),
                }, ct);
            }

            foreach (var (text, daysAgo) in DemoCast.Decisions)
            {
                await session.Decisions.AddAsync(new Decision
                {
                    ProgramId = programId,
                    Text = text,
                    DecidedByPersonId = _people[DemoCast.Tpm].Id,
                    DecidedAt = now.AddDays(-daysAgo),
                }, ct);
            }
        }
    }
}
