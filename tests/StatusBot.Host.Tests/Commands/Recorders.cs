using System.Collections.Concurrent;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Digests;
using StatusBot.Core.Messages;

namespace StatusBot.Host.Tests.Commands;

/// <summary>
/// Stands in for the check-in engine (another feature): records what the command layer asked of it and
/// answers plausibly, so command tests can check the hand-off without running the engine.
/// </summary>
public sealed class RecordingCheckIns(TimeProvider time) : ICheckInOperations
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public ConcurrentQueue<AnswerSubmission> Answers { get; } = new();

    /// <summary>When set, <see cref="RecordAnswerAsync"/> refuses with this reason.</summary>
    public string? RefuseWith { get; set; }

    public Task<CycleStartResult> StartNowAsync(long teamId, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"start:{teamId}");
        var now = time.GetUtcNow();
        var cycle = new CheckInCycle { Id = 900 + teamId, TeamId = teamId, WeekOf = DateOnly.FromDateTime(now.UtcDateTime), OpensAt = now, RemindAt = now.AddHours(20), ClosesAt = now.AddHours(24) };
        return Task.FromResult(new CycleStartResult(cycle, Opened: true, Prompted: 3));
    }

    public Task<int> RemindNowAsync(long teamId, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"remind:{teamId}");
        return Task.FromResult(2);
    }

    /// <summary>When set, <see cref="ScheduleChangedAsync"/> fails, as a scheduler that is down would.</summary>
    public bool SchedulerDown { get; set; }

    public Task ScheduleChangedAsync(long teamId, CancellationToken cancellationToken)
    {
        if (SchedulerDown)
        {
            throw new InvalidOperationException("scheduler unavailable");
        }

        Calls.Enqueue($"schedule:{teamId}");
        return Task.CompletedTask;
    }

    public Task DigestScheduleChangedAsync(long programId, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"digest-schedule:{programId}");
        return Task.CompletedTask;
    }

    public Task<AnswerOutcome> RecordAnswerAsync(AnswerSubmission submission, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"answer:{submission.PersonIdentity}");
        if (RefuseWith is { } reason)
        {
            return Task.FromResult<AnswerOutcome>(new AnswerOutcome.Refused(reason));
        }

        Answers.Enqueue(submission);
        var answer = new Answer
        {
            Id = Answers.Count,
            CycleId = submission.CycleId ?? 1,
            PersonId = 1,
            Status = submission.Status,
            Progress = submission.Progress,
            Next = submission.Next,
            Note = submission.Note,
            SubmittedAt = time.GetUtcNow(),
        };
        return Task.FromResult<AnswerOutcome>(new AnswerOutcome.Recorded(answer, Edited: false));
    }
}

/// <summary>Stands in for the digest feature: records builds and posts.</summary>
public sealed class RecordingDigests : IDigestBuilder, IDigestPublisher
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public Task<ChatMessage> BuildAsync(long programId, DateOnly weekOf, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"build:{programId}:{weekOf:yyyy-MM-dd}");
        return Task.FromResult(new ChatMessage("digest", $"Digest of program {programId}", [new HeaderBlock($"Week of {weekOf:yyyy-MM-dd}")]));
    }

    public Task PublishAsync(long programId, DateOnly weekOf, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"publish:{programId}:{weekOf:yyyy-MM-dd}");
        return Task.CompletedTask;
    }
}
