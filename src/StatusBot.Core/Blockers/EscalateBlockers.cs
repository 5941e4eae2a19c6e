using StatusBot.Core.CheckIns;
using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Core.People;
using StatusBot.Core.Storage;

namespace StatusBot.Core.Blockers;

/// <summary>A blocker that has reached the escalation threshold, with its age and team.</summary>
public sealed record EscalatedBlocker(Blocker Blocker, int CyclesOpen, string TeamName);

/// <summary>
/// Escalates blockers open for <see cref="BlockerOptions.EscalateAfterCycles"/> cycles: each is sent to the program's
/// TPMs once (the outbox dedup key is per blocker and TPM), however often this runs.
/// </summary>
public sealed class EscalateBlockers(TimeProvider time, BlockerOptions options)
{
    public const string Kind = "blocker.escalated";

    public async Task<IReadOnlyList<EscalatedBlocker>> EscalateAsync(IStoreSession session, long programId, DateOnly weekOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = time.GetUtcNow();
        var blockers = await session.History.ListOpenBlockersAsync(programId, cancellationToken);
        if (blockers.Count == 0)
        {
            return [];
        }

        // Ages count each team's own check-in weeks, and the week a blocker was raised in is the team's local one.
        var calendar = await TeamCalendar.LoadAsync(session, programId, cancellationToken);
        var oldest = blockers.Min(b => BlockerAge.OpenedWeek(b, calendar.ZoneOf(b.TeamId)));
        var weeks = (await session.History.ListCycleWeeksAsync(programId, oldest, weekOf, cancellationToken)).ToLookup(c => c.TeamId, c => c.WeekOf);
        var teams = (await session.Teams.ListAsync(programId, cancellationToken)).ToDictionary(t => t.Id, t => t.Name);
        var escalated = new List<EscalatedBlocker>();
        foreach (var blocker in blockers)
        {
            var age = BlockerAge.CyclesOpen(blocker, weeks[blocker.TeamId], weekOf, calendar.ZoneOf(blocker.TeamId));
            if (age > blocker.CyclesOpen)
            {
                await session.Blockers.UpdateAsync(blocker with { CyclesOpen = age }, cancellationToken);
            }

            if (BlockerAge.IsEscalated(age, options))
            {
                escalated.Add(new EscalatedBlocker(blocker with { CyclesOpen = age }, age, teams.GetValueOrDefault(blocker.TeamId, $"team {blocker.TeamId}")));
            }
        }

        if (escalated.Count == 0)
        {
            return escalated;
        }

        var tpms = (await session.Programs.ListRolesAsync(programId, cancellationToken)).Where(r => r.Role == Role.Tpm).Select(r => r.PersonId).ToList();
        // The raiser is named as they are now, also after leaving the team; the TPMs hold a role, so they are read too.
        var people = (await session.History.ListNamedPeopleAsync(programId, escalated.Select(e => e.Blocker.PersonId).Concat(tpms).ToHashSet(), cancellationToken))
            .ToDictionary(p => p.Id);
        foreach (var item in escalated)
        {
            var raisedBy = people.TryGetValue(item.Blocker.PersonId, out var owner) ? InlineMarkup.Mention(owner.Identity, owner.DisplayName) : "someone";
            var message = Notice(item, raisedBy, TeamCalendar.DateOf(calendar.ZoneOf(item.Blocker.TeamId), item.Blocker.OpenedAt));
            foreach (var tpmId in tpms)
            {
                if (!people.TryGetValue(tpmId, out var tpm) || !tpm.Active)
                {
                    continue;
                }

                await session.Outbox.EnqueueAsync(
                    OutboxMessage.DirectMessageTo(tpm.Identity, message, $"blocker:{item.Blocker.Id}:escalated:person:{tpmId}", programId, now),
                    cancellationToken);
            }
        }

        return escalated;
    }

    /// <summary>The notice a TPM gets; <paramref name="raisedBy"/> is a mention (markup), the blocker's text is escaped here.</summary>
    /// <param name="openedOn">The day it was raised, in the team's zone.</param>
    public static ChatMessage Notice(EscalatedBlocker item, string raisedBy, DateOnly openedOn)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new ChatMessage(
            Kind,
            $"Blocker #{item.Blocker.Id} open for {item.CyclesOpen} check-ins in {item.TeamName}: {item.Blocker.Text}",
            [
                new HeaderBlock($"Escalated blocker #{item.Blocker.Id}: {item.TeamName}"),
                new TextBlock(InlineMarkup.Escape(item.Blocker.Text)),
                new ContextBlock(
                    $"Raised by {raisedBy} on {openedOn:yyyy-MM-dd}; open for {item.CyclesOpen} check-ins. When it is cleared: {InlineMarkup.Bold($"blocker resolve {item.Blocker.Id}")}."),
            ]);
    }
}
