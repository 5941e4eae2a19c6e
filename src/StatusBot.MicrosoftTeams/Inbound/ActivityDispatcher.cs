using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusBot.Core.Commands;
using StatusBot.Core.Delivery;
using StatusBot.Core.Inbound;
using StatusBot.Core.Storage;
using StatusBot.MicrosoftTeams.Startup;

namespace StatusBot.MicrosoftTeams.Inbound;

/// <summary>What to answer Teams: the HTTP status and, for an invoke, the invoke response body.</summary>
internal sealed record ActivityAnswer(int Status, JsonObject? Body = null)
{
    public static ActivityAnswer Ok { get; } = new(200);
}

/// <summary>
/// Handles one activity whose token was validated. Store, then acknowledge: the conversation references it reveals and
/// the work it asks for (a command, a check-in answer, a roster read) are committed before the 200, the work keyed by
/// the activity id so a redelivered activity is stored and performed once; the inbound worker performs it after. A
/// card action (<c>invoke</c> <c>adaptiveCard/action</c>) is stored the same way but run inside the request, because
/// Teams shows the invoke response in place of the card.
/// </summary>
internal sealed class ActivityDispatcher(
    IStatusBotStore store,
    InboundWorkSignal signal,
    CardActions cardActions,
    TimeProvider time,
    IOptions<TeamsOptions> options,
    ILogger<ActivityDispatcher> logger)
{
    /// <summary>How long the request that runs a card action holds it; past this the inbound worker runs it instead.</summary>
    public static readonly TimeSpan InvokeLease = TimeSpan.FromMinutes(1);

    private static readonly string RequestWorker = $"teams-invoke:{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public async Task<ActivityAnswer> HandleAsync(TeamsActivity activity, CancellationToken cancellationToken)
    {
        if (activity.TenantId is not { Length: > 0 } tenant || activity.ServiceUrl is not { Length: > 0 })
        {
            // Not from a Teams tenant (the Bot Framework emulator, another channel): nothing to address anything to.
            return activity.Type == "invoke" ? new ActivityAnswer(200, CardActions.Error(400, "BadRequest", "StatusBot works in Microsoft Teams only.")) : ActivityAnswer.Ok;
        }

        if (!string.Equals(tenant, options.Value.TenantId, StringComparison.OrdinalIgnoreCase))
        {
            // A valid token says the activity came through Bot Framework for this app, not from which directory: a
            // single-tenant bot acts for its own tenant only, so another tenant's activity stores nothing (no
            // references, no people, no workspace nobody installed).
            return new ActivityAnswer(403);
        }

        var fromBot = activity.From is { } from && activity.Recipient is { } bot && from.Id == bot.Id;
        if (fromBot)
        {
            return ActivityAnswer.Ok;
        }

        var work = Base(activity, tenant);
        switch (activity.Type)
        {
            case "message":
                return await MessageAsync(activity, work);
            case "invoke" when activity.Name == "adaptiveCard/action":
                return await CardActionAsync(activity, work, cancellationToken);
            case "invoke":
                return new ActivityAnswer(200, CardActions.Error(400, "NotSupported", $"StatusBot does not handle '{activity.Name}'."));
            case "conversationUpdate" or "installationUpdate":
                return await InstallAsync(activity, work);
            default:
                return ActivityAnswer.Ok;
        }

        async Task<ActivityAnswer> MessageAsync(TeamsActivity message, TeamsWork basis)
        {
            var text = StripBotMentions(message);
            var kind = message.IsPersonal && !IsCommand(text) ? TeamsWork.DirectMessage : TeamsWork.Command;
            if (kind == TeamsWork.Command)
            {
                text = WithoutBotName(text);
            }

            if (text.Length == 0 && message.Value is not null)
            {
                // Action.Submit (an old client's fallback): the same mapping as Action.Execute, answered in the chat.
                if (CardActions.Read(basis, message.Value) is not { } submitted)
                {
                    return ActivityAnswer.Ok;
                }

                await StoreAsync(message, TeamsWork.CardAction, submitted, claim: false, cancellationToken);
                return ActivityAnswer.Ok;
            }

            if (!message.IsPersonal && !message.Mentions.Any(m => m.Mentioned.Id == message.Recipient?.Id))
            {
                // In a channel the bot acts only when addressed (resource-specific consent could deliver every message).
                await StoreAsync(message, null, null, claim: false, cancellationToken);
                return ActivityAnswer.Ok;
            }

            var mentions = message.Mentions
                .Where(m => m.Mentioned.Id != message.Recipient?.Id)
                .GroupBy(m => m.Text, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().Mentioned.Id, StringComparer.Ordinal);
            await StoreAsync(message, kind, basis with { Text = text, Mentions = mentions.Count == 0 ? null : mentions }, claim: false, cancellationToken);
            return ActivityAnswer.Ok;
        }

        async Task<ActivityAnswer> InstallAsync(TeamsActivity update, TeamsWork basis)
        {
            var botAdded = update.MembersAdded.Any(m => m.Id == update.Recipient?.Id)
                || (update.Type == "installationUpdate" && update.Action is "add" or "add-upgrade");
            var membersJoined = update.MembersAdded.Any(m => m.Id != update.Recipient?.Id);
            var readRoster = update.TeamId is not null && (botAdded || membersJoined);
            await StoreAsync(update, readRoster ? TeamsWork.Roster : null, basis, claim: false, cancellationToken);
            return ActivityAnswer.Ok;
        }
    }

    /// <summary>Runs the card action in the request, stored first and leased to this request in the same transaction.</summary>
    private async Task<ActivityAnswer> CardActionAsync(TeamsActivity activity, TeamsWork basis, CancellationToken cancellationToken)
    {
        if (CardActions.Read(basis, activity.Value) is not { } work)
        {
            return new ActivityAnswer(200, CardActions.Error(400, "BadRequest", "That action is not one StatusBot sent."));
        }

        var id = await StoreAsync(activity, TeamsWork.CardAction, work, claim: true, cancellationToken);
        if (id is null)
        {
            return new ActivityAnswer(200, CardActions.Text("That action was already received; nothing more was changed."));
        }

        CardActionOutcome outcome;
        try
        {
            outcome = await cardActions.RunAsync(work, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Handed to the inbound worker, which runs it again and sends the outcome to the person's chat.
            logger.LogWarning(exception, "A Teams card action failed in its request; the inbound worker retries it");
            await using (var session = await store.BeginAsync(CancellationToken.None))
            {
                await session.InboundWork.ReleaseAsync(id.Value, RequestWorker, CancellationToken.None);
                await session.CommitAsync(CancellationToken.None);
            }

            signal.Nudge();
            return new ActivityAnswer(200, CardActions.Text("That could not be finished right now; I will try again and send you the result."));
        }

        await using (var session = await store.BeginAsync(CancellationToken.None))
        {
            await session.InboundWork.MarkDoneAsync(id.Value, RequestWorker, time.GetUtcNow(), CancellationToken.None);
            await session.CommitAsync(CancellationToken.None);
        }

        return new ActivityAnswer(200, CardActions.InvokeResponse(outcome));
    }

    /// <summary>
    /// One transaction: the references the activity reveals, then the work (unless the activity id was stored before).
    /// Returns the work's id; null for a repeat or when there is no work.
    /// </summary>
    private async Task<long?> StoreAsync(TeamsActivity activity, string? kind, TeamsWork? work, bool claim, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        long? id = null;
        await using (var session = await store.BeginAsync(cancellationToken))
        {
            foreach (var reference in References(activity, now))
            {
                await session.ConversationReferences.UpsertAsync(reference, cancellationToken);
            }

            if (kind is not null && work is not null)
            {
                id = await session.InboundWork.AddAsync(
                    new InboundWork
                    {
                        Kind = kind,
                        WorkspaceId = TeamsIds.Workspace(work.TenantId),
                        Payload = work.ToJson(),
                        DedupKey = activity.Id is { Length: > 0 } activityId ? "teams:activity:" + activityId : null,
                        CreatedAt = now,
                        NextAttemptAt = now,
                    },
                    cancellationToken);
                if (id is not null && claim)
                {
                    await session.InboundWork.ClaimAsync(id.Value, RequestWorker, now, InvokeLease, cancellationToken);
                }
            }

            await session.CommitAsync(cancellationToken);
        }

        if (id is not null && !claim)
        {
            signal.Nudge();
        }
        else if (kind is not null && id is null)
        {
            logger.LogInformation("Teams activity {ActivityId} was already stored; not performed again", activity.Id);
        }

        return id;
    }

    /// <summary>The sender (with the personal conversation when this is one), and the channel or team it came from.</summary>
    private static IEnumerable<ConversationReference> References(TeamsActivity activity, DateTimeOffset now)
    {
        var tenant = activity.TenantId!;
        if (activity.From is { AadObjectId: { Length: > 0 } aad } from)
        {
            yield return new ConversationReference
            {
                Address = TeamsIds.Person(tenant, aad),
                ServiceUrl = activity.ServiceUrl!,
                ConversationId = activity.IsPersonal ? activity.ConversationId : null,
                PlatformUserId = from.Id,
                UpdatedAt = now,
            };
        }

        var channel = activity.TeamChannelId ?? (activity.ConversationType == "channel" && activity.ConversationId is { } id ? TeamsIds.ChannelOfConversation(id) : null);
        if (channel is not null)
        {
            yield return new ConversationReference { Address = TeamsIds.Channel(tenant, channel), ServiceUrl = activity.ServiceUrl!, ConversationId = channel, UpdatedAt = now };
        }

        if (activity.TeamId is { } team && team != channel)
        {
            yield return new ConversationReference { Address = TeamsIds.Channel(tenant, team), ServiceUrl = activity.ServiceUrl!, ConversationId = team, UpdatedAt = now };
        }
    }

    private static TeamsWork Base(TeamsActivity activity, string tenant)
    {
        var channel = activity.TeamChannelId ?? (activity.ConversationType == "channel" && activity.ConversationId is { } id ? TeamsIds.ChannelOfConversation(id) : null);
        return new TeamsWork
        {
            TenantId = tenant,
            ServiceUrl = activity.ServiceUrl!,
            UserId = activity.From?.Id,
            AadObjectId = activity.From?.AadObjectId,
            UserName = activity.From?.Name,
            TimeZone = activity.TimeZone,
            ConversationId = activity.ConversationId,
            Personal = activity.IsPersonal,
            ActivityId = activity.Id,
            TeamId = activity.TeamId,
            ChannelId = activity.IsPersonal ? null : channel,
        };
    }

    /// <summary>The text without the bot's own <c>&lt;at&gt;…&lt;/at&gt;</c> mentions, trimmed.</summary>
    internal static string StripBotMentions(TeamsActivity activity)
    {
        var text = activity.Text ?? string.Empty;
        foreach (var (mentionText, mentioned) in activity.Mentions)
        {
            if (mentioned.Id == activity.Recipient?.Id && mentionText.Length > 0)
            {
                text = text.Replace(mentionText, " ", StringComparison.Ordinal);
            }
        }

        return text.Trim();
    }

    /// <summary>A leading <c>statusbot</c> or <c>/statusbot</c> (as typed from habit in Slack) is dropped from a command.</summary>
    internal static string WithoutBotName(string text)
    {
        var words = text.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
        return words.Length > 0 && words[0].TrimStart('/').Equals("statusbot", StringComparison.OrdinalIgnoreCase)
            ? (words.Length > 1 ? words[1].Trim() : string.Empty)
            : text;
    }

    /// <summary>
    /// Personal-chat text is a command when it starts with a command's first word (<c>help</c>, <c>status</c>, <c>team</c>…)
    /// and is not a check-in answer's dependency line (<c>dep 12 eta …</c>); anything else is a check-in answer.
    /// </summary>
    internal static bool IsCommand(string text)
    {
        var words = text.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return true;
        }

        var first = words[0].TrimStart('/');
        if (first.Equals("statusbot", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (first.Equals("dep", StringComparison.OrdinalIgnoreCase) && words.Length > 1 && words[1].TrimStart('#').All(char.IsAsciiDigit))
        {
            return false;
        }

        return CommandCatalog.Verbs.Any(verb => verb.Noun.Equals(first, StringComparison.OrdinalIgnoreCase));
    }
}
