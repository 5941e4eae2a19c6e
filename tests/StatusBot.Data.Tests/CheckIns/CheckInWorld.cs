using Microsoft.Extensions.Time.Testing;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Digests;
using StatusBot.Core.People;
using StatusBot.Core.Programs;
using StatusBot.Core.Storage;
using StatusBot.Core.Teams;
using StatusBot.Testing;

namespace StatusBot.Data.Tests.CheckIns;

/// <summary>
/// A program with two teams on a real store, and the check-in engine wired as the host wires it:
/// Payments (Ada, Bob on leave, Cy deactivated, Dee) owes Ledger a "ledger API"; Tia is the TPM.
/// Both teams check in on Monday 09:00 Europe/Berlin (08:00 UTC in November).
/// </summary>
internal sealed class CheckInWorld
{
    public static readonly DateOnly Week = new(2026, 11, 23);
    public static readonly DateTimeOffset SlotOpens = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private CheckInWorld(TestDatabase db, FakeTimeProvider time)
    {
        Db = db;
        Time = time;
        Prompts = new PromptMembers(time);
        DigestHandOff = new DigestHandOff(db.Store, Digests, new WeekCompletion(time));
        OpenCycle = new OpenCycle(db.Store, Prompts, Scheduler);
        Reminders = new SendReminders(db.Store, time);
        Close = new CloseCycle(db.Store, DigestHandOff, time);
        Evaluator = new EvaluateDependencies(db.Store, time, new SlipRuleOptions());
        Answers = new RecordAnswer(db.Store, Evaluator, time);
        Operations = new CheckInOperations(db.Store, OpenCycle, Reminders, Answers, Scheduler, time);
    }

    public TestDatabase Db { get; }
    public FakeTimeProvider Time { get; }
    public RecordingDigestPublisher Digests { get; } = new();
    public RecordingScheduler Scheduler { get; } = new();
    public PromptMembers Prompts { get; }
    public DigestHandOff DigestHandOff { get; }
    public OpenCycle OpenCycle { get; }
    public SendReminders Reminders { get; }
    public CloseCycle Close { get; }
    public EvaluateDependencies Evaluator { get; }
    public RecordAnswer Answers { get; }
    public CheckInOperations Operations { get; }

    public Program Program { get; private set; } = null!;
    public Team Payments { get; private set; } = null!;
    public Team Ledger { get; private set; } = null!;
    public Person Ada { get; private set; } = null!;
    public Person Bob { get; private set; } = null!;
    public Person Cy { get; private set; } = null!;
    public Person Dee { get; private set; } = null!;
    public Person Lee { get; private set; } = null!;
    public Person Tia { get; private set; } = null!;
    public Dependency LedgerApi { get; private set; } = null!;
    public CheckInSchedule PaymentsSchedule { get; private set; } = null!;
    public CheckInSchedule LedgerSchedule { get; private set; } = null!;

    public static async Task<CheckInWorld> CreateAsync(TestDatabase db, DateTimeOffset? now = null)
    {
        var world = new CheckInWorld(db, new FakeTimeProvider(now ?? SlotOpens));
        await world.SeedAsync();
        return world;
    }

    public async Task<T> InSession<T>(Func<IStoreSession, Task<T>> work)
    {
        await using var session = await Db.Store.BeginAsync(CancellationToken.None);
        var result = await work(session);
        await session.CommitAsync(CancellationToken.None);
        return result;
    }

    public static CheckInSlot Slot(CheckInSchedule schedule) => CheckInClock.SlotOfWeek(schedule, Week);

    public static AnswerSubmission Answer(Person person, CheckInStatus status = CheckInStatus.OnTrack, string progress = "Shipped refunds", long? cycleId = null) =>
        new(person.Identity, cycleId, null, status, progress, "Chargebacks", [], [], []);

