using StatusBot.Core.Health;

namespace StatusBot.Data.Startup;

/// <summary>Whether the store is reachable and migrated; other services wait on <see cref="WhenReadyAsync"/>.</summary>
public sealed class StoreReadiness : IReadinessCheck
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => "store";

    public string? Problem { get; private set; } = "store not initialized yet";

    public bool IsReady => Problem is null;

    public Task WhenReadyAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    internal void MarkReady()
    {
        Problem = null;
        _ready.TrySetResult();
    }

    internal void MarkFailing(string problem) => Problem = problem;
}
