using StatusBot.Core.CheckIns;
using StatusBot.Core.Conversations;
using StatusBot.Core.Inbound;
using StatusBot.Core.Messages;
using StatusBot.Host.Tests.Commands;
using StatusBot.Testing;
using static StatusBot.Host.Tests.Commands.CommandWorld;

namespace StatusBot.Host.Tests.Conversations;

/// <summary>Conversational check-in answers, the status buttons and the answer form, on both stores.</summary>
public class CheckInConversationTests
{
    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Labelled_reply_is_recorded_for_the_members_open_cycle_and_confirmed_with_an_edit_button(StoreKind store)
    {
        await using var world = await CreateAsync(store);

        var reply = await world.DirectMessageAsync(Member, $"at risk\nprogress: refund API in review\nnext: load test\nblockers: infra; staging DB\ndep {world.Dependency} eta 2026-12-18");

        var answer = Assert.Single(world.CheckIns.Answers);
        Assert.Equal((Member, world.Cycle, world.Payments, CheckInStatus.AtRisk), (answer.PersonIdentity, answer.CycleId, answer.TeamId, answer.Status));
        Assert.Equal(("refund API in review", "load test"), (answer.Progress, answer.Next));
        Assert.Equal(["infra", "staging DB"], answer.NewBlockers);
        Assert.Equal([new DependencyUpdate(world.Dependency, new DateOnly(2026, 12, 18), false)], answer.DependencyUpdates);
        Assert.Equal(CheckInReplies.ConfirmationKind, reply!.Kind);
        var edit = Assert.Single(reply.Blocks.OfType<ActionsBlock>().Single().Buttons);
        Assert.Equal((CheckInReplies.EditAction, world.Cycle.ToString(System.Globalization.CultureInfo.InvariantCulture)), (edit.ActionId, edit.Value));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Reply_without_status_asks_with_three_buttons_and_the_press_records_it(StoreKind store)
    {
        await using var world = await CreateAsync(store);

        var question = await world.DirectMessageAsync(Member, "Shipped the refund API.");

        Assert.Empty(world.CheckIns.Answers);
        Assert.Equal(CheckInReplies.StatusQuestionKind, question!.Kind);
        var buttons = question.Blocks.OfType<ActionsBlock>().Single().Buttons;
        Assert.Equal(["On track", "At risk", "Off track"], buttons.Select(b => b.Label));

        var pressed = await world.Interactions.PressAsync(new ButtonPress(new Caller(Member), buttons[2].ActionId, buttons[2].Value), Ct);

        var confirmation = Assert.IsType<ButtonResult.Reply>(pressed).Message;
        Assert.Equal(CheckInReplies.ConfirmationKind, confirmation.Kind);
        var answer = Assert.Single(world.CheckIns.Answers);
        Assert.Equal((CheckInStatus.OffTrack, "Shipped the refund API.", world.Cycle), (answer.Status, answer.Progress, answer.CycleId));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_button_value_naming_someone_elses_team_records_nothing(StoreKind store)
    {
        await using var world = await CreateAsync(store);
        var forged = new AnswerDraft(CheckInStatus.OnTrack, world.Checkout, null, "not mine", "", [], [], null).ToValue();

        var pressed = await world.Interactions.PressAsync(new ButtonPress(new Caller(Member), CheckInReplies.StatusAction, forged), Ct);

        Assert.Equal(CheckInReplies.ErrorKind, Assert.IsType<ButtonResult.Reply>(pressed).Message.Kind);
        Assert.Empty(world.CheckIns.Answers);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Someone_on_no_team_is_told_so_and_nothing_is_recorded(StoreKind store)
    {
        await using var world = await CreateAsync(store);

        var reply = await world.DirectMessageAsync(Outsider, "on track");

        Assert.Equal(CheckInReplies.ErrorKind, reply!.Kind);
        Assert.Contains("not on any team", reply.Summary, StringComparison.Ordinal);
        Assert.Empty(world.CheckIns.Calls);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Updating_a_dependency_the_team_does_not_provide_is_refused(StoreKind store)
    {
        await using var world = await CreateAsync(store);

        var other = await world.DirectMessageAsync(Member, $"on track\ndep {world.OtherDependency} done");
        var consumer = await world.DirectMessageAsync(CheckoutMember, $"on track\ndep {world.Dependency} done");

        Assert.Contains("not an open one that Payments provides", other!.Summary, StringComparison.Ordinal);
        Assert.Contains("not an open one that Checkout provides", consumer!.Summary, StringComparison.Ordinal);
        Assert.Empty(world.CheckIns.Answers);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Engine_refusal_is_passed_on_in_words(StoreKind store)
    {
        await using var world = await CreateAsync(store);
        world.CheckIns.RefuseWith = "the check-in window closed an hour ago";

        var reply = await world.DirectMessageAsync(Member, "green");

        Assert.Equal(CheckInReplies.ErrorKind, reply!.Kind);
        Assert.Contains("the check-in window closed an hour ago", reply.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Edit_opens_the_form_with_the_teams_dependencies(StoreKind store)
    {
        await using var world = await CreateAsync(store);

        var opened = await world.Interactions.PressAsync(new ButtonPress(new Caller(Member), CheckInReplies.EditAction, world.Cycle.ToString(System.Globalization.CultureInfo.InvariantCulture)), Ct);
        var refused = await world.Interactions.PressAsync(new ButtonPress(new Caller(CheckoutMember), CheckInReplies.EditAction, world.Cycle.ToString(System.Globalization.CultureInfo.InvariantCulture)), Ct);

        var form = Assert.IsType<ButtonResult.OpenForm>(opened).Form;
        Assert.Equal($"checkin:{world.Cycle}", form.FormId);
        Assert.Contains(form.Inputs, input => input.Id == $"dep:{world.Dependency}:eta");
        Assert.Equal(CheckInReplies.ErrorKind, Assert.IsType<ButtonResult.Reply>(refused).Message.Kind);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Form_without_status_or_with_an_unreal_date_is_invalid_per_input_and_records_nothing(StoreKind store)
    {
        await using var world = await CreateAsync(store);
        var eta = $"dep:{world.Dependency}:eta";

        var result = await world.Interactions.SubmitAsync(
            new FormSubmission(new Caller(Member), $"checkin:{world.Cycle}", new Dictionary<string, string?> { ["progress"] = "x", [eta] = "2026-02-30" }), Ct);

        var invalid = Assert.IsType<FormResult.Invalid>(result);
        Assert.Equal([eta, "status"], invalid.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(world.CheckIns.Answers);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Valid_form_is_recorded_with_its_dependency_updates(StoreKind store)
    {
        await using var world = await CreateAsync(store);

        var result = await world.Interactions.SubmitAsync(
            new FormSubmission(new Caller(Member), $"checkin:{world.Cycle}", new Dictionary<string, string?>
            {
                ["status"] = "on_track",
                ["progress"] = "done",
                ["blockers"] = "infra\nstaging",
                [$"dep:{world.Dependency}:done"] = "true",
            }),
            Ct);

        Assert.Equal(CheckInReplies.ConfirmationKind, Assert.IsType<FormResult.Accepted>(result).Confirmation.Kind);
        var answer = Assert.Single(world.CheckIns.Answers);
        Assert.Equal((CheckInStatus.OnTrack, world.Cycle), (answer.Status, answer.CycleId));
        Assert.Equal(["infra", "staging"], answer.NewBlockers);
        Assert.Equal([new DependencyUpdate(world.Dependency, null, true)], answer.DependencyUpdates);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_form_for_another_teams_cycle_is_refused(StoreKind store)
    {
        await using var world = await CreateAsync(store);

        var result = await world.Interactions.SubmitAsync(
            new FormSubmission(new Caller(CheckoutMember), $"checkin:{world.Cycle}", new Dictionary<string, string?> { ["status"] = "on_track" }), Ct);

        Assert.Contains("status", Assert.IsType<FormResult.Invalid>(result).Errors.Keys);
        Assert.Empty(world.CheckIns.Answers);
    }
}