    private async Task SeedAsync()
    {
        await InSession(async s =>
        {
            await Seed.WorkspaceAsync(s);
            Program = await Seed.ProgramAsync(s);
            Payments = await Seed.TeamAsync(s, Program.Id, "Payments");
            Ledger = await Seed.TeamAsync(s, Program.Id, "Ledger");
            Ada = await Seed.PersonAsync(s, "UADA");
            Bob = await Seed.PersonAsync(s, "UBOB");
            Cy = await Seed.PersonAsync(s, "UCY");
            Dee = await Seed.PersonAsync(s, "UDEE");
            Lee = await Seed.PersonAsync(s, "ULEE");
            Tia = await Seed.PersonAsync(s, "UTIA");
            await s.People.UpdateAsync(Cy with { Active = false }, CancellationToken.None);
            await s.People.AddLeaveAsync(new LeavePeriod { PersonId = Bob.Id, FirstDay = Week, LastDay = Week.AddDays(4), CreatedAt = Seed.Now }, CancellationToken.None);
            foreach (var person in new[] { Ada, Bob, Cy, Dee })
            {
                await s.Teams.AddMemberAsync(new TeamMembership { TeamId = Payments.Id, PersonId = person.Id, JoinedAt = Seed.Now }, CancellationToken.None);
            }

            await s.Teams.AddMemberAsync(new TeamMembership { TeamId = Ledger.Id, PersonId = Lee.Id, JoinedAt = Seed.Now }, CancellationToken.None);
            await s.Programs.GrantAsync(new ProgramRole { ProgramId = Program.Id, PersonId = Tia.Id, Role = Role.Tpm }, CancellationToken.None);
            PaymentsSchedule = new CheckInSchedule { TeamId = Payments.Id, Day = DayOfWeek.Monday, LocalTime = new TimeOnly(9, 0), TimeZone = "Europe/Berlin", UpdatedAt = Seed.Now };
            LedgerSchedule = PaymentsSchedule with { TeamId = Ledger.Id };
            await s.Teams.SetScheduleAsync(PaymentsSchedule, CancellationToken.None);
            await s.Teams.SetScheduleAsync(LedgerSchedule, CancellationToken.None);
            LedgerApi = await s.Dependencies.AddAsync(
                new Dependency
                {
                    ProgramId = Program.Id,
                    ConsumerTeamId = Ledger.Id,
                    ProviderTeamId = Payments.Id,
                    What = "ledger API",
                    NeedBy = new DateOnly(2026, 12, 15),
                    Eta = new DateOnly(2026, 12, 10),
                    CreatedByPersonId = Tia.Id,
                    CreatedAt = Seed.Now,
                },
                CancellationToken.None);
            return true;
        });
    }
}

/// <summary>Records each digest hand-off.</summary>
internal sealed class RecordingDigestPublisher : IDigestPublisher
{
    public List<(long ProgramId, DateOnly WeekOf)> Published { get; } = [];

    public Task PublishAsync(long programId, DateOnly weekOf, CancellationToken cancellationToken)
    {
        lock (Published)
        {
            Published.Add((programId, weekOf));
        }

        return Task.CompletedTask;
    }
}

/// <summary>Records what the engine asked the scheduler to do.</summary>
internal sealed class RecordingScheduler : ICheckInScheduler
{
    public List<CheckInCycle> Opened { get; } = [];
    public List<long> TeamsChanged { get; } = [];
    public List<long> ProgramsChanged { get; } = [];

    public Task CyclesOpenedAsync(IReadOnlyList<CheckInCycle> cycles, CancellationToken cancellationToken)
    {
        Opened.AddRange(cycles);
        return Task.CompletedTask;
    }

    public Task TeamChangedAsync(long teamId, CancellationToken cancellationToken)
    {
        TeamsChanged.Add(teamId);
        return Task.CompletedTask;
    }

    public Task ProgramChangedAsync(long programId, CancellationToken cancellationToken)
    {
        ProgramsChanged.Add(programId);
        return Task.CompletedTask;
    }
}
