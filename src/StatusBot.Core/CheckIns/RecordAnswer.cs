using System.Globalization;
using StatusBot.Core.Audit;
using StatusBot.Core.Blockers;
using StatusBot.Core.Delivery;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Observability;
using StatusBot.Core.People;
using StatusBot.Core.Storage;

namespace StatusBot.Core.CheckIns;

/// <summary>
/// Stores a person's answer with its blockers and dependency updates, and queues the confirmation, all in one
/// transaction: a refused answer changes nothing. One current answer per person and cycle; an edit keeps the
/// earlier revision. Answers after the close are kept and marked late until the team's next cycle opens.
/// The dependencies the team provides are re-evaluated in the same transaction (its status, ETAs and deliveries are
/// what they depend on), so a slip commits with the answer that caused them; its one-time notifications, which need
/// the whole program's graph, are queued right after by <see cref="EvaluateDependencies.AnnouncePendingAsync(CancellationToken)"/>
/// (the change is stored unannounced in this transaction, so none is lost).
/// </summary>
public sealed class RecordAnswer(IStatusBotStore store, IDependencyEvaluator dependencies, TimeProvider time)
{
    public const int MaxTextLength = 3000;
    public const int MaxBlockerLength = 500;

    public async Task<AnswerOutcome> RecordAsync(AnswerSubmission submission, CancellationToken cancellationToken)
    {
        if (Validate(submission) is { } problem)
        {
            return new AnswerOutcome.Refused(problem);
        }

        // A concurrent edit of the same answer, or a concurrent change of a dependency it touches, makes the whole
        // answer run again on fresh reads: both edits land as revisions, in the order they committed.
        return await UnitOfWork.RetryOnConflictAsync(() => RecordOnceAsync(submission, cancellationToken));
    }

