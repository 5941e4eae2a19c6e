using System.Globalization;
using StatusBot.Core.Delivery;
using StatusBot.Core.Storage;

namespace StatusBot.Core.CheckIns;

/// <summary>
/// Queues a reminder to every member of an open cycle who has not answered. At most one reminder per member
/// per cycle (the <c>reminded_at</c> stamp and the dedup key), whether the reminder slot fired, a TPM asked,
/// or both; none while the team is paused.
/// </summary>
public sealed class SendReminders(IStatusBotStore store, TimeProvider time)
{
    public static string DedupKey(long cycleId, long personId) =>
        string.Create(CultureInfo.InvariantCulture, $"checkin:reminder:cycle:{cycleId}:person:{personId}");

    /// <summary>Returns how many reminders were queued (0 when the cycle is closed or everyone answered).</summary>
    public async Task<int> SendAsync(long cycleId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var session = await store.BeginAsync(cancellationToken);
        var cycle = await session.CheckIns.GetCycleAsync(cycleId, cancellationToken);
        if (cycle is not { State: CycleState.Open })
        {
            return 0;
        }

        // A team paused while its round is open keeps the round (answers count until its close) but is not chased.
        var team = await session.Teams.GetAsync(cycle.TeamId, cancellationToken);
        if (team is null or { Paused: true })
        {
            return 0;
        }

        var owed = await PromptMembers.OwedDependencies(session, team, cancellationToken);
        var blockers = await session.Blockers.ListOpenAsync(team.Id, cancellationToken);
        var zone = await TeamCalendar.ZoneIdOfTeamAsync(session, team, cancellationToken);
        var queued = 0;
        foreach (var member in await session.CheckIns.ListUnansweredMembersAsync(cycle.Id, cancellationToken))
        {
            var person = await session.People.GetAsync(member.PersonId, cancellationToken);
            if (person is not { Active: true } || !await session.CheckIns.MarkRemindedAsync(cycle.Id, person.Id, now, cancellationToken))
            {
                continue;
            }

            queued += await session.Outbox.EnqueueAsync(
                OutboxMessage.DirectMessageTo(person.Identity, CheckInMessages.Reminder(cycle, team, person, owed, zone, blockers), DedupKey(cycle.Id, person.Id), team.ProgramId, now),
                cancellationToken) ? 1 : 0;
        }

        await session.CommitAsync(cancellationToken);
        return queued;
    }
}
