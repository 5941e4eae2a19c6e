using System.Net;
using Microsoft.Extensions.Options;
using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Core.Workspaces;
using StatusBot.MicrosoftTeams.Connector;
using StatusBot.MicrosoftTeams.Rendering;
using StatusBot.MicrosoftTeams.Startup;

namespace StatusBot.MicrosoftTeams.Delivery;

/// <summary>
/// The core's outbound port for Microsoft Teams. Teams cannot message an id directly: every send goes to the
/// conversation of the address's stored <see cref="ConversationReference"/>, at its <c>serviceUrl</c> (captured from
/// a validated activity; no other host is ever called). A person known only as a member (no conversation id yet) gets
/// the 1:1 conversation created first (<c>POST {serviceUrl}/v3/conversations</c>) and its id stored for next time.
/// Messages go out as Adaptive Cards; the platform message id is the activity id, which <see cref="UpdateAsync"/>
/// replaces in place. Every call is paced by <see cref="TeamsRateLimiter"/> first.
/// Answers become <see cref="DeliveryResult"/>s and never exceptions: 429 → rate limited for Retry-After (and the
/// tenant's buckets wait as long); 412, 502, 503, 504, timeouts and network errors → transient (the outbox retries
/// with backoff); 403 (<c>MessageWritesBlocked</c>: the person blocked or removed the bot), 404 (the conversation is
/// gone) and the rest → permanent with the service's reason, which the outbox shows the program's TPMs.
/// </summary>
internal sealed class TeamsChatPlatform(
    BotConnectorClient connector,
    StoredConversationReferences references,
    TeamsRateLimiter limiter,
    IOptions<TeamsOptions> options,
    IOptions<TeamsDeliveryOptions> delivery,
    TimeProvider time) : IChatPlatform
{
    public ChatPlatform Platform => ChatPlatform.Teams;

    public async Task<DeliveryResult> SendAsync(Destination destination, ChatMessage message, CancellationToken cancellationToken)
    {
        if (!TeamsAddress.TryParse(destination.Address, out var addressTenant, out _))
        {
            return NotTeams(destination);
        }

        // The tenant's slot first, so that reading the reference overlaps the wait for it: one sender drains a tenant
        // one message at a time, and time spent between sends would otherwise be lost from the tenant's rate.
        var tenantSlot = limiter.ReserveTenant(addressTenant, delivery.Value.MaxClientWait);
        if (!tenantSlot.Granted)
        {
            return DeliveryResult.RateLimited(tenantSlot.Wait);
        }

        var sendAt = time.GetUtcNow() + tenantSlot.Wait;
        var target = await ResolveAsync(destination, cancellationToken);
        if (target.Failure is { } failure)
        {
            return failure;
        }

        var (tenantId, serviceUrl, reference) = (target.TenantId!, target.ServiceUrl!, target.Reference!);
        try
        {
            var conversationId = reference.ConversationId;
            if (conversationId is null)
            {
                // Checked by ResolveAsync: only a person with a known Teams user id gets here.
                var userId = reference.PlatformUserId!;
                if (await PaceAsync(TeamsOperation.CreateConversation, tenantId, userId, cancellationToken) is { } refused)
                {
                    return refused;
                }

                var created = await connector.CreateConversationAsync(
                    serviceUrl, new OneOnOneConversation("28:" + options.Value.AppId, userId, tenantId), cancellationToken);
                conversationId = created.Id;

                // Stored before the send: creating the same 1:1 again is harmless but spends a call of the tenant's budget.
                await references.SaveAsync(reference with { ConversationId = conversationId, UpdatedAt = time.GetUtcNow() }, cancellationToken);
            }

            var threadSlot = limiter.Reserve(TeamsOperation.SendToConversation, tenantId, conversationId, delivery.Value.MaxClientWait, countTenant: false);
            if (!threadSlot.Granted)
            {
                return DeliveryResult.RateLimited(threadSlot.Wait);
            }

            var wait = sendAt - time.GetUtcNow();
            await DelayAsync(wait > threadSlot.Wait ? wait : threadSlot.Wait, cancellationToken);
            var activityId = await connector.SendAsync(serviceUrl, conversationId, AdaptiveCardRenderer.RenderActivity(message), cancellationToken);
            return DeliveryResult.Delivered(activityId);
        }
        catch (Exception exception) when (Failure(exception, tenantId, cancellationToken) is { } result)
        {
            return result;
        }
    }

    /// <summary>Replaces the card of an activity sent earlier (its id as recorded at delivery) in the address's conversation.</summary>
    public async Task<DeliveryResult?> UpdateAsync(Destination destination, string platformMessageId, ChatMessage message, CancellationToken cancellationToken)
    {
        var target = await ResolveAsync(destination, cancellationToken);
        if (target.Failure is { } failure)
        {
            return failure;
        }

        if (target.Reference!.ConversationId is not { } conversationId)
        {
            // The earlier message cannot have been sent into a conversation we do not know: post anew (the drainer does on a permanent answer).
            return DeliveryResult.Permanent($"Teams: no conversation is known for {destination.Address}, so message {platformMessageId} cannot be updated");
        }

        try
        {
            if (await PaceAsync(TeamsOperation.SendToConversation, target.TenantId!, conversationId, cancellationToken) is { } paused)
            {
                return paused;
            }

            await connector.UpdateAsync(target.ServiceUrl!, conversationId, platformMessageId, AdaptiveCardRenderer.RenderActivity(message), cancellationToken);
            return DeliveryResult.Delivered(platformMessageId);
        }
        catch (Exception exception) when (Failure(exception, target.TenantId!, cancellationToken) is { } result)
        {
            return result;
        }
    }

    /// <summary>The address's tenant, stored reference and trusted service URL, or why there is nowhere to send.</summary>
    private async Task<Target> ResolveAsync(Destination destination, CancellationToken cancellationToken)
    {
        if (!TeamsAddress.TryParse(destination.Address, out var tenantId, out _))
        {
            return new Target(null, null, null, NotTeams(destination));
        }

        var reference = await references.GetAsync(destination.Address, cancellationToken);
        if (reference is null)
        {
            return Target.Refused(destination.Kind == DestinationKind.DirectMessage
                ? $"Teams: no conversation is known with {destination.Address}: this person has not installed the StatusBot app in Teams (or it was never seen in a team StatusBot was added to)"
                : $"Teams: no conversation is known for channel {destination.Address}: StatusBot has not been added to that team, or the channel was bound before it was");
        }

        // Only service URLs captured from validated activities are stored; this guards against a malformed row, never
        // widening what is trusted (plain http only for a fake on this machine, as for the other Teams endpoints).
        if (!TeamsOptionsValidator.IsEndpoint(reference.ServiceUrl) || !Uri.TryCreate(reference.ServiceUrl, UriKind.Absolute, out var serviceUrl))
        {
            return Target.Refused($"Teams: the stored service URL of {destination.Address} is not an https URL ('{reference.ServiceUrl}')");
        }

        if (reference.ConversationId is null && (destination.Kind == DestinationKind.Channel || string.IsNullOrEmpty(reference.PlatformUserId)))
        {
            return Target.Refused($"Teams: no conversation is known for {destination.Address} and there is no Teams user id to open one with");
        }

        return new Target(tenantId, serviceUrl, reference, null);
    }

    /// <summary>Takes a slot for one call, waiting up to <see cref="TeamsDeliveryOptions.MaxClientWait"/>; a longer wait is "rate limited" for that long.</summary>
    private async Task<DeliveryResult?> PaceAsync(TeamsOperation operation, string tenantId, string thread, CancellationToken cancellationToken)
    {
        var reservation = limiter.Reserve(operation, tenantId, thread, delivery.Value.MaxClientWait);
        if (!reservation.Granted)
        {
            return DeliveryResult.RateLimited(reservation.Wait);
        }

        await DelayAsync(reservation.Wait, cancellationToken);
        return null;
    }

    private Task DelayAsync(TimeSpan wait, CancellationToken cancellationToken) =>
        wait > TimeSpan.Zero ? Task.Delay(wait, time, cancellationToken) : Task.CompletedTask;

    private static DeliveryResult NotTeams(Destination destination) =>
        DeliveryResult.Permanent($"'{destination.Address}' is not a Teams address (teams:<tenant>:<person or channel>)");

    /// <summary>What a failed call means for the outbox; null (rethrow) for the caller's own cancellation, which the drainer handles.</summary>
    private DeliveryResult? Failure(Exception exception, string tenantId, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case BotConnectorRetryableException { Status: HttpStatusCode.TooManyRequests } throttled:
                var retryAfter = throttled.RetryAfter is { } after && after > TimeSpan.Zero ? after : DefaultRetryAfter;
                limiter.Penalize(tenantId, retryAfter);
                return DeliveryResult.RateLimited(retryAfter);
            case BotConnectorRetryableException retryable:
                return new DeliveryResult(DeliveryOutcome.TransientFailure, Reason: $"Teams: HTTP {(int)retryable.Status}{Code(retryable)}", RetryAfter: retryable.RetryAfter);
            case BotConnectorException { Status: HttpStatusCode.Forbidden, Code: "MessageWritesBlocked" } blocked:
                return DeliveryResult.Permanent($"Teams: the person blocked StatusBot or removed the app (HTTP 403{Code(blocked)})");
            case BotConnectorException { Status: HttpStatusCode.NotFound } gone:
                return DeliveryResult.Permanent($"Teams: the conversation or message no longer exists (HTTP 404{Code(gone)})");
            case BotConnectorException refused:
                return DeliveryResult.Permanent($"Teams: {refused.Message}");
            case HttpRequestException network:
                return DeliveryResult.Transient($"Teams: network error: {network.Message}");
            case OperationCanceledException when !cancellationToken.IsCancellationRequested:
                return DeliveryResult.Transient($"Teams: no answer within {delivery.Value.HttpTimeout.TotalSeconds:0.#} s");
            default:
                return null;
        }
    }

    private static string Code(BotConnectorException exception) => exception.Code is { } code ? " " + code : string.Empty;

    /// <summary>A 429 without Retry-After: Teams' windows are one second and longer.</summary>
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    private sealed record Target(string? TenantId, Uri? ServiceUrl, ConversationReference? Reference, DeliveryResult? Failure)
    {
        public static Target Refused(string reason) => new(null, null, null, DeliveryResult.Permanent(reason));
    }
}
