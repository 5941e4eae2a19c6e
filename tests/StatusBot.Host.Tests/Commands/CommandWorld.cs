using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StatusBot.Core.Blockers;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Digests;
using StatusBot.Core.Inbound;
using StatusBot.Core.Messages;
using StatusBot.Core.Milestones;
using StatusBot.Core.People;
using StatusBot.Core.Programs;
using StatusBot.Core.Risks;
using StatusBot.Core.Storage;
using StatusBot.Core.Teams;
using StatusBot.Core.Workspaces;
using StatusBot.Host.Commands;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Commands;

/// <summary>
/// A small program world on a real store, with the command layer wired as the host wires it (the real dependency
/// evaluator included) and recording stand-ins for the check-in engine and the digest. Workspace slack:T1 has programs Apollo (teams Payments and
/// Checkout) and Gemini (team Search); workspace slack:T2 has Hermes (Ledger, Audit), which T1 must never see.
/// </summary>
public sealed class CommandWorld : IAsyncDisposable
{
    public const string Admin = "slack:T1:UADMIN";
    public const string Tpm = "slack:T1:UTPM";
    public const string Member = "slack:T1:UMEM";
    public const string CheckoutMember = "slack:T1:UCHK";
    public const string Viewer = "slack:T1:UVIEW";
    public const string Outsider = "slack:T1:UOUT";
    public const string OtherAdmin = "slack:T2:UADMIN";

    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        [Admin] = "Ann",
        [Tpm] = "Tess",
        [Member] = "Max",
        [CheckoutMember] = "Cleo",
        [Viewer] = "Vic",
        [Outsider] = "Otto",
        [OtherAdmin] = "Zed",
    };

    private readonly ServiceProvider _services;

    private CommandWorld(TestDatabase database, ServiceProvider services)
    {
        Database = database;
        _services = services;
    }

    public TestDatabase Database { get; }
    public FakeTimeProvider Time => _services.GetRequiredService<FakeTimeProvider>();
    public RecordingCheckIns CheckIns => _services.GetRequiredService<RecordingCheckIns>();
    public RecordingDigests Digests => _services.GetRequiredService<RecordingDigests>();
    public ICommandHandler Commands => _services.GetRequiredService<ICommandHandler>();
    public IDirectMessageHandler DirectMessages => _services.GetRequiredService<IDirectMessageHandler>();
    public IInteractionHandler Interactions => _services.GetRequiredService<IInteractionHandler>();
    public IStatusBotStore Store => Database.Store;

    public long Apollo { get; private set; }
    public long Gemini { get; private set; }
    public long Payments { get; private set; }
    public long Checkout { get; private set; }
    public long Search { get; private set; }
    public long Dependency { get; private set; }
    public long OtherDependency { get; private set; }

    /// <summary>A second Apollo dependency (Payments needs "settlement report" from Checkout), for chains.</summary>
    public long SecondDependency { get; private set; }

    /// <summary>Apollo's milestone "Beta", due 2026-12-18.</summary>
    public long Milestone { get; private set; }
    public long Risk { get; private set; }
    public long Cycle { get; private set; }

    /// <summary>Max's open blocker in Payments; <see cref="ResolvedBlocker"/> was resolved by Tess; <see cref="OtherBlocker"/> is in workspace T2.</summary>
    public long Blocker { get; private set; }
    public long ResolvedBlocker { get; private set; }
    public long OtherBlocker { get; private set; }

    public static async Task<CommandWorld> CreateAsync(StoreKind kind)
    {
        var database = await TestDatabase.CreateAsync(kind);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["StatusBot:Admins:0"] = Admin, ["StatusBot:Admins:1"] = OtherAdmin })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        var time = new FakeTimeProvider(Seed.Now);
        services.AddSingleton(time);
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IStatusBotStore>(database.Store);
        services.AddSingleton<RecordingCheckIns>();
        services.AddSingleton<ICheckInOperations>(provider => provider.GetRequiredService<RecordingCheckIns>());
        services.AddSingleton<RecordingDigests>();
        services.AddSingleton<IDigestBuilder>(provider => provider.GetRequiredService<RecordingDigests>());
        services.AddSingleton<IDigestPublisher>(provider => provider.GetRequiredService<RecordingDigests>());
        services.AddSingleton(new SlipRuleOptions());
        services.AddSingleton<IDependencyEvaluator, EvaluateDependencies>(); // the real slip rules, as the host wires them
        services.AddStatusBotCommands(configuration);
        var world = new CommandWorld(database, services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        await world.SeedAsync();
        return world;
    }

    /// <summary>Sends a command as one of the world's people (display name as the platform would give it).</summary>
    public Task<ChatMessage> RunAsync(string caller, string text) =>
        Commands.HandleAsync(new CommandRequest(new Caller(caller, Names.GetValueOrDefault(caller)), text), CancellationToken.None);

    public Task<ChatMessage?> DirectMessageAsync(string caller, string text) =>
        DirectMessages.HandleAsync(new DirectMessageRequest(new Caller(caller, Names.GetValueOrDefault(caller)), text), CancellationToken.None);

    public async Task<T> ReadAsync<T>(Func<IStoreSession, Task<T>> read)
    {
        await using var session = await Store.BeginAsync(CancellationToken.None);
        return await read(session);
    }

    public Task<string> FingerprintAsync() => StoreFingerprint.TakeAsync(Database);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Database.DisposeAsync();
    }

    private async Task SeedAsync()
    {
        var ct = CancellationToken.None;
        await using var session = await Store.BeginAsync(ct);
        await Seed.WorkspaceAsync(session, "slack:T1");
        await Seed.WorkspaceAsync(session, "slack:T2");
        var people = new Dictionary<string, Person>();
        foreach (var (identity, name) in Names)
        {
            var id = PersonIdentity.Parse(identity);
            people[identity] = await session.People.AddAsync(new Person { WorkspaceId = id.WorkspaceId, Identity = identity, DisplayName = name, TimeZone = "UTC", CreatedAt = Seed.Now }, ct);
        }

        var apollo = await Seed.ProgramAsync(session, "Apollo");
        var gemini = await Seed.ProgramAsync(session, "Gemini");
        var hermes = await Seed.ProgramAsync(session, "Hermes", "slack:T2");
        Apollo = apollo.Id;
        Gemini = gemini.Id;
        Payments = (await Seed.TeamAsync(session, apollo.Id, "Payments")).Id;
        Checkout = (await Seed.TeamAsync(session, apollo.Id, "Checkout")).Id;
        Search = (await Seed.TeamAsync(session, gemini.Id, "Search")).Id;
        var ledger = await Seed.TeamAsync(session, hermes.Id, "Ledger");
        var audit = await Seed.TeamAsync(session, hermes.Id, "Audit");
        await session.Teams.AddMemberAsync(new TeamMembership { TeamId = Payments, PersonId = people[Member].Id, JoinedAt = Seed.Now }, ct);
        await session.Teams.AddMemberAsync(new TeamMembership { TeamId = Checkout, PersonId = people[CheckoutMember].Id, JoinedAt = Seed.Now }, ct);
        await session.Programs.GrantAsync(new ProgramRole { ProgramId = Apollo, PersonId = people[Tpm].Id, Role = Role.Tpm }, ct);
        await session.Programs.GrantAsync(new ProgramRole { ProgramId = Apollo, PersonId = people[Viewer].Id, Role = Role.Viewer }, ct);
        await session.Programs.AddChannelAsync(new ProgramChannel { ProgramId = Apollo, ChannelRef = "slack:T1:CSTATUS", DisplayName = "#apollo-status", CreatedAt = Seed.Now }, ct);
        Dependency = (await session.Dependencies.AddAsync(
            new Dependency { ProgramId = Apollo, ConsumerTeamId = Checkout, ProviderTeamId = Payments, What = "refund API", NeedBy = new DateOnly(2026, 12, 15), CreatedByPersonId = people[Tpm].Id, CreatedAt = Seed.Now }, ct)).Id;
        OtherDependency = (await session.Dependencies.AddAsync(
            new Dependency { ProgramId = hermes.Id, ConsumerTeamId = ledger.Id, ProviderTeamId = audit.Id, What = "audit log", NeedBy = new DateOnly(2026, 12, 15), CreatedByPersonId = people[OtherAdmin].Id, CreatedAt = Seed.Now }, ct)).Id;
        SecondDependency = (await session.Dependencies.AddAsync(
            new Dependency { ProgramId = Apollo, ConsumerTeamId = Payments, ProviderTeamId = Checkout, What = "settlement report", NeedBy = new DateOnly(2027, 1, 15), CreatedByPersonId = people[Tpm].Id, CreatedAt = Seed.Now }, ct)).Id;
        Milestone = (await session.Milestones.AddAsync(new Milestone { ProgramId = Apollo, Name = "Beta", DueDate = new DateOnly(2026, 12, 18), CreatedAt = Seed.Now }, ct)).Id;
        Risk = (await session.Risks.AddAsync(new Risk { ProgramId = Apollo, Title = "Vendor SDK late", Probability = 3, Impact = 4, CreatedAt = Seed.Now }, ct)).Id;
        var (cycle, _) = await session.CheckIns.OpenCycleAsync(
            new CheckInCycle { TeamId = Payments, WeekOf = new DateOnly(2026, 11, 23), OpensAt = Seed.Now, RemindAt = Seed.Now.AddHours(20), ClosesAt = Seed.Now.AddHours(24) }, ct);
        Cycle = cycle.Id;
        await session.CheckIns.AddCycleMembersAsync(cycle.Id, [people[Member].Id], ct);
        Blocker = (await session.Blockers.AddAsync(new Blocker { TeamId = Payments, PersonId = people[Member].Id, Text = "Waiting on infra", OpenedAt = Seed.Now, RaisedInCycleId = cycle.Id }, ct)).Id;
        ResolvedBlocker = (await session.Blockers.AddAsync(
            new Blocker { TeamId = Payments, PersonId = people[Member].Id, Text = "Flaky CI", OpenedAt = Seed.Now.AddDays(-7), ResolvedAt = Seed.Now.AddHours(-2), ResolvedByPersonId = people[Tpm].Id }, ct)).Id;
        OtherBlocker = (await session.Blockers.AddAsync(new Blocker { TeamId = audit.Id, PersonId = people[OtherAdmin].Id, Text = "Auditor away", OpenedAt = Seed.Now }, ct)).Id;
        await session.CommitAsync(ct);
    }
}
