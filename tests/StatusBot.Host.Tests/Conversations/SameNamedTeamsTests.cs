using Microsoft.Extensions.DependencyInjection;
using StatusBot.Core.Inbound;
using StatusBot.Host.Tests.Digests;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Conversations;

/// <summary>Someone on two teams of the same name in two programs can still say which check-in a DM answers.</summary>
public sealed class SameNamedTeamsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_member_of_two_Payments_teams_is_told_their_program_names_and_answers_one_by_naming_it(StoreKind store)
    {
        await using var world = await ProgramWorld.StartAsync(store, Export.ExportScenario.Week1, "tina");
        await world.AddPaymentsAsync("Apollo", "alice");
        await world.AddPaymentsAsync("Hermes", "alice");

        world.Time.Advance(TimeSpan.FromHours(2));
        await world.OkAsync("tina", "checkin start Apollo");
        await world.OkAsync("tina", "checkin start Hermes");
        var messages = world.Services.GetRequiredService<IDirectMessageHandler>();
        var alice = new Caller("playground:alice", "alice");

        var which = ProgramWorld.Text((await messages.HandleAsync(new DirectMessageRequest(alice, "on track"), Ct))!);
        var ambiguous = ProgramWorld.Text((await messages.HandleAsync(new DirectMessageRequest(alice, "team: Payments\non track"), Ct))!);
        var named = ProgramWorld.Text((await messages.HandleAsync(new DirectMessageRequest(alice, "team: hermes/payments\nat risk\nprogress: settlement export half done"), Ct))!);
        Assert.True(named.Contains("Recorded", StringComparison.Ordinal), named);

        Assert.Contains("You have open check-ins for Apollo/Payments and Hermes/Payments; add a line team: <name>", which, StringComparison.Ordinal);
        Assert.Contains("Apollo/Payments and Hermes/Payments", ambiguous, StringComparison.Ordinal);
        var answers = await world.ReadAsync(async s =>
        {
            var person = await s.People.FindByIdentityAsync("playground:alice", Ct);
            return await s.PersonalData.ListAnswersAsync(person!.Id, Ct);
        });
        var answer = Assert.Single(answers);
        Assert.Equal(("Hermes", "Payments", "settlement export half done"), (answer.Program, answer.Team, answer.Progress));
    }
}