    private async Task<AnswerOutcome> RecordOnceAsync(AnswerSubmission submission, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var session = await store.BeginAsync(cancellationToken);
        var person = await session.People.FindByIdentityAsync(submission.PersonIdentity, cancellationToken);
        if (person is null)
        {
            return new AnswerOutcome.Refused("I do not know you yet: ask your TPM to add you to a team.");
        }

        var (cycle, refusal) = await FindCycle(session, person, submission, cancellationToken);
        if (cycle is null)
        {
            return new AnswerOutcome.Refused(refusal!);
        }

        var team = (await session.Teams.GetAsync(cycle.TeamId, cancellationToken))!;
        var latest = await session.CheckIns.FindLatestCycleAsync(team.Id, cancellationToken);
        if (latest is not null && latest.Id != cycle.Id)
        {
            return new AnswerOutcome.Refused(
                $"The {team.Name} check-in of the week of {cycle.WeekOf:yyyy-MM-dd} is over; please answer the one of the week of {latest.WeekOf:yyyy-MM-dd}.");
        }

        // Point reads (the person's row in the cycle, the person's memberships), never the whole team: an answer costs
        // the same in a team of 10 as in one of 10,000.
        var asked = await session.CheckIns.IsCycleMemberAsync(cycle.Id, person.Id, cancellationToken)
            || (await session.Teams.ListMembershipsOfAsync(person.Id, cancellationToken)).Any(m => m.TeamId == team.Id);
        if (!asked)
        {
            return new AnswerOutcome.Refused($"You are not a member of {team.Name}, so you cannot answer its check-in.");
        }

        // Check every referenced blocker and dependency before writing anything.
        var resolving = new List<Blocker>();
        foreach (var blockerId in submission.ResolvedBlockerIds.Distinct())
        {
            var blocker = await session.Blockers.GetAsync(blockerId, cancellationToken);
            if (blocker is null || blocker.TeamId != team.Id)
            {
                return new AnswerOutcome.Refused($"Blocker #{blockerId} is not one of {team.Name}'s blockers.");
            }

            if (blocker.IsOpen)
            {
                resolving.Add(blocker);
            }
        }

        var updates = new List<(Dependency Dependency, DependencyUpdate Update)>();
        foreach (var update in submission.DependencyUpdates)
        {
            var dependency = await session.Dependencies.GetAsync(update.DependencyId, cancellationToken);
            if (dependency is null || dependency.ProviderTeamId != team.Id)
            {
                return new AnswerOutcome.Refused($"Dependency #{update.DependencyId} is not one that {team.Name} provides.");
            }

            updates.Add((dependency, update));
        }

        var isLate = cycle.State == CycleState.Closed || now >= cycle.ClosesAt;
        // Read once: the save's revision check and the audit's "before" both need it.
        var previous = await session.CheckIns.GetAnswerAsync(cycle.Id, person.Id, cancellationToken);
        var saved = await session.CheckIns.SaveAnswerAsync(
            new Answer
            {
                CycleId = cycle.Id,
                PersonId = person.Id,
                Status = submission.Status,
                Progress = submission.Progress.Trim(),
                Next = submission.Next.Trim(),
                Note = string.IsNullOrWhiteSpace(submission.Note) ? null : submission.Note.Trim(),
                SubmittedAt = now,
                IsLate = isLate,
            },
            previous,
            cancellationToken);

        await AddBlockers(session, team.Id, person.Id, cycle.Id, submission.NewBlockers, now, cancellationToken);
        var resolved = new List<Blocker>();
        foreach (var blocker in resolving)
        {
            if (await session.Blockers.ResolveAsync(blocker.Id, person.Id, note: null, now, cancellationToken))
            {
                resolved.Add(blocker with { ResolvedAt = now, ResolvedByPersonId = person.Id });
            }
        }

        foreach (var (dependency, update) in updates)
        {
            await ApplyDependencyUpdate(session, dependency, update, person.Id, now, cancellationToken);
        }

        await AuditAsync(session, new AuditEntry
        {
            WorkspaceId = person.WorkspaceId,
            ProgramId = team.ProgramId,
            ActorPersonId = person.Id,
            Action = "check-in answer",
            Subject = string.Create(CultureInfo.InvariantCulture, $"{team.Name} check-in, week of {cycle.WeekOf:yyyy-MM-dd}{(saved.Revision > 1 ? $" (revision {saved.Revision})" : string.Empty)}"),
            Before = previous is null ? null : CheckInStatusDisplay.Words(previous.Status).ToLowerInvariant(),
            After = CheckInStatusDisplay.Words(saved.Status).ToLowerInvariant(),
            At = now,
        }, resolved, updates, cancellationToken);

        // No confirmation is queued here: every way of answering (form, modal, DM text, button) replies at once with
        // the confirmation, and a second, queued copy would reach the person twice.
        // Inside this session: a second one would wait on this one's write lock (SQLite).
        // The answer's cycle is the team's latest (checked above) and now has an answer: the latest answered one.
        await dependencies.EvaluateProvidedByAsync(session, team, cycle.Id, cancellationToken);
        await session.CommitAsync(cancellationToken);
        StatusBotTelemetry.RecordAnswer(isLate);
        return new AnswerOutcome.Recorded(saved, saved.Revision > 1) { Resolved = resolved };
    }

    private static string? Validate(AnswerSubmission submission)
    {
        if (!Enum.IsDefined(submission.Status))
        {
            return "Pick a status: on track, at risk or off track.";
        }

        if (submission.Progress.Length > MaxTextLength || submission.Next.Length > MaxTextLength || (submission.Note?.Length ?? 0) > MaxTextLength)
        {
            return $"Please keep progress, next steps and the note under {MaxTextLength} characters each.";
        }

        if (submission.NewBlockers.Any(b => b.Length > MaxBlockerLength))
        {
            return $"Please keep each blocker under {MaxBlockerLength} characters.";
        }

        return submission.DependencyUpdates.GroupBy(u => u.DependencyId).Any(g => g.Count() > 1)
            ? "Each dependency can be updated once per answer."
            : null;
    }

