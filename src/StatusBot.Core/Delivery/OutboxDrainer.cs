using System.Diagnostics;
using System.Globalization;
using StatusBot.Core.Messages;
using StatusBot.Core.Observability;
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

    private readonly IStatusBotStore _store;
    private readonly Dictionary<ChatPlatform, IChatPlatform> _platforms;
    private readonly OutboxDrainerSettings _settings;
    private readonly TimeProvider _time;
    private readonly Random _random;

    private readonly OutboxBatches _batches;

    private readonly OutboxSignal? _signal;

    /// <param name="random">The jitter source; tests pass a seeded or fixed one.</param>
    /// <param name="batches">Shared by the lanes of a process, so their records and claims are written together; by default the drainer's own.</param>
    /// <param name="signal">Wakes the lane when rows are committed (<see cref="OutboxSignal"/>); none: it finds them at its next look.</param>
    public OutboxDrainer(
        IStatusBotStore store, IEnumerable<IChatPlatform> platforms, OutboxDrainerSettings settings, TimeProvider time, Random random, OutboxBatches? batches = null,
        OutboxSignal? signal = null)
    {
        _store = store;
        _signal = signal;
        _batches = batches ?? new OutboxBatches(store, time, settings.Lease, settings.BatchSize);
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

    /// <summary>
    /// Platforms whose rate budget is per workspace and shared by every client of the app: one worker at a time sends
    /// for such a workspace (the send lease), so N instances spend one budget, paced by one client-side limiter. The
    /// playground has no budget to share.
    /// </summary>
    public static bool NeedsSendLease(string workspaceId) => PlatformOf(workspaceId) is ChatPlatform.Slack or ChatPlatform.Teams;

    /// <summary>
    /// The workspaces this lane is sending for, each one sequence; a sequence may outlive the pass that started it (see
    /// <see cref="DrainOnceAsync"/>). One pass at a time per drainer: a lane is one loop.
    /// </summary>
    private readonly Dictionary<string, Task<DrainReport>> _sending = new(StringComparer.Ordinal);

    /// <summary>The outbox's latest row id when this lane last asked (<see cref="RowsAddedAsync"/>).</summary>
    private long _latestSeen;

    /// <summary>
    /// Leases the next rows of up to <see cref="OutboxDrainerSettings.Workspaces"/> workspaces (up to
    /// <see cref="OutboxDrainerSettings.BatchSize"/> each, taking their send leases in the same transaction) and delivers them:
    /// each workspace's rows in order, one at a time, and the workspaces at once, so one worker keeps many workspaces busy
    /// at their own rates. A workspace's place is filled again as soon as its sequence ends, free places after
    /// <see cref="TopUpDelay"/> when the last claim left free workspaces behind, and otherwise after
    /// <see cref="OutboxDrainerSettings.IdleDelay"/> when rows were added to the outbox since (<see cref="RowsAddedAsync"/>).
    /// <para>
    /// A pass lasts at most <see cref="OutboxDrainerSettings.Turn"/> (at least one wait once anything is sending) and then
    /// returns what its finished sequences did; sequences still sending carry on into the next pass, which reports them.
    /// Ending every sequence with its pass made each workspace wait, at every pass, for the slowest one of its lane.
    /// </para>
    /// <paramref name="cancellationToken"/> stops each workspace between sends (shutdown): a send in progress finishes (it is
    /// bounded by <see cref="OutboxDrainerSettings.SendTimeout"/>), the rest is put back unsent, and the pass returns only
    /// when every sequence has stopped. A sequence carried over keeps the token of the pass that started it.
    /// </summary>
    public async Task<DrainReport> DrainOnceAsync(CancellationToken cancellationToken)
    {
        var report = new DrainReport();
        var passEnds = _time.GetUtcNow() + _settings.Turn;
        var look = true;
        while (true)
        {
            Harvest(report);
            if (look && !cancellationToken.IsCancellationRequested && _sending.Count < _settings.Workspaces)
            {
                // Taken before the claim: rows committed while the lane looks wake it when it idles afterwards.
                _wake = _signal?.NextWake;
                _lookedAt = _time.GetUtcNow();
                var (batch, claimedAt, leftOver) = await ClaimAsync(_sending.Keys, _settings.Workspaces - _sending.Count);
                Start(batch, claimedAt, cancellationToken);
                report.Claimed += batch.Count;
                // A claim takes at most half its capacity in new workspaces, so instances polling together share them; when
                // it left free workspaces behind, the lane looks again after TopUpDelay.
                look = leftOver;
            }

            if (_sending.Count == 0 || cancellationToken.IsCancellationRequested)
            {
                break;
            }

            var ended = Task.WhenAny(_sending.Values);
            if (await Task.WhenAny(ended, Task.Delay(look ? TopUpDelay : _settings.IdleDelay, _time, cancellationToken)) == ended)
            {
                // A place is free: filled at once (by the same workspace when it still has rows due: its lease is held).
                look = true;
            }
            else if (!look && _sending.Count < _settings.Workspaces && !cancellationToken.IsCancellationRequested)
            {
                // Places are free and rows were added since (a slot's prompts, queued by any instance): look now rather than at
                // the end of the pass. Without this, the workspaces of a slot whose rows were queued a moment after the lane's
                // claim waited a whole Turn to start (the scale run: median 5 s).
                look = await RowsAddedAsync();
            }

            if (_time.GetUtcNow() >= passEnds)
            {
                Harvest(report);
                break;
            }
        }

        if (cancellationToken.IsCancellationRequested)
        {
            await StopSendingAsync(report);
        }

        report.Sending = _sending.Count;
        return report;
    }

    /// <summary>
    /// How soon a lane whose claim left free workspaces behind looks again: a tenth of <see cref="OutboxDrainerSettings.IdleDelay"/>,
    /// long enough for the other lanes and instances polling at the same slot to take their half first, short enough that
    /// no workspace waits a whole poll to start (a slot's workspaces started up to 1.2 s apart with a whole poll).
    /// </summary>
    private TimeSpan TopUpDelay => _settings.IdleDelay / 10;

    /// <summary>
    /// The signal's wake taken before the lane last looked for work (<see cref="OutboxSignal.NextWake"/>), and when it looked.
    /// Only an idle lane acts on it (<see cref="IdleAsync"/>), no sooner than <see cref="TopUpDelay"/> after that look:
    /// commits in quick succession (answers' replies) make it look at most every <see cref="TopUpDelay"/>, not once each,
    /// as every look walks the pending workspaces. A lane that is sending finds new rows by <see cref="RowsAddedAsync"/>:
    /// when every lane of a cluster acted on each of a slot's commits at once, their walks (one per lane per commit, all
    /// together) cost the scale run more than the workspaces' earlier start gained (ratio 0.87 against 0.90–0.94).
    /// </summary>
    private Task? _wake;

    private DateTimeOffset _lookedAt;

    /// <summary>
    /// Waits, after a pass that found nothing to do, for <see cref="OutboxDrainerSettings.IdleDelay"/> or until rows are
    /// committed (<see cref="OutboxSignal"/>), whichever comes first, but at least <see cref="TopUpDelay"/> after the pass
    /// looked: the idle loop of a lane.
    /// </summary>
    public async Task IdleAsync(CancellationToken cancellationToken)
    {
        var delay = Task.Delay(_settings.IdleDelay, _time, cancellationToken);
        if (_wake is { } wake && await Task.WhenAny(delay, wake) == wake)
        {
            var soonest = _lookedAt + TopUpDelay - _time.GetUtcNow();
            if (soonest > TimeSpan.Zero)
            {
                await Task.Delay(soonest, _time, cancellationToken);
            }

            return;
        }

        await delay;
    }

    /// <summary>
    /// True when the outbox's latest row id moved since this lane last asked: one index read, where a look for claimable
    /// workspaces walks every pending workspace. A row committed late under a lower id is found at the end of the pass.
    /// </summary>
    private async Task<bool> RowsAddedAsync()
    {
        // One statement, read only: no transaction round trips around it on PostgreSQL.
        await using var session = await _store.OpenAutoCommitAsync(CancellationToken.None);
        var latest = await session.Outbox.LatestIdAsync(CancellationToken.None);
        if (latest == _latestSeen)
        {
            return false;
        }

        _latestSeen = latest;
        return true;
    }

    /// <summary>Waits for every sequence (carried over ones too) and adds what they did to <paramref name="report"/>.</summary>
    private async Task StopSendingAsync(DrainReport report)
    {
        await AllSequencesEndedAsync();
        Harvest(report);
    }

    /// <summary>Completes when every sequence has ended, failed ones included (<see cref="Harvest"/> reports their failures).</summary>
    private async Task AllSequencesEndedAsync() =>
        await ((Task)Task.WhenAll(_sending.Values)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    /// <summary>
    /// Adds the sequences that ended to <paramref name="report"/> and frees their places. A sequence that failed (the store
    /// went away) is rethrown once the others are counted: its rows' leases expire and they are sent again.
    /// </summary>
    private void Harvest(DrainReport report)
    {
        List<Exception>? failures = null;
        foreach (var (workspace, sequence) in _sending.Where(s => s.Value.IsCompleted).ToList())
        {
            _sending.Remove(workspace);
            if (!sequence.IsCompletedSuccessfully)
            {
                (failures ??= []).Add(sequence.Exception?.InnerException ?? new OperationCanceledException());
                continue;
            }

            report.Add(sequence.Result);
        }

        if (failures is not null)
        {
            throw failures.Count == 1 ? failures[0] : new AggregateException(failures);
        }
    }

    /// <summary>Starts a sequence per workspace of <paramref name="batch"/>, claimed at <paramref name="claimedAt"/>.</summary>
    private void Start(IReadOnlyList<OutboxMessage> batch, DateTimeOffset claimedAt, CancellationToken cancellationToken)
    {
        foreach (var rows in batch.GroupBy(row => row.WorkspaceId, StringComparer.Ordinal))
        {
            _sending[rows.Key] = SendWorkspaceAsync([.. rows], claimedAt, cancellationToken);
        }
    }

    /// <summary>
    /// Picks workspaces with due rows that no other worker sends for, takes their send leases and leases their next rows, in
    /// one transaction. Not cancellable: a claim cut off between commit and answer would strand its rows until the lease
    /// expires. A few tries: workers starting together may pick the same workspaces, and the loser then picks others.
    /// </summary>
    /// <param name="sending">Workspaces this pass already sends for (left out).</param>
    /// <param name="capacity">How many more workspaces this pass can send for.</param>
    /// <returns>The rows leased, when, and whether free workspaces were left to others (or to a later look).</returns>
    private async Task<(IReadOnlyList<OutboxMessage> Batch, DateTimeOffset At, bool LeftOver)> ClaimAsync(IEnumerable<string> sending, int capacity)
    {
        var busy = sending.ToHashSet(StringComparer.Ordinal);
        for (var attempt = 1; ; attempt++)
        {
            await using var session = await _store.BeginAsync(CancellationToken.None);
            var now = _time.GetUtcNow();
            var listed = (await session.Outbox.ListClaimableWorkspacesAsync(_settings.WorkerId, now, _settings.Workspaces, CancellationToken.None))
                .Where(w => !busy.Contains(w.WorkspaceId))
                .ToList();
            // The workspaces it holds first (nobody else may send for them), then at most half its capacity in new ones, so
            // workers polling together share the due workspaces instead of the first one taking them all.
            var free = listed.Where(w => !w.HeldByMe).ToList();
            var newOnes = Math.Min(Math.Max(1, _settings.Workspaces / 2), capacity);
            var candidates = listed.Where(w => w.HeldByMe).Take(capacity)
                .Concat(free.Take(newOnes))
                .Select(w => w.WorkspaceId)
                .ToList();
            var held = await session.Outbox.HoldSendLeasesAsync(
                [.. candidates.Where(NeedsSendLease)], _settings.WorkerId, now, now + _settings.Lease, CancellationToken.None);
            var mine = candidates.Where(workspace => !NeedsSendLease(workspace) || held.Contains(workspace)).ToList();
            var batch = await session.Outbox.ClaimDueOfWorkspacesAsync(
                [.. mine.Select(workspace => new WorkspaceClaim(workspace, _settings.WorkerId))], now, _settings.Lease, _settings.BatchSize, CancellationToken.None);
            await session.CommitAsync(CancellationToken.None);
            if (batch.Count > 0 || candidates.Count == 0 || attempt == 3)
            {
                return (batch, now, free.Count > newOnes);
            }
        }
    }

    /// <summary>
    /// One workspace's rows of a batch, in order, one at a time: re-check, send, record, then the next. A delivery's record
    /// and the next row's re-check are one statement, written with the other workspaces' records (<see cref="OutboxBatches"/>).
    /// </summary>
    private async Task<DrainReport> SendWorkspaceAsync(IReadOnlyList<OutboxMessage> rows, DateTimeOffset claimedAt, CancellationToken cancellationToken)
    {
        // Sends of different workspaces run at once; each starts on the thread pool so one workspace's synchronous
        // stretches (rendering, a slow platform stub) never hold up another's.
        await Task.Yield();
        var report = new DrainReport();
        var sendLease = new SendLeaseClock(claimedAt);
        DateTimeOffset? pausedUntil = null;
        var sentByOther = false;
        Renewal? renewed = null;
        var taken = rows.Count;
        for (var i = 0; ; i++)
        {
            if (i == rows.Count)
            {
                // The batch is done. A workspace whose whole batch went out keeps its turn: its next rows are claimed now,
                // by this sequence, instead of by the lane's next claim (which walks the pending workspaces again: most of
                // a claim's cost).
                if (!KeepsTurn(rows, report.Delivered == taken, cancellationToken) || await ClaimNextBatchAsync(rows[0].WorkspaceId, sendLease) is not { Count: > 0 } more)
                {
                    break;
                }

                rows = more;
                taken += more.Count;
                report.Claimed += more.Count;
                i = 0;
            }

            var row = rows[i];
            if (cancellationToken.IsCancellationRequested || sentByOther)
            {
                await PutBack(row, row.NextAttemptAt, null);
                report.PutBack++;
                continue;
            }

            if (pausedUntil is { } until && until > _time.GetUtcNow())
            {
                // The platform already told us to slow down for this workspace: do not spend another call on it.
                await PutBack(row, until, "rate limited");
                report.Retried++;
                continue;
            }

            // The first row of a batch was leased by the claim moments ago, with the workspace's send lease: a claim younger
            // than RenewEvery is as good as a re-check (the row's lease still covers the send and nobody else can have it), so
            // it costs no transaction of its own. Every later row is re-checked in its predecessor's record.
            var renewal = renewed ?? (i == 0 && !sendLease.Due(_time.GetUtcNow(), _settings) ? Renewal.Held : await RenewAsync(row, sendLease));
            renewed = null;
            switch (renewal)
            {
                case Renewal.RowLost:
                    // Our lease ran out and another worker took the row (or it was settled): it is theirs to send.
                    report.Skipped++;
                    continue;
                case Renewal.WorkspaceLost:
                    sentByOther = true;
                    await PutBack(row, row.NextAttemptAt, null);
                    report.PutBack++;
                    continue;
            }

            var result = await TracedSend(row);
            switch (result.Outcome)
            {
                case DeliveryOutcome.Delivered:
                    var next = i + 1 < rows.Count && !cancellationToken.IsCancellationRequested ? rows[i + 1] : null;
                    // The record and the next row's re-check, written with the other workspaces' records of this process in
                    // one statement; the next send waits for it, so at most this one message is ever unrecorded.
                    var nextHeld = await _batches.RecordDeliveredAsync(row.Id, result.PlatformMessageId, next?.Id, _settings.WorkerId);
                    renewed = next is null ? null : nextHeld ? await RenewSendLeaseIfDueAsync(next, sendLease) : Renewal.RowLost;
                    StatusBotTelemetry.RecordSent(row.WorkspaceId, row.Message.Kind);
                    report.Delivered++;
                    break;
                case DeliveryOutcome.RateLimited:
                    // Not an attempt: the platform (or the client's own limiter) said "not now", not "no".
                    var retryAt = _time.GetUtcNow() + (result.RetryAfter is { } after && after > TimeSpan.Zero ? after : _settings.BaseRetryDelay);
                    pausedUntil = retryAt;
                    await PutBack(row, retryAt, result.Reason ?? "rate limited");
                    report.Retried++;
                    break;
                case DeliveryOutcome.TransientFailure when row.Attempts + 1 < _settings.MaxAttempts:
                    var dueAgain = _time.GetUtcNow() + Backoff(row.Attempts + 1);
                    await InSession(s => s.Outbox.RescheduleAsync(row.Id, _settings.WorkerId, dueAgain, result.Reason ?? "transient failure", CancellationToken.None));
                    // Worth a warning: a timeout or a lost answer is the one way a message reaches a person twice.
                    report.TransientFailures.Add(new TransientDelivery(row.Id, row.Destination.Address, row.Attempts + 1, result.Reason ?? "transient failure", dueAgain));
                    report.Retried++;
                    break;
                case DeliveryOutcome.TransientFailure:
                    await Fail(row, $"gave up after {row.Attempts + 1} attempts: {result.Reason}");
                    report.Failed++;
                    break;
                default:
                    await Fail(row, result.Reason ?? "the platform refused the message");
                    report.Failed++;
                    break;
            }
        }

        return report;
    }

    /// <summary>
    /// Whether a workspace's sequence claims its next rows itself: a workspace with a send lease (the claim needs nobody
    /// else's agreement), whose whole batch was delivered (nothing paused, failed, put back or lost), that filled its batch
    /// (a short batch means nothing more was due), unless <see cref="OutboxDrainerSettings.Turn"/> is zero. It keeps its turn
    /// for as long as that holds, across passes: ending it only to claim the same workspace again (the lane claims the
    /// workspaces it holds first) cost a walk of the pending workspaces each time, the most expensive statement of a claim.
    /// </summary>
    private bool KeepsTurn(IReadOnlyList<OutboxMessage> batch, bool allDelivered, CancellationToken cancellationToken) =>
        allDelivered
        && batch.Count >= _settings.BatchSize
        && NeedsSendLease(batch[0].WorkspaceId)
        && !cancellationToken.IsCancellationRequested
        && _settings.Turn > TimeSpan.Zero;

    /// <summary>
    /// The next rows of a workspace this sequence sends for. Its send lease is renewed first when due; otherwise it is
    /// still this worker's (renewed less than <see cref="SendLeaseClock.RenewEvery"/> ago) and the claim alone is one
    /// statement. Empty when nothing more is due or the workspace is no longer this worker's.
    /// </summary>
    private async Task<IReadOnlyList<OutboxMessage>> ClaimNextBatchAsync(string workspaceId, SendLeaseClock sendLease)
    {
        var now = _time.GetUtcNow();
        if (!sendLease.Due(now, _settings))
        {
            // Still this worker's: the claim alone, written with the other workspaces' claims of this process.
            return await _batches.ClaimNextAsync(workspaceId, _settings.WorkerId);
        }

        await using var session = await _store.BeginAsync(CancellationToken.None);
        if (!await session.Outbox.HoldSendLeaseAsync(workspaceId, _settings.WorkerId, now, now + _settings.Lease, CancellationToken.None))
        {
            return [];
        }

        sendLease.RenewedAt = now;
        var rows = await session.Outbox.ClaimDueOfWorkspacesAsync(
            [new WorkspaceClaim(workspaceId, _settings.WorkerId)], now, _settings.Lease, _settings.BatchSize, CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
        return rows;
    }

    /// <summary>
    /// At shutdown: hands this worker's workspaces to the other instances after a short pause, once its sequences have
    /// stopped (a sequence carried over from a pass stops when that pass's token is cancelled).
    /// </summary>
    public async Task ReleaseSendLeasesAsync()
    {
        await AllSequencesEndedAsync();
        _sending.Clear();
        await InSession(async s => await s.Outbox.ReleaseSendLeasesAsync(_settings.WorkerId, _time.GetUtcNow() + SendLeaseHandOver, CancellationToken.None) > 0);
    }

    /// <summary>
    /// A new sender for a workspace starts with a fresh client-side budget, so it must not start before the last sender's
    /// budget is refilled at the platform too: the slowest bucket the outbox spends refills within this pause (Slack:
    /// a workspace's chat.postMessage burst in about 1 s, chat.update at 50 a minute in 1.2 s). A workspace handed over by a
    /// stopping worker is free after it; one whose holder died is free when the lease expires, at least
    /// <c>Lease − SendTimeout</c> after its last send could land, which the settings validator keeps at least this long.
    /// </summary>
    public static readonly TimeSpan SendLeaseHandOver = TimeSpan.FromSeconds(2);

    /// <summary>Exponential backoff from <see cref="OutboxDrainerSettings.BaseRetryDelay"/>, capped, with "equal jitter" (half fixed, half random).</summary>
    public TimeSpan Backoff(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ceiling = Math.Min(_settings.BaseRetryDelay.TotalMilliseconds * Math.Pow(2, exponent), _settings.MaxRetryDelay.TotalMilliseconds);
        double jitter;
        lock (_random)
        {
            // Workspaces are sent at once, and a seeded Random is not thread-safe.
            jitter = _random.NextDouble();
        }

        return TimeSpan.FromMilliseconds(ceiling / 2 + (ceiling / 2 * jitter));
    }

    /// <summary>Re-checks, right before the send, that the row (and its workspace's send lease) is still this worker's, extending both.</summary>
    private async Task<Renewal> RenewAsync(OutboxMessage row, SendLeaseClock sendLease)
    {
        var renewal = Renewal.Held;
        await InSession(async session =>
        {
            renewal = await RenewIn(session, row, sendLease);
            return true;
        });
        return renewal;
    }

    /// <summary>
    /// Extends the row's lease, and the workspace's send lease when it was last renewed <see cref="SendLeaseClock.RenewEvery"/>
    /// ago or more: nobody else can have taken a workspace whose lease this worker renewed that recently.
    /// </summary>
    private async Task<Renewal> RenewIn(IStoreSession session, OutboxMessage row, SendLeaseClock sendLease)
    {
        var now = _time.GetUtcNow();
        if (!await session.Outbox.RenewLeaseAsync(row.Id, _settings.WorkerId, now + _settings.Lease, CancellationToken.None))
        {
            return Renewal.RowLost;
        }

        return await RenewSendLeaseIfDue(session, row, sendLease, now);
    }

    /// <summary><see cref="RenewSendLeaseIfDue"/> in a session of its own, opened only when the renewal is due.</summary>
    private async Task<Renewal> RenewSendLeaseIfDueAsync(OutboxMessage row, SendLeaseClock sendLease)
    {
        if (!NeedsSendLease(row.WorkspaceId) || !sendLease.Due(_time.GetUtcNow(), _settings))
        {
            return Renewal.Held;
        }

        var renewal = Renewal.Held;
        await InSession(async session =>
        {
            renewal = await RenewSendLeaseIfDue(session, row, sendLease, _time.GetUtcNow());
            return true;
        });
        return renewal;
    }

    /// <summary>The second half of <see cref="RenewIn"/>: the workspace's send lease, when its last renewal is <see cref="SendLeaseClock.RenewEvery"/> old.</summary>
    private async Task<Renewal> RenewSendLeaseIfDue(IStoreSession session, OutboxMessage row, SendLeaseClock sendLease, DateTimeOffset now)
    {
        if (!NeedsSendLease(row.WorkspaceId) || !sendLease.Due(now, _settings))
        {
            return Renewal.Held;
        }

        if (!await session.Outbox.HoldSendLeaseAsync(row.WorkspaceId, _settings.WorkerId, now, now + _settings.Lease, CancellationToken.None))
        {
            return Renewal.WorkspaceLost;
        }

        // Counted from before the commit: if the commit fails the record is retried, and a renewal dated too early is safe.
        sendLease.RenewedAt = now;
        return Renewal.Held;
    }

    /// <summary><see cref="Send"/> inside an "outbox send" span tagged with the platform, the message kind and the outcome.</summary>
    private async Task<DeliveryResult> TracedSend(OutboxMessage row)
    {
        using var activity = StatusBotTelemetry.ActivitySource.StartActivity("outbox send", ActivityKind.Producer);
        activity?.SetTag("statusbot.platform", StatusBotTelemetry.PlatformLabel(row.WorkspaceId));
        activity?.SetTag("statusbot.message_kind", row.Message.Kind);
        activity?.SetTag("statusbot.outbox_id", row.Id);
        var result = await Send(row);
        activity?.SetTag("statusbot.outcome", result.Outcome.ToString());
        if (result.Outcome is DeliveryOutcome.TransientFailure or DeliveryOutcome.PermanentFailure)
        {
            activity?.SetStatus(ActivityStatusCode.Error, result.Reason);
        }

        return result;
    }

    /// <summary>One platform call, bounded by <see cref="OutboxDrainerSettings.SendTimeout"/> and not cut short by shutdown (a message half-sent is worse).</summary>
    private async Task<DeliveryResult> Send(OutboxMessage row)
    {
        if (PlatformOf(row.WorkspaceId) is not { } kind)
        {
            return DeliveryResult.Permanent($"'{row.WorkspaceId}' is not a workspace of a known platform");
        }

        if (!_platforms.TryGetValue(kind, out var platform))
        {
            return DeliveryResult.Permanent($"{kind} is not configured on this host");
        }

        using var timeout = new CancellationTokenSource(_settings.SendTimeout, _time);
        try
        {
            if (row.ReplacesId is { } earlierId && await ReplaceAsync(platform, row, earlierId, timeout.Token) is { } replaced)
            {
                return replaced;
            }

            return await platform.SendAsync(row.Destination, row.Message, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // The platform may have accepted it: this is one of the duplicate cases the README lists.
            return DeliveryResult.Transient($"no answer within {_settings.SendTimeout.TotalSeconds:0.#} s");
        }
        catch (Exception exception)
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

    private Task PutBack(OutboxMessage row, DateTimeOffset at, string? reason) =>
        InSession(s => s.Outbox.PutBackAsync(row.Id, _settings.WorkerId, at, reason, CancellationToken.None));

    private async Task Fail(OutboxMessage row, string reason)
    {
        var failed = false;
        await InSession(async session =>
        {
            failed = await session.Outbox.MarkFailedAsync(row.Id, _settings.WorkerId, reason, CancellationToken.None);
            if (!failed)
            {
                return false;
            }

            await NotifyTpms(session, row, reason, CancellationToken.None);
            return true;
        });

        // Counted once the failure is stored, and only by the worker that stored it.
        if (failed)
        {
            StatusBotTelemetry.RecordFailed(row.WorkspaceId, row.Message.Kind);
        }
    }

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

    private Task InSession(Func<IStoreSession, Task<bool>> work) => OutcomeRecorder.RecordAsync(_store, work);

    /// <summary>
    /// When a workspace's send lease was last renewed. Renewing it before every send would cost a statement per message;
    /// renewing it every <see cref="RenewEvery"/> keeps the hand-over promise: the lease runs at least
    /// <c>Lease − RenewEvery</c> past any send's start, and a send ends within <c>SendTimeout</c>, so the next holder
    /// starts at least <see cref="SendLeaseHandOver"/> after the last send could land (the validator keeps
    /// <c>Lease − SendTimeout ≥ SendLeaseHandOver</c>; <see cref="RenewEvery"/> takes only the slack beyond that).
    /// </summary>
    private sealed class SendLeaseClock(DateTimeOffset renewedAt)
    {
        public DateTimeOffset RenewedAt { get; set; } = renewedAt;

        public static TimeSpan RenewEvery(OutboxDrainerSettings settings)
        {
            var slack = settings.Lease - settings.SendTimeout - SendLeaseHandOver;
            return slack < TimeSpan.FromSeconds(10) ? slack : TimeSpan.FromSeconds(10);
        }

        public bool Due(DateTimeOffset now, OutboxDrainerSettings settings) => now - RenewedAt >= RenewEvery(settings) || now < RenewedAt;
    }

    private enum Renewal
    {
        Held,
        RowLost,
        WorkspaceLost,
    }
}

/// <summary>How the outbox is drained. Bound from <c>Outbox</c> configuration in the host.</summary>
public sealed class OutboxDrainerSettings
{
    /// <summary>Names this worker's leases; unique per process.</summary>
    public string WorkerId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Rows of one workspace leased at a time. <c>BatchSize × SendTimeout</c> must stay under <see cref="Lease"/>, so a batch cannot outlast its lease.</summary>
    public int BatchSize { get; set; } = 8;

    /// <summary>How long a leased row is left alone; after it, a row whose worker died is sent again. Renewed before each send.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest one platform call may take, rate-limit wait included; a send that takes longer counts as a transient failure.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(12);

    /// <summary>Attempts before a transiently failing row is given up as Failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long the worker waits before looking again when nothing was due.</summary>
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Send loops in this process, each with leases of its own (as if it were another instance): a workspace is sent by one
    /// lane at a time, in order, so more lanes serve more workspaces at once without spending any workspace's budget faster.
    /// </summary>
    public int Lanes { get; set; } = 4;

    /// <summary>
    /// Workspaces one lane sends for at once, each at its own rate (one message at a time per workspace): with Slack's
    /// ~10 messages a second per workspace, 32 workspaces keep a lane at up to ~320 a second.
    /// </summary>
    public int Workspaces { get; set; } = 32;

    /// <summary>
    /// How long a drain pass lasts: a lane looks for newly due workspaces, and reports what its workspaces did, at least this
    /// often. Its workspaces keep sending across passes, each claiming its own next rows as a batch goes out while it has
    /// full batches due. Zero: one batch per workspace per claim.
    /// </summary>
    public TimeSpan Turn { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The settings of lane <paramref name="lane"/>: lane 0 keeps <see cref="WorkerId"/>, the others add <c>#lane</c>.</summary>
    public OutboxDrainerSettings ForLane(int lane)
    {
        var copy = (OutboxDrainerSettings)MemberwiseClone();
        copy.WorkerId = lane == 0 ? WorkerId : $"{WorkerId}#{lane}";
        return copy;
    }
}

/// <summary>What one drain pass did.</summary>
public sealed record DrainReport
{
    public int Claimed { get; set; }
    public int Delivered { get; set; }
    public int Retried { get; set; }
    public int Failed { get; set; }

    /// <summary>Rows handed back unsent (shutdown, or their workspace is sent by another worker); no attempt counted.</summary>
    public int PutBack { get; set; }

    /// <summary>Rows whose lease this worker lost before sending them (another worker holds them now); not sent.</summary>
    public int Skipped { get; set; }

    /// <summary>Workspaces still sending when the pass ended: a later pass reports what they do.</summary>
    public int Sending { get; set; }

    /// <summary>Nothing was claimed and nothing is sending: the caller may wait before the next pass.</summary>
    public bool Idle => Claimed == 0 && Sending == 0;

    /// <summary>Adds what <paramref name="part"/> (one workspace's sequence, or a later pass) did; <see cref="Sending"/> becomes the later one's.</summary>
    public void Add(DrainReport part)
    {
        Claimed += part.Claimed;
        Delivered += part.Delivered;
        Retried += part.Retried;
        Failed += part.Failed;
        PutBack += part.PutBack;
        Skipped += part.Skipped;
        Sending = part.Sending;
        TransientFailures.AddRange(part.TransientFailures);
    }

    /// <summary>The real sends that failed and will be retried (5xx, timeout, reset): the host logs each as a warning.</summary>
    public List<TransientDelivery> TransientFailures { get; } = [];
}

/// <summary>One failed send that will be retried: the row, its destination, which attempt failed, why, and when it is due again.</summary>
public sealed record TransientDelivery(long RowId, string Destination, int Attempt, string Reason, DateTimeOffset DueAgain);
