using StatusBot.Core.Delivery;

namespace StatusBot.Core.Tests.Delivery;

public sealed class RequestBatcherTests
{
    [Fact]
    public async Task Requests_arriving_while_a_batch_runs_form_the_next_batch_and_each_caller_gets_its_own_result()
    {
        var batches = new List<int[]>();
        var firstStarted = new TaskCompletionSource();
        var releaseFirst = new TaskCompletionSource();
        var batcher = new RequestBatcher<int, string>(
            async requests =>
            {
                lock (batches)
                {
                    batches.Add([.. requests]);
                }

                if (requests[0] == 1)
                {
                    firstStarted.SetResult();
                    await releaseFirst.Task;
                }

                return [.. requests.Select(request => $"r{request}")];
            },
            maxBatch: 3);

        var first = batcher.RunAsync(1);
        await firstStarted.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var waiting = Enumerable.Range(2, 4).Select(batcher.RunAsync).ToList();
        releaseFirst.SetResult();

        Assert.Equal(["r1", "r2", "r3", "r4", "r5"], await Task.WhenAll([first, .. waiting]).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        // The lone first request ran at once; the four that came while it ran went in batches of at most three, in order.
        Assert.Equal([[1], [2, 3, 4], [5]], batches);
    }

    [Fact]
    public async Task A_failed_batch_fails_its_own_callers_only_and_the_next_batch_still_runs()
    {
        var gate = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        var batcher = new RequestBatcher<int, int>(
            async requests =>
            {
                started.TrySetResult();
                await gate.Task;
                return requests.Contains(13) ? throw new InvalidOperationException("the store went away") : [.. requests.Select(request => request * 2)];
            },
            maxBatch: 2);

        var failing = batcher.RunAsync(13);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var next = batcher.RunAsync(14);
        gate.SetResult();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Equal("the store went away", error.Message);
        Assert.Equal(28, await next.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Equal(42, await batcher.RunAsync(21).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }
}
