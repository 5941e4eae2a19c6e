using StatusBot.Core.CheckIns;
using StatusBot.Core.Messages;
using StatusBot.Core.People;

namespace StatusBot.Core.Conversations;

/// <summary>Hands a checked answer to the check-in engine and turns its outcome into the reply.</summary>
public sealed class AnswerRecorder(ICheckInOperations checkIns)
{
    /// <summary>Records the answer; returns the confirmation, or the engine's refusal as an error reply.</summary>
    public async Task<(ChatMessage Reply, bool Recorded)> RecordAsync(Person person, AnswerTarget target, AnswerDraft draft, CancellationToken ct)
    {
        var submission = new AnswerSubmission(
            person.Identity,
            target.CycleId,
            target.Team.Id,
            draft.Status,
            draft.Progress,
            draft.Next,
            draft.Blockers,
            draft.ResolvedIds,
            draft.Dependencies,
            draft.Note);
        return await checkIns.RecordAnswerAsync(submission, ct) switch
        {
            AnswerOutcome.Recorded recorded => (CheckInReplies.Confirmation(target.Team.Name, recorded.Answer, recorded.Edited, draft.Blockers, draft.Dependencies, recorded.Resolved), true),
            AnswerOutcome.Refused refused => (CheckInReplies.Error($"Nothing was recorded: {refused.Reason}"), false),
            _ => (CheckInReplies.Error("Nothing was recorded."), false),
        };
    }
}
