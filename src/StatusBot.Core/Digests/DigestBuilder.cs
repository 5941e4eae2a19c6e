using System.Diagnostics;
using StatusBot.Core.Messages;
using StatusBot.Core.Observability;
using StatusBot.Core.Storage;

namespace StatusBot.Core.Digests;

/// <summary>The digest for <c>status</c> and <c>digest preview</c>: reads the week and renders it, posting nothing.</summary>
public sealed class DigestBuilder(IStatusBotStore store, DigestModelLoader loader, DigestOptions options) : IDigestBuilder
{
    public async Task<ChatMessage> BuildAsync(long programId, DateOnly weekOf, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginAsync(cancellationToken);
        return await BuildAsync(session, programId, weekOf, cancellationToken);
    }

    /// <summary>Builds inside the caller's unit of work (the publisher's, so what is posted is what is stored).</summary>
    public async Task<ChatMessage> BuildAsync(IStoreSession session, long programId, DateOnly weekOf, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var digest = DigestRenderer.Render(await loader.LoadAsync(session, programId, weekOf, cancellationToken), options.MaxBlocks);
        StatusBotTelemetry.RecordDigestBuild("preview", Stopwatch.GetElapsedTime(started));
        return digest;
    }
}