    private static async Task<(CheckInCycle? Cycle, string? Refusal)> FindCycle(
        IStoreSession session, Person person, AnswerSubmission submission, CancellationToken cancellationToken)
    {
        if (submission.CycleId is { } cycleId)
        {
            var cycle = await session.CheckIns.GetCycleAsync(cycleId, cancellationToken);
            return cycle is null ? (null, "That check-in no longer exists.") : (cycle, null);
        }

        var teamId = submission.TeamId;
        if (teamId is null)
        {
            var memberships = await session.Teams.ListMembershipsOfAsync(person.Id, cancellationToken);
            switch (memberships.Count)
            {
                case 0:
                    return (null, "You are not in any team yet: ask your TPM to add you.");
                case > 1:
                    return (null, "You are in several teams: answer from the check-in message of the team you mean.");
                default:
                    teamId = memberships[0].TeamId;
                    break;
            }
        }

        var latest = await session.CheckIns.FindLatestCycleAsync(teamId.Value, cancellationToken);
        return latest is null ? (null, "There is no check-in to answer yet for your team.") : (latest, null);
    }

    private static async Task AddBlockers(
        IStoreSession session, long teamId, long personId, long cycleId, IReadOnlyList<string> texts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // An edit usually repeats the blockers already given: those stay one row each so they can age.
        var open = (await session.Blockers.ListOpenAsync(teamId, cancellationToken))
            .Where(b => b.PersonId == personId)
            .Select(b => b.Text)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var text in texts.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (open.Contains(text))
            {
                continue;
            }

            await session.Blockers.AddAsync(
                new Blocker { TeamId = teamId, PersonId = personId, RaisedInCycleId = cycleId, Text = text, OpenedAt = now },
                cancellationToken);
        }
    }

    /// <summary>The answer, each blocker it resolved and each dependency it moved, in the answer's own transaction.</summary>
    private static async Task AuditAsync(
        IStoreSession session, AuditEntry answer, IReadOnlyList<Blocker> resolved, IEnumerable<(Dependency Dependency, DependencyUpdate Update)> updates, CancellationToken cancellationToken)
    {
        await session.Audit.AddAsync(answer, cancellationToken);
        foreach (var blocker in resolved)
        {
            await session.Audit.AddAsync(answer with { Subject = string.Create(CultureInfo.InvariantCulture, $"blocker #{blocker.Id}"), Before = "open", After = "resolved" }, cancellationToken);
        }

        foreach (var (dependency, update) in updates)
        {
            if (update.Delivered && dependency.State != DependencyState.Delivered)
            {
                await session.Audit.AddAsync(answer with { Subject = string.Create(CultureInfo.InvariantCulture, $"dependency #{dependency.Id}"), Before = "open", After = "delivered" }, cancellationToken);
            }
            else if (!update.Delivered && update.NewEta is { } eta && eta != dependency.Eta)
            {
                await session.Audit.AddAsync(answer with { Subject = string.Create(CultureInfo.InvariantCulture, $"dependency #{dependency.Id} ETA"), Before = dependency.Eta?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), After = eta.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, cancellationToken);
            }
        }
    }

    private static async Task ApplyDependencyUpdate(
        IStoreSession session, Dependency dependency, DependencyUpdate update, long personId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (update.Delivered)
        {
            if (dependency.State != DependencyState.Delivered)
            {
                // The state itself is left to the evaluator, which records the change to delivered and announces it once.
                await session.Dependencies.UpdateAsync(dependency with { DeliveredAt = now }, cancellationToken);
            }

            return;
        }

        if (update.NewEta is not { } eta || eta == dependency.Eta)
        {
            return;
        }

        await session.Dependencies.AddEtaChangeAsync(
            new EtaChange { DependencyId = dependency.Id, FromEta = dependency.Eta, ToEta = eta, ChangedByPersonId = personId, ChangedAt = now },
            cancellationToken);
        await session.Dependencies.UpdateAsync(dependency with { Eta = eta }, cancellationToken);
    }
}
