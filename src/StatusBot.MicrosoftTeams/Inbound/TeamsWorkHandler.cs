using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StatusBot.Core.Delivery;
using StatusBot.Core.Inbound;
using StatusBot.Core.Messages;
using StatusBot.MicrosoftTeams.Connector;
using StatusBot.MicrosoftTeams.Delivery;
using StatusBot.MicrosoftTeams.Rendering;

namespace StatusBot.MicrosoftTeams.Inbound;

/// <summary>
/// Performs stored Teams work after the acknowledgement, each run in its own DI scope: asks the core, answers a command
/// in the conversation it was typed in (in a channel: in its thread), and queues check-in replies and anything a failed
/// reply could not deliver as outbox rows keyed by the work id, so a run repeated after a crash queues them once.
/// </summary>
internal sealed class TeamsWorkHandler(IServiceScopeFactory scopes, TimeProvider time, ILogger<TeamsWorkHandler> logger) : IInboundWorkHandler
{
    /// <summary>Longest a command's reply waits for the thread's rate limit; past it the reply goes through the outbox.</summary>
    public static readonly TimeSpan MaxReplyWait = TimeSpan.FromSeconds(5);

    public bool Handles(string kind) => kind.StartsWith("teams.", StringComparison.Ordinal);

    public async Task<InboundWorkResult> RunAsync(InboundWork work, CancellationToken cancellationToken)
    {
        var teams = TeamsWork.FromJson(work.Payload);
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var messages = new List<OutboxMessage>();
        switch (work.Kind)
        {
            case TeamsWork.Command:
                await CommandAsync(services, work, teams, messages, cancellationToken);
                break;
            case TeamsWork.DirectMessage:
                var reply = await services.GetRequiredService<IDirectMessageHandler>().HandleAsync(new DirectMessageRequest(teams.Caller(), teams.Text ?? string.Empty), cancellationToken);
                if (reply is not null)
                {
                    messages.Add(Direct(work, teams, reply, messages.Count));
                }

                break;
            case TeamsWork.CardAction:
                // The invoke request that stored this died before answering: the outcome goes to the person's chat instead.
                var outcome = await services.GetRequiredService<CardActions>().RunAsync(teams, cancellationToken);
                if (outcome.Message is { } message)
                {
                    messages.Add(Direct(work, teams, message, messages.Count));
                }

                break;
            case TeamsWork.Roster:
                await services.GetRequiredService<TeamsRoster>().RefreshAsync(teams.TenantId, new Uri(teams.ServiceUrl), teams.TeamId!, cancellationToken);
                break;
            default:
                throw new InvalidOperationException($"unknown Teams work kind '{work.Kind}'");
        }

        return new InboundWorkResult(messages);
    }

    private async Task CommandAsync(IServiceProvider services, InboundWork work, TeamsWork teams, List<OutboxMessage> messages, CancellationToken ct)
    {
        var mentions = await services.GetRequiredService<TeamsRoster>().ResolveMentionsAsync(teams, ct);
        var channelRef = teams.ChannelId is null ? null : TeamsIds.Channel(teams.TenantId, teams.ChannelId);
        var request = new CommandRequest(teams.Caller(), (teams.Text ?? string.Empty).Trim(), channelRef, mentions);
        var reply = await services.GetRequiredService<ICommandHandler>().HandleAsync(request, ct);
        var activity = AdaptiveCardRenderer.RenderActivity(reply);
        var connector = services.GetRequiredService<BotConnectorClient>();
        var slot = services.GetRequiredService<TeamsRateLimiter>().Reserve(TeamsOperation.SendToConversation, teams.TenantId, teams.ConversationId, MaxReplyWait);
        if (!slot.Granted)
        {
            messages.Add(Direct(work, teams, reply, messages.Count));
            return;
        }

        try
        {
            await Task.Delay(slot.Wait, time, ct);
            // The command ran (and committed); answering is best-effort here and falls back to the outbox, so a failed
            // post never runs the command twice.
            var serviceUrl = new Uri(teams.ServiceUrl);
            if (teams.Personal || teams.ActivityId is null)
            {
                await connector.SendAsync(serviceUrl, teams.ConversationId!, activity, ct);
            }
            else
            {
                await connector.ReplyAsync(serviceUrl, teams.ConversationId!, teams.ActivityId, activity, ct);
            }
        }
        catch (Exception exception) when (exception is BotConnectorException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning("Replying to a Teams command failed ({Error}); the reply goes to the person's chat through the outbox", exception.Message);
            messages.Add(Direct(work, teams, reply, messages.Count));
        }
    }

    private OutboxMessage Direct(InboundWork work, TeamsWork teams, ChatMessage message, int index) =>
        OutboxMessage.DirectMessageTo(
            teams.Caller().Identity,
            message,
            string.Create(CultureInfo.InvariantCulture, $"inbound:{work.Id}:reply:{index}"),
            null,
            time.GetUtcNow());
}
