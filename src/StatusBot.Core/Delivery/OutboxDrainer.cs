using System.Globalization;
using StatusBot.Core.Messages;
using StatusBot.Core.People;
using StatusBot.Core.Storage;
using StatusBot.Core.Workspaces;

namespace StatusBot.Core.Delivery;

/// <summary>
/// Delivers due outbox rows through the platform port of each row's workspace. Rows are leased in a short
/// transaction, sent with no transaction open, then marked in another short one (see README.md beside this file
/// for the guarantee). Rate limits are honoured per workspace, transient failures retried with capped, jittered
/// exponential backoff, and permanent failures recorded and surfaced to the program's TPMs.
/// </summary>
public sealed class OutboxDrainer
{
    public const string FailureNoticeKind = "delivery.failed";

    private const int RecordAttempts = 6;

    private readonly IStatusBotStore _store;
    private readonly Dictionary<ChatPlatform, IChatPlatform> _platforms;
    private readonly OutboxDrainerSettings _settings;
    private readonly TimeProvider _time;
    private readonly Random _random;

    /// <param name="random">The jitter source; tests pass a seeded or fixed one.</param>
    public OutboxDrainer(IStatusBotStore store, IEnumerable<IChatPlatform> platforms, OutboxDrainerSettings settings, TimeProvider time, Random random)
    {
        _store = store;
        _platforms = platforms.GroupBy(p => p.Platform).ToDictionary(g => g.Key, g => g.Last());
        _settings = settings;
        _time = time;
        _random = random;
    }

    /// <summary>Which platform serves a workspace id: <c>slack:…</c>, <c>teams:…</c> or <c>playground</c>.</summary>
    public static ChatPlatform? PlatformOf(string workspaceId) => workspaceId switch
    {
        _ when workspaceId.StartsWith("slack:", StringComparison.Ordinal) => ChatPlatform.Slack,
        _ when workspaceId.StartsWith("teams:", StringComparison.Ordinal) => ChatPlatform.Teams,
        _ when workspaceId == "playground" || workspaceId.StartsWith("playground:", StringComparison.Ordinal) => ChatPlatform.Playground,
        _ => null,
    };

    /// <summary>Leases one batch of due rows and delivers it; returns what happened (Claimed 0 means nothing was due).</summary>
    public async Task<DrainReport> DrainOnceAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<OutboxMessage> batch;
        await using (var session = await _store.BeginAsync(cancellationToken))
        {
            batch = await session.Outbox.ClaimDueAsync(_settings.WorkerId, _time.GetUtcNow(), _settings.Lease, _settings.BatchSize, cancellationToken);
            await session.CommitAsync(cancellationToken);
        }

        var report = new DrainReport { Claimed = batch.Count };
        var pausedUntil = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var row in batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (pausedUntil.TryGetValue(row.WorkspaceId, out var until) && until > _time.GetUtcNow())
            {
                // The platform already told us to slow down for this workspace: do not spend another call on it.
                await Reschedule(row, until, "rate limited", cancellationToken);
                report.Retried++;
                continue;
            }

