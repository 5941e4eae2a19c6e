using System.Globalization;
using StatusBot.Core.Delivery;
using StatusBot.Core.Dependencies;
using StatusBot.Core.People;
using StatusBot.Core.Storage;
using StatusBot.Core.Teams;

namespace StatusBot.Core.CheckIns;

/// <summary>
/// Queues one prompt per member of a cycle, in the caller's session: the prompt rows commit with the cycle
/// or not at all. The member's <c>prompted_at</c> stamp and the outbox dedup key both make it once per person.
/// </summary>
public sealed class PromptMembers(TimeProvider time)
{
    public static string DedupKey(long cycleId, long personId) =>
        string.Create(CultureInfo.InvariantCulture, $"checkin:prompt:cycle:{cycleId}:person:{personId}");

    /// <summary>Returns how many prompts were queued.</summary>
    public async Task<int> EnqueueAsync(
        IStoreSession session, CheckInCycle cycle, Team team, IReadOnlyList<Person> members, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var owed = await OwedDependencies(session, team, cancellationToken);
        var blockers = await session.Blockers.ListOpenAsync(team.Id, cancellationToken);
        var zone = await TeamCalendar.ZoneIdOfTeamAsync(session, team, cancellationToken);
        var queued = 0;
        foreach (var person in members)
        {
            if (!await session.CheckIns.MarkPromptedAsync(cycle.Id, person.Id, now, cancellationToken))
            {
                continue;
            }

            var added = await session.Outbox.EnqueueAsync(
                OutboxMessage.DirectMessageTo(person.Identity, CheckInMessages.Prompt(cycle, team, person, owed, zone, blockers), DedupKey(cycle.Id, person.Id), team.ProgramId, now),
                cancellationToken);
            queued += added ? 1 : 0;
        }

        return queued;
    }

    /// <summary>The dependencies the team still owes others: each gets an ETA field and a delivered box in the form.</summary>
    internal static async Task<IReadOnlyList<Dependency>> OwedDependencies(IStoreSession session, Team team, CancellationToken cancellationToken) =>
        (await session.Dependencies.ListAsync(team.ProgramId, cancellationToken))
        .Where(d => d.ProviderTeamId == team.Id && d.State is not (DependencyState.Delivered or DependencyState.Dropped))
        .ToList();
}
