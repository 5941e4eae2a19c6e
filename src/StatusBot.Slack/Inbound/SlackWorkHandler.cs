using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using StatusBot.Core.Delivery;
using StatusBot.Core.Inbound;
using StatusBot.Core.Messages;
using StatusBot.Slack.Events;
using StatusBot.Slack.Interactions;
using StatusBot.Slack.Rendering;
using StatusBot.Slack.Replies;
using StatusBot.Slack.WebApi;

namespace StatusBot.Slack.Inbound;

/// <summary>
/// Performs stored Slack work after the acknowledgement, each run in its own DI scope: asks the core, then answers
/// through the <c>response_url</c>, a modal or App Home directly, and queues direct messages as outbox rows (keyed by
/// the work id, so a run repeated after a crash queues them once, and the workspace's send lease paces them).
/// </summary>
internal sealed class SlackWorkHandler(IServiceScopeFactory scopes, TimeProvider time) : IInboundWorkHandler
{
    /// <summary>
    /// A <c>trigger_id</c> works for 3 seconds after the click; past this age the modal is not attempted and the person
    /// is told to press again instead (a late <c>views.open</c> fails with <c>expired_trigger_id</c> anyway).
    /// </summary>
    public static readonly TimeSpan TriggerLifetime = TimeSpan.FromMilliseconds(2500);

    public const string FormTooLateText = "The form could not be opened in time. Please press the button again.";

    public bool Handles(string kind) => kind.StartsWith("slack.", StringComparison.Ordinal);

    public async Task<InboundWorkResult> RunAsync(InboundWork work, CancellationToken cancellationToken)
    {
        var slack = SlackWork.FromJson(work.Payload);
        await using var scope = scopes.CreateAsyncScope();
        var run = new Run(scope.ServiceProvider, work, slack, time);
        switch (work.Kind)
        {
            case SlackWork.Command:
                await run.CommandAsync(cancellationToken);
                break;
            case SlackWork.DirectMessage:
                await run.DirectMessageAsync(cancellationToken);
                break;
            case SlackWork.Home:
                await run.HomeAsync(cancellationToken);
                break;
            case SlackWork.Button:
                await run.ButtonAsync(cancellationToken);
                break;
            case SlackWork.Form:
                await run.FormAsync(cancellationToken);
                break;
            case SlackWork.Shortcut:
                await run.ShortcutAsync(cancellationToken);
                break;
            default:
                throw new InvalidOperationException($"unknown Slack work kind '{work.Kind}'");
        }

        return new InboundWorkResult(run.Messages);
    }

    private sealed class Run(IServiceProvider services, InboundWork work, SlackWork slack, TimeProvider time)
    {
        public List<OutboxMessage> Messages { get; } = [];

        private SlackReplies Replies => services.GetRequiredService<SlackReplies>();

        private Task<Caller> CallerAsync(CancellationToken ct) =>
            services.GetRequiredService<SlackCallers>().ResolveAsync(slack.TeamId, slack.UserId, slack.UserName, ct);

        public async Task CommandAsync(CancellationToken ct)
        {
            var caller = await CallerAsync(ct);
            var request = new CommandRequest(caller, (slack.Text ?? string.Empty).Trim(), slack.ChannelId is null ? null : SlackIds.Channel(slack.TeamId, slack.ChannelId));
            await Replies.RunAndRespondAsync(slack.ResponseUrl!, c => services.GetRequiredService<ICommandHandler>().HandleAsync(request, c), ct);
        }

        public async Task DirectMessageAsync(CancellationToken ct)
        {
            var caller = await CallerAsync(ct);
            var reply = await services.GetRequiredService<IDirectMessageHandler>().HandleAsync(new DirectMessageRequest(caller, slack.Text ?? string.Empty), ct);
            if (reply is not null)
            {
                QueueDirect(reply);
            }
        }

