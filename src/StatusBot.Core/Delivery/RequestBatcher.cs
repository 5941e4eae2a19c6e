namespace StatusBot.Core.Delivery;

/// <summary>
/// Runs the requests of many concurrent callers a batch at a time, with one batch in flight: while a batch runs, the
/// requests that arrive gather for the next, so the batches grow exactly when the store is slow and a lone request
/// runs at once. Each caller waits for its own result.
/// </summary>
/// <param name="run">Runs a batch; returns one result per request, in the requests' order.</param>
public sealed class RequestBatcher<TRequest, TResult>(Func<IReadOnlyList<TRequest>, Task<IReadOnlyList<TResult>>> run, int maxBatch)
{
    private readonly Lock _gate = new();
    private readonly List<Waiting> _waiting = [];
    private bool _running;

    public Task<TResult> RunAsync(TRequest request)
    {
        var waiting = new Waiting(request);
        bool start;
        lock (_gate)
        {
            _waiting.Add(waiting);
            start = !_running;
            _running = true;
        }

        if (start)
        {
            _ = Task.Run(RunWhileWaitingAsync);
        }

        return waiting.Done.Task;
    }

    private async Task RunWhileWaitingAsync()
    {
        while (true)
        {
            List<Waiting> batch;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _running = false;
                    return;
                }

                var count = Math.Min(_waiting.Count, maxBatch);
                batch = _waiting.GetRange(0, count);
                _waiting.RemoveRange(0, count);
            }

            try
            {
                var results = await run(batch.ConvertAll(waiting => waiting.Request));
                if (results.Count != batch.Count)
                {
                    throw new InvalidOperationException($"A batch of {batch.Count} requests returned {results.Count} results.");
                }

                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.SetResult(results[i]);
                }
            }
            catch (Exception exception)
            {
                foreach (var waiting in batch)
                {
                    waiting.Done.TrySetException(exception);
                }
            }
        }
    }

    private sealed record Waiting(TRequest Request)
    {
        // Continuations run on the pool, not inside the batch loop: a caller's next step must not hold up the next batch.
        public TaskCompletionSource<TResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
