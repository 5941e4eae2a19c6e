using StatusBot.Core.Blockers;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Commands;
using StatusBot.Core.Inbound;
using StatusBot.Core.Messages;
using StatusBot.Core.People;
using StatusBot.Core.Storage;

namespace StatusBot.Core.Conversations;

/// <summary>
/// Plain-text DM replies as check-in answers (<see cref="IDirectMessageHandler"/>): parsed by
/// <see cref="AnswerParser"/>, checked against the person's teams, recorded through the check-in engine and
/// confirmed. An answer without a status is held in the status buttons' values until one is pressed.
/// </summary>
public sealed class CheckInConversation(
    IStatusBotStore store,
    CallerRegistration registration,
    AnswerRecorder recorder,
    TimeProvider time,
    ICommandDiagnostics diagnostics) : IDirectMessageHandler
{
    public async Task<ChatMessage?> HandleAsync(DirectMessageRequest request, CancellationToken cancellationToken)
    {
        if (!PersonIdentity.TryParse(request.Caller.Identity, out _, out _))
        {
            return CheckInReplies.Error("I could not tell who you are, so nothing was recorded.");
        }

        var text = (request.Text ?? string.Empty).Trim();
        if (text.Length == 0 || text.Equals("help", StringComparison.OrdinalIgnoreCase))
        {
            return CheckInReplies.Error("Tell me how your week is going and I will record it as your check-in.");
        }

        try
        {
            return await AnswerAsync(request.Caller, text, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            diagnostics.Unexpected($"direct message from {request.Caller.Identity}", exception);
            return CheckInReplies.Error("Something went wrong on my side and nothing was recorded. Please try again in a minute.");
        }
    }

    private async Task<ChatMessage> AnswerAsync(Caller caller, string text, CancellationToken ct)
    {
        if (text.Length > AnswerParser.MaxLength * 2)
        {
            return CheckInReplies.Error($"That is {text.Length} characters; please keep a check-in under {AnswerParser.MaxLength * 2}.");
        }

        var parsed = AnswerParser.Parse(text);
        if (parsed.Errors.Count > 0)
        {
            return CheckInReplies.Error($"Nothing was recorded: {string.Join(" ", parsed.Errors)}");
        }

        var person = await registration.RegisterAsync(caller, ct);
        if (parsed.OnlyResolves)
        {
            return await ResolveOnlyAsync(person, parsed.ResolvedIds, ct);
        }

        AnswerTarget target;
        await using (var session = await store.BeginAsync(ct))
        {
            var (found, problem) = await AnswerTargets.ResolveAsync(session, person, parsed.Team, null, null, ct);
            if (found is null)
            {
                return CheckInReplies.Error(problem!);
            }

            target = found;
            var owed = await AnswerTargets.OwedAsync(session, target.Team, ct);
            var problems = AnswerTargets.CheckDependencies(parsed.DependencyUpdates, owed, target.Team, Today(person));
            if (problems.Count > 0)
            {
                return CheckInReplies.Error($"Nothing was recorded: {string.Join(" ", problems.Values)}");
            }

            var unresolvable = await AnswerTargets.CheckResolvedAsync(session, parsed.ResolvedIds, target.Team, requireOpen: true, ct);
            if (unresolvable.Count > 0)
            {
                return CheckInReplies.Error($"Nothing was recorded: {string.Join(" ", unresolvable.Values)}");
            }

            // A reply to a check-in already answered edits it: what the reply does not mention (a plain "off track", or just
            // "progress: …" without a status) keeps what was recorded, as "reply again" promises, rather than emptying it or
            // asking for the status again. The form always sends every field.
            if (target.CycleId is { } cycleId && await session.CheckIns.GetAnswerAsync(cycleId, person.Id, ct) is { } earlier)
            {
                parsed = parsed with
                {
                    Status = parsed.Status ?? earlier.Status,
                    Progress = parsed.Progress.Length > 0 ? parsed.Progress : earlier.Progress,
                    Next = parsed.Next.Length > 0 ? parsed.Next : earlier.Next,
                    Note = parsed.Note ?? earlier.Note,
                };
            }
        }

        // The read session is closed before the engine opens its own (SQLite has one writer at a time).
        var draft = new AnswerDraft(
            parsed.Status ?? CheckInStatus.OnTrack, target.Team.Id, target.CycleId, parsed.Progress, parsed.Next, parsed.Blockers, parsed.DependencyUpdates, parsed.Note, parsed.ResolvedIds);
        if (parsed.Status is null)
        {
            var buttons = new[] { CheckInStatus.OnTrack, CheckInStatus.AtRisk, CheckInStatus.OffTrack }
                .Select(status => (status, (draft with { Status = status }).ToValue()))
                .ToList();
            return buttons.Any(b => b.Item2.Length > AnswerDraft.MaxValueLength)
                ? CheckInReplies.Error("That answer is longer than I can hold while asking for your status. Send it again starting with on track, at risk or off track on the first line.")
                : CheckInReplies.StatusQuestion(parsed.Progress, buttons);
        }

        return (await recorder.RecordAsync(person, target, draft, ct)).Reply;
    }

    /// <summary>
    /// A message of only <c>resolved:</c> lines closes those blockers without touching the check-in answer (mid-week,
    /// with no cycle open, is fine). Each must be an open blocker of one of the person's teams; otherwise nothing changes.
    /// </summary>
    private async Task<ChatMessage> ResolveOnlyAsync(Person person, IReadOnlyList<long> ids, CancellationToken ct)
    {
        await using var session = await store.BeginAsync(ct);
        var teams = new Dictionary<long, string>();
        foreach (var membership in await session.Teams.ListMembershipsOfAsync(person.Id, ct))
        {
            if (await session.Teams.GetAsync(membership.TeamId, ct) is { } team)
            {
                teams[team.Id] = team.Name;
            }
        }

        var blockers = new List<Blocker>();
        var problems = new List<string>();
        foreach (var id in ids)
        {
            var blocker = await session.Blockers.GetAsync(id, ct);
            if (blocker is null || (!teams.ContainsKey(blocker.TeamId) && blocker.PersonId != person.Id))
            {
                problems.Add($"#{id} is not a blocker of your teams{(teams.Count == 0 ? string.Empty : $" ({string.Join(", ", teams.Values)})")}.");
            }
            else if (!blocker.IsOpen)
            {
                problems.Add(await BlockerResolution.AlreadyResolvedAsync(session, blocker, ct, CommandContext.ZoneOf(person.TimeZone)));
            }
            else
            {
                blockers.Add(blocker);
            }
        }

        if (problems.Count > 0)
        {
            return CheckInReplies.Error($"Nothing was resolved: {string.Join(" ", problems)}");
        }

        var now = time.GetUtcNow();
        var resolved = new List<(Blocker Blocker, string Team)>();
        foreach (var blocker in blockers)
        {
            if (await session.Blockers.ResolveAsync(blocker.Id, person.Id, note: null, now, ct))
            {
                resolved.Add((blocker, teams.GetValueOrDefault(blocker.TeamId, "your team")));
            }
        }

        await session.CommitAsync(ct);
        return CheckInReplies.Resolved(resolved);
    }

    private DateOnly Today(Person person)
    {
        var zone = CommandContext.ZoneOf(person.TimeZone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
    }
}