        public async Task HomeAsync(CancellationToken ct)
        {
            var caller = await CallerAsync(ct);
            var home = await services.GetRequiredService<ICommandHandler>().HandleAsync(new CommandRequest(caller, EventDispatcher.HomeCommand), ct);
            await services.GetRequiredService<SlackApiClient>().PublishViewAsync(slack.TeamId, slack.UserId, BlockKitRenderer.RenderHome(home), ct);
        }

        public async Task ShortcutAsync(CancellationToken ct)
        {
            var caller = await CallerAsync(ct);
            QueueDirect(await services.GetRequiredService<ICommandHandler>().HandleAsync(new CommandRequest(caller, slack.Text ?? string.Empty), ct));
        }

        public async Task ButtonAsync(CancellationToken ct)
        {
            var caller = new Caller(SlackIds.Person(slack.TeamId, slack.UserId), slack.UserName);
            var result = await services.GetRequiredService<IInteractionHandler>().PressAsync(new ButtonPress(caller, slack.ActionId ?? string.Empty, slack.Value ?? string.Empty), ct);
            switch (result)
            {
                case ButtonResult.Reply reply:
                    await ReplyAsync(reply.Message, ct);
                    break;
                case ButtonResult.OpenForm open:
                    await OpenFormAsync(open.Form, ct);
                    break;
            }
        }

        public async Task FormAsync(CancellationToken ct)
        {
            var caller = new Caller(SlackIds.Person(slack.TeamId, slack.UserId), slack.UserName);
            var submission = new FormSubmission(caller, slack.Value ?? string.Empty, slack.Values ?? []);
            var result = await services.GetRequiredService<IInteractionHandler>().SubmitAsync(submission, ct);
            var message = result switch
            {
                FormResult.Accepted accepted => accepted.Confirmation,
                FormResult.Invalid invalid => ButtonReplies.ErrorsMessage(invalid),
                _ => null,
            };
            if (message is not null)
            {
                await ReplyAsync(message, ct);
            }
        }

        /// <summary>Opens the modal while the click's trigger is valid; otherwise, or if Slack refuses, the person is told so.</summary>
        private async Task OpenFormAsync(FormBlock form, CancellationToken ct)
        {
            if (slack.TriggerId is null || time.GetUtcNow() - work.CreatedAt > TriggerLifetime)
            {
                await ReplyAsync(ButtonReplies.Notice(FormTooLateText), ct);
                return;
            }

            try
            {
                await services.GetRequiredService<SlackApiClient>().OpenViewAsync(slack.TeamId, slack.TriggerId, ModalRenderer.Render(form), ct);
            }
            catch (SlackApiException exception)
            {
                await ReplyAsync(ButtonReplies.Notice($"{FormTooLateText} (Slack: {exception.Error})"), ct);
            }
        }

        /// <summary>
        /// Through the <c>response_url</c> when there is one (ephemeral, no API budget); if that post fails, or there is
        /// none, as a DM through the outbox, so the answer is never lost.
        /// </summary>
        private async Task ReplyAsync(ChatMessage message, CancellationToken ct)
        {
            if (slack.ResponseUrl is not null && await Replies.TryRespondAsync(slack.ResponseUrl, message, ct))
            {
                return;
            }

            QueueDirect(message);
        }

        /// <summary>Into the DM the request came from when there is one (a DM event), else to the person (Slack opens the bot's DM).</summary>
        private void QueueDirect(ChatMessage message)
        {
            var to = work.Kind == SlackWork.DirectMessage && slack.ChannelId is { } channel
                ? new Destination(DestinationKind.DirectMessage, SlackIds.Channel(slack.TeamId, channel))
                : Destination.DirectMessage(SlackIds.Person(slack.TeamId, slack.UserId));
            var now = time.GetUtcNow();
            Messages.Add(new OutboxMessage
            {
                WorkspaceId = to.WorkspaceId,
                Destination = to,
                Message = message,
                DedupKey = string.Create(CultureInfo.InvariantCulture, $"inbound:{work.Id}:reply:{Messages.Count}"),
                CreatedAt = now,
                NextAttemptAt = now,
            });
        }
    }
}
