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
    /// <summary>The clock prompts are stamped and queued with.</summary>
    internal TimeProvider Time => time;

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
        var marked = await session.CheckIns.MarkPromptedAsync(cycle.Id, members.Select(p => p.Id).ToList(), now, cancellationToken);
        var forms = new PromptForms(cycle, team, owed, blockers);
        var messages = members
            .Where(person => marked.Contains(person.Id))
            .Select(person => OutboxMessage.DirectMessageTo(person.Identity, forms.Prompt(person, zone), DedupKey(cycle.Id, person.Id), team.ProgramId, now))
            .ToList();
        return await session.Outbox.EnqueueManyAsync(messages, cancellationToken);
    }

    /// <summary>The dependencies the team still owes others: each gets an ETA field and a delivered box in the form.</summary>
    internal static async Task<IReadOnlyList<Dependency>> OwedDependencies(IStoreSession session, Team team, CancellationToken cancellationToken) =>
        (await session.Dependencies.ListProvidedByAsync(team.Id, cancellationToken))
        .Where(d => d.State is not (DependencyState.Delivered or DependencyState.Dropped))
        .ToList();
}
