using System.Threading.Channels;

namespace StatusBot.Slack.Background;

/// <summary>Work that runs after Slack has been acknowledged (Slack allows 3 seconds for the answer).</summary>
internal delegate Task SlackWork(IServiceProvider services, CancellationToken cancellationToken);

/// <summary>
/// A bounded in-memory queue of post-acknowledgement work, drained by <see cref="SlackWorkDrainer"/>.
/// Bounded so that a flood cannot exhaust memory: when full, the endpoint answers "busy" instead of queuing.
/// </summary>
internal sealed class SlackWorkQueue
{
    public const int Capacity = 10_000;

    private readonly Channel<(string Name, SlackWork Work)> _channel = Channel.CreateBounded<(string, SlackWork)>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = false });

    public ChannelReader<(string Name, SlackWork Work)> Reader => _channel.Reader;

    /// <summary>Queues the work; false when the queue is full.</summary>
    public bool TryEnqueue(string name, SlackWork work) => _channel.Writer.TryWrite((name, work));

    public void Complete() => _channel.Writer.TryComplete();
}
