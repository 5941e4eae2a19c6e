using System.Globalization;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Commands;
using StatusBot.Core.Inbound;
using StatusBot.Core.Messages;
using StatusBot.Core.People;
using StatusBot.Core.Storage;

namespace StatusBot.Core.Conversations;

/// <summary>
/// The check-in buttons and form (<see cref="IInteractionHandler"/>): a status button completes a plain-text
/// answer, "Edit" (and the prompt's <c>checkin.open</c>) opens the form filled with the current answer, and the
/// form submission is validated field by field before anything is recorded.
/// </summary>
public sealed class CheckInInteractions(
    IStatusBotStore store,
    CallerRegistration registration,
    AnswerRecorder recorder,
    TimeProvider time,
    ICommandDiagnostics diagnostics) : IInteractionHandler
{
    /// <summary>Opens the answer form for a cycle (value: the cycle id); the check-in prompt's button may use it.</summary>
    public const string OpenAction = "checkin.open";

    public async Task<ButtonResult> PressAsync(ButtonPress press, CancellationToken cancellationToken)
    {
        try
        {
            if (!PersonIdentity.TryParse(press.Caller.Identity, out _, out _))
            {
                return new ButtonResult.Reply(CheckInReplies.Error("I could not tell who you are, so nothing was recorded."));
            }

            return press.ActionId switch
            {
                CheckInReplies.StatusAction => await CompleteDraftAsync(press, cancellationToken),
                CheckInReplies.EditAction or OpenAction => await OpenFormAsync(press, cancellationToken),
                _ => new ButtonResult.Reply(CheckInReplies.Error("That button is not one I know; it may belong to an old message.")),
            };
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            diagnostics.Unexpected($"button {press.ActionId} from {press.Caller.Identity}", exception);
            return new ButtonResult.Reply(CheckInReplies.Error("Something went wrong on my side and nothing was recorded. Please try again in a minute."));
        }
    }

    public async Task<FormResult> SubmitAsync(FormSubmission submission, CancellationToken cancellationToken)
    {
        try
        {
            if (!submission.FormId.StartsWith(CheckInForm.Prefix, StringComparison.Ordinal)
                || !long.TryParse(submission.FormId.AsSpan(CheckInForm.Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var cycleId)
                || !PersonIdentity.TryParse(submission.Caller.Identity, out _, out _))
            {
                return Invalid("status", "This form is not one StatusBot knows; open the check-in again from its message.");
            }

            var person = await registration.RegisterAsync(submission.Caller, cancellationToken);
            var (errors, target, draft) = await ValidateAsync(person, cycleId, submission.Values, cancellationToken);
            if (errors.Count > 0)
            {
                return new FormResult.Invalid(errors);
            }

            var (reply, recorded) = await recorder.RecordAsync(person, target!, draft!, cancellationToken);
            return recorded ? new FormResult.Accepted(reply) : Invalid("status", InlineMarkup.ToPlainText(reply.Summary));
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            diagnostics.Unexpected($"form {submission.FormId} from {submission.Caller.Identity}", exception);
            return Invalid("status", "Something went wrong on my side and nothing was recorded. Please submit again in a minute.");
        }
    }

    private async Task<ButtonResult> CompleteDraftAsync(ButtonPress press, CancellationToken ct)
    {
        if (AnswerDraft.FromValue(press.Value) is not { } draft)
        {
            return new ButtonResult.Reply(CheckInReplies.Error("That button's answer could not be read; please send your check-in again."));
        }

        var person = await registration.RegisterAsync(press.Caller, ct);
        AnswerTarget target;
        await using (var session = await store.BeginAsync(ct))
        {
            var (found, problem) = await AnswerTargets.ResolveAsync(session, person, null, draft.TeamId ?? -1, draft.CycleId, ct);
            if (found is null)
            {
                return new ButtonResult.Reply(CheckInReplies.Error(problem!));
            }

            target = found;
            var problems = AnswerTargets.CheckDependencies(draft.Dependencies, await AnswerTargets.OwedAsync(session, target.Team, ct), target.Team, Today(person));
            if (problems.Count > 0)
            {
                return new ButtonResult.Reply(CheckInReplies.Error($"Nothing was recorded: {string.Join(" ", problems.Values)}"));
            }
        }

        return new ButtonResult.Reply((await recorder.RecordAsync(person, target, draft, ct)).Reply);
    }

    private async Task<ButtonResult> OpenFormAsync(ButtonPress press, CancellationToken ct)
    {
        if (!long.TryParse(press.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var cycleId))
        {
            return new ButtonResult.Reply(CheckInReplies.Error("That button does not name a check-in."));
        }

        var person = await registration.RegisterAsync(press.Caller, ct);
        await using var session = await store.BeginAsync(ct);
        var (target, problem) = await AnswerTargets.ResolveAsync(session, person, null, null, cycleId, ct);
        if (target is null)
        {
            return new ButtonResult.Reply(CheckInReplies.Error(problem!));
        }

        var current = await session.CheckIns.GetAnswerAsync(cycleId, person.Id, ct);
        var blockers = await session.Blockers.ListOpenAsync(target.Team.Id, ct);
        var owed = await AnswerTargets.OwedAsync(session, target.Team, ct);
        return new ButtonResult.OpenForm(CheckInForm.Build(cycleId, target.Team.Name, current, blockers, owed, person.Id));
    }

    private async Task<(Dictionary<string, string> Errors, AnswerTarget? Target, AnswerDraft? Draft)> ValidateAsync(Person person, long cycleId, IReadOnlyDictionary<string, string?> values, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        string Value(string key) => values.TryGetValue(key, out var value) && value is not null ? value.Trim() : string.Empty;

        var status = CheckInForm.ParseStatus(Value("status"));
        if (status is null)
        {
            errors["status"] = "Pick on track, at risk or off track.";
        }

        foreach (var key in new[] { "progress", "next", "note", "blockers" })
        {
            if (Value(key).Length > AnswerParser.MaxLength)
            {
                errors[key] = $"Keep this under {AnswerParser.MaxLength} characters.";
            }
        }

        var updates = new List<DependencyUpdate>();
        var resolved = new List<long>();
        var inputOf = new Dictionary<long, string>();
        foreach (var (key, raw) in values)
        {
            var parts = key.Split(':');
            if (CheckInForm.ResolvedBlockerId(key) is { } blockerId)
            {
                if (bool.TryParse(raw?.Trim(), out var ticked) && ticked)
                {
                    resolved.Add(blockerId);
                }

                continue;
            }

            if (parts is not ["dep", var idText, var field] || !long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }

            if (field == "eta")
            {
                if (DateOnly.TryParseExact(raw.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var eta))
                {
                    updates.Add(new DependencyUpdate(id, eta, Delivered: false));
                    inputOf[id] = key;
                }
                else
                {
                    errors[key] = $"'{raw}' is not a date; use YYYY-MM-DD.";
                }
            }
            else if (field == "done" && bool.TryParse(raw.Trim(), out var done) && done)
            {
                updates.Add(new DependencyUpdate(id, null, Delivered: true));
                inputOf[id] = key;
            }
        }

        // A dependency both re-dated and delivered is delivered.
        var merged = updates.GroupBy(u => u.DependencyId).Select(g => g.FirstOrDefault(u => u.Delivered) ?? g.First()).ToList();
        AnswerTarget? target;
        await using (var session = await store.BeginAsync(ct))
        {
            var (found, problem) = await AnswerTargets.ResolveAsync(session, person, null, null, cycleId, ct);
            if (found is null)
            {
                return (new Dictionary<string, string> { ["status"] = problem! }, null, null);
            }

            target = found;
            foreach (var (id, message) in AnswerTargets.CheckDependencies(merged, await AnswerTargets.OwedAsync(session, target.Team, ct), target.Team, Today(person)))
            {
                errors[inputOf[id]] = message;
            }

            foreach (var (id, message) in await AnswerTargets.CheckResolvedAsync(session, resolved, target.Team, requireOpen: false, ct))
            {
                errors[CheckInForm.ResolvedInputId(id)] = message;
            }
        }

        if (errors.Count > 0)
        {
            return (errors, null, null);
        }

        var blockers = Value("blockers").Split(['\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        var note = Value("note");
        return (errors, target, new AnswerDraft(status!.Value, target.Team.Id, cycleId, Value("progress"), Value("next"), blockers, merged, note.Length == 0 ? null : note, resolved.Distinct().ToList()));
    }

    private static FormResult.Invalid Invalid(string input, string error) => new FormResult.Invalid(new Dictionary<string, string> { [input] = error });

    private DateOnly Today(Person person) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), CommandContext.ZoneOf(person.TimeZone)).DateTime);
}
