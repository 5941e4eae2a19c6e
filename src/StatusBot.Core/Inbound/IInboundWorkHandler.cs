using StatusBot.Core.Delivery;

namespace StatusBot.Core.Inbound;

/// <summary>
/// Performs stored inbound work of the kinds it owns (an adapter registers one). It may call the core's inbound
/// ports and answer the platform directly (a <c>response_url</c>, a modal); messages posted to a person or channel
/// go in <see cref="InboundWorkResult.Messages"/>, which the drainer queues in the same transaction that marks the
/// work done, so a run repeated after a crash does not send them twice.
/// </summary>
public interface IInboundWorkHandler
{
    bool Handles(string kind);

    Task<InboundWorkResult> RunAsync(InboundWork work, CancellationToken cancellationToken);
}

/// <summary>What a run leaves to be sent: outbox rows (give them dedup keys derived from the work id).</summary>
public sealed record InboundWorkResult(IReadOnlyList<OutboxMessage> Messages)
{
    public static InboundWorkResult Nothing { get; } = new([]);
}
