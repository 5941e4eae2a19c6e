using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnitV3;
using static ArchUnitNET.Fluent.ArchRuleDefinition;
using Assembly = System.Reflection.Assembly;

namespace StatusBot.Host.Tests.Architecture;

/// <summary>
/// The project's layering, checked on the compiled types: the core knows no other project, each adapter speaks to
/// the core only (never to the store or another adapter), and only the host composes adapters. A new reference that
/// breaks a rule fails here with the offending types named.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Core = typeof(StatusBot.Core.Storage.IStatusBotStore).Assembly;
    private static readonly Assembly Data = typeof(StatusBot.Data.DapperStore).Assembly;
    private static readonly Assembly Scheduling = typeof(StatusBot.Scheduling.SchedulingServiceCollectionExtensions).Assembly;
    private static readonly Assembly Slack = typeof(StatusBot.Slack.Startup.SlackServiceCollectionExtensions).Assembly;
    private static readonly Assembly MicrosoftTeams = typeof(StatusBot.MicrosoftTeams.Startup.TeamsOptions).Assembly;
    private static readonly Assembly Playground = typeof(StatusBot.Playground.PlaygroundServiceCollectionExtensions).Assembly;
    private static readonly Assembly HostAssembly = typeof(StatusBotApp).Assembly;

    private static readonly Assembly[] All = [Core, Data, Scheduling, Slack, MicrosoftTeams, Playground, HostAssembly];
    private static readonly Assembly[] Adapters = [Slack, MicrosoftTeams, Playground];

    private static readonly ArchUnitNET.Domain.Architecture Architecture = new ArchLoader().LoadAssemblies(All).Build();

    public static TheoryData<string> AdapterNames => new(Adapters.Select(Name));

    [Fact]
    public void The_core_references_no_other_project() =>
        Types().That().ResideInAssembly(Core).Should().NotDependOnAny(TypesIn(All.Except([Core])))
            .Because("the core is the product; storage, scheduling, adapters and the host plug into its ports")
            .Check(Architecture);

    [Theory]
    [MemberData(nameof(AdapterNames))]
    public void An_adapter_references_the_core_only(string adapter)
    {
        var assembly = Adapters.Single(a => Name(a) == adapter);
        Types().That().ResideInAssembly(assembly).Should().NotDependOnAny(TypesIn(All.Except([Core, assembly])))
            .Because("an adapter persists and acts through the core's ports, so Slack, Teams and the playground stay interchangeable")
            .Check(Architecture);
    }

    [Fact]
    public void Only_the_host_composes_the_adapters() =>
        Types().That().ResideInAssembly(Core, Data, Scheduling).Should().NotDependOnAny(TypesIn([.. Adapters, HostAssembly]))
            .Because("the host is the one place that wires adapters to the core")
            .Check(Architecture);

    [Fact]
    public void Storage_knows_the_core_and_nothing_above_it() =>
        Types().That().ResideInAssembly(Data).Should().NotDependOnAny(TypesIn(All.Except([Core, Data])))
            .Check(Architecture);

    [Fact]
    public void Only_the_host_references_OpenTelemetry()
    {
        // The other projects record with System.Diagnostics (Meter, ActivitySource); exporters are the host's choice.
        var offenders = All.Except([HostAssembly])
            .SelectMany(assembly => assembly.GetReferencedAssemblies()
                .Where(reference => reference.Name!.StartsWith("OpenTelemetry", StringComparison.Ordinal))
                .Select(reference => $"{Name(assembly)} references {reference.Name}"))
            .ToList();

        Assert.Empty(offenders);
        Assert.Contains(HostAssembly.GetReferencedAssemblies(), reference => reference.Name!.StartsWith("OpenTelemetry", StringComparison.Ordinal));
    }

    [Fact]
    public void The_rules_see_real_dependencies()
    {
        // A control: if the loader saw no dependencies at all, every "must not depend" rule above would pass vacuously.
        Types().That().Are(typeof(StatusBot.Data.Workspaces.WorkspaceInstallationRepository)).Should().DependOnAny(TypesIn([Core])).Check(Architecture);
        Types().That().Are(typeof(StatusBotApp)).Should().DependOnAny(TypesIn(Adapters)).Check(Architecture);
    }

    private static ArchUnitNET.Fluent.Syntax.Elements.Types.GivenTypesConjunctionWithDescription TypesIn(IEnumerable<Assembly> assemblies)
    {
        var list = assemblies.ToArray();
        return Types().That().ResideInAssembly(list[0], list[1..]).As(string.Join(", ", list.Select(Name)));
    }

    private static string Name(Assembly assembly) => assembly.GetName().Name!;
}