            var result = await Send(row, cancellationToken);
            switch (result.Outcome)
            {
                case DeliveryOutcome.Delivered:
                    await InSession(s => s.Outbox.MarkDeliveredAsync(row.Id, _time.GetUtcNow(), result.PlatformMessageId, cancellationToken), cancellationToken);
                    report.Delivered++;
                    break;
                case DeliveryOutcome.RateLimited:
                    var retryAt = _time.GetUtcNow() + (result.RetryAfter is { } after && after > TimeSpan.Zero ? after : _settings.BaseRetryDelay);
                    pausedUntil[row.WorkspaceId] = retryAt;
                    await Reschedule(row, retryAt, result.Reason ?? "rate limited", cancellationToken);
                    report.Retried++;
                    break;
                case DeliveryOutcome.TransientFailure when row.Attempts < _settings.MaxAttempts:
                    await Reschedule(row, _time.GetUtcNow() + Backoff(row.Attempts), result.Reason ?? "transient failure", cancellationToken);
                    report.Retried++;
                    break;
                case DeliveryOutcome.TransientFailure:
                    await Fail(row, $"gave up after {row.Attempts} attempts: {result.Reason}", cancellationToken);
                    report.Failed++;
                    break;
                default:
                    await Fail(row, result.Reason ?? "the platform refused the message", cancellationToken);
                    report.Failed++;
                    break;
            }
        }

        return report;
    }

    /// <summary>Exponential backoff from <see cref="OutboxDrainerSettings.BaseRetryDelay"/>, capped, with "equal jitter" (half fixed, half random).</summary>
    public TimeSpan Backoff(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ceiling = Math.Min(_settings.BaseRetryDelay.TotalMilliseconds * Math.Pow(2, exponent), _settings.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ceiling / 2 + (ceiling / 2 * _random.NextDouble()));
    }

    private async Task<DeliveryResult> Send(OutboxMessage row, CancellationToken cancellationToken)
    {
        if (PlatformOf(row.WorkspaceId) is not { } kind)
        {
            return DeliveryResult.Permanent($"'{row.WorkspaceId}' is not a workspace of a known platform");
        }

        if (!_platforms.TryGetValue(kind, out var platform))
        {
            return DeliveryResult.Permanent($"{kind} is not configured on this host");
        }

        try
        {
            if (row.ReplacesId is { } earlierId && await ReplaceAsync(platform, row, earlierId, cancellationToken) is { } replaced)
            {
                return replaced;
            }

            return await platform.SendAsync(row.Destination, row.Message, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The port promises not to throw for a platform answer; anything else (a bug, a broken socket) may pass.
            return DeliveryResult.Transient($"{exception.GetType().Name}: {exception.Message}");
        }
    }

    /// <summary>
    /// Updates the earlier message in place where the platform can. Null means "post it as a new message": the earlier
    /// one failed, has no platform id, the platform cannot update, or the message is gone (deleted in the channel).
    /// </summary>
    private async Task<DeliveryResult?> ReplaceAsync(IChatPlatform platform, OutboxMessage row, long earlierId, CancellationToken cancellationToken)
    {
        OutboxMessage? earlier;
        await using (var session = await _store.BeginAsync(cancellationToken))
        {
            earlier = await session.Outbox.GetAsync(earlierId, cancellationToken);
        }

        if (earlier is { State: OutboxState.Pending })
        {
            // Sent after the first post, never before it: otherwise the older content would land last.
            return DeliveryResult.Transient($"waiting for the earlier message {earlierId} to be delivered first");
        }

        if (earlier is not { State: OutboxState.Delivered, PlatformMessageId: { Length: > 0 } platformMessageId })
        {
            return null;
        }

        var updated = await platform.UpdateAsync(row.Destination, platformMessageId, row.Message, cancellationToken);
        return updated is { Outcome: DeliveryOutcome.PermanentFailure } ? null : updated;
    }

    private Task Reschedule(OutboxMessage row, DateTimeOffset at, string reason, CancellationToken cancellationToken) =>
        InSession(s => s.Outbox.RescheduleAsync(row.Id, _settings.WorkerId, at, reason, cancellationToken), cancellationToken);

    private Task Fail(OutboxMessage row, string reason, CancellationToken cancellationToken) =>
        InSession(
            async session =>
            {
                if (!await session.Outbox.MarkFailedAsync(row.Id, _settings.WorkerId, reason, cancellationToken))
                {
                    return false;
                }

                await NotifyTpms(session, row, reason, cancellationToken);
                return true;
            },
            cancellationToken);

    /// <summary>Tells each TPM of the row's program, once per failed row; failure notices themselves are not reported again.</summary>
    private async Task NotifyTpms(IStoreSession session, OutboxMessage row, string reason, CancellationToken cancellationToken)
    {
        if (row.ProgramId is not { } programId || row.Message.Kind == FailureNoticeKind)
        {
            return;
        }

        var now = _time.GetUtcNow();
        // The same notice for every TPM; only the dedup key, and so the recipient, differs.
        var notice = new ChatMessage(
            FailureNoticeKind,
            $"A message could not be delivered to {row.Destination.Address}",
            [
                new HeaderBlock("A message could not be delivered"),
                new FieldsBlock([
                    new Field("To", InlineMarkup.Escape(row.Destination.Address)),
                    new Field("Message", InlineMarkup.Escape(row.Message.Summary)),
                    new Field("Reason", InlineMarkup.Escape(reason)),
                ]),
                new ContextBlock("StatusBot will not retry it. Check that the person or channel still exists and the bot can reach it."),
            ]);
        foreach (var role in await session.Programs.ListRolesAsync(programId, cancellationToken))
        {
            if (role.Role != Role.Tpm || await session.People.GetAsync(role.PersonId, cancellationToken) is not { Active: true } tpm)
            {
                continue;
            }

            await session.Outbox.EnqueueAsync(
                OutboxMessage.DirectMessageTo(
                    tpm.Identity,
                    notice,
                    string.Create(CultureInfo.InvariantCulture, $"delivery:failed:outbox:{row.Id}:tpm:{tpm.Id}"),
                    programId,
                    now),
                cancellationToken);
        }
    }

    /// <summary>
    /// Records an outcome, retrying a few times: the message may already be out, and a record that fails (SQLite busy,
    /// a connection blip) would leave the row leased until the lease expires and then send it a second time.
    /// </summary>
    private async Task InSession(Func<IStoreSession, Task<bool>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var session = await _store.BeginAsync(cancellationToken);
                await work(session);
                await session.CommitAsync(cancellationToken);
                return;
            }
            catch (Exception exception) when (attempt < RecordAttempts && exception is not OperationCanceledException)
            {
                // A real pause, not a clock read: it only spaces the retries out.
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt * attempt), cancellationToken);
            }
        }
    }
}

/// <summary>How the outbox is drained. Bound from <c>Outbox</c> configuration in the host.</summary>
public sealed class OutboxDrainerSettings
{
    /// <summary>Names this worker's leases; unique per process.</summary>
    public string WorkerId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public int BatchSize { get; set; } = 50;

    /// <summary>How long a leased row is left alone; after it, a row whose worker died is sent again.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts before a transiently failing row is given up as Failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long the worker waits before looking again when nothing was due.</summary>
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>What one drain pass did.</summary>
public sealed record DrainReport
{
    public int Claimed { get; init; }
    public int Delivered { get; set; }
    public int Retried { get; set; }
    public int Failed { get; set; }
}
