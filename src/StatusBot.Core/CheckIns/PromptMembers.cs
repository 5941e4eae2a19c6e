using System.Globalization;
using StatusBot.Core.Delivery;
using StatusBot.Core.Dependencies;
using StatusBot.Core.People;
using StatusBot.Core.Storage;
using StatusBot.Core.Teams;

namespace StatusBot.Core.CheckIns;

/// <summary>
/// What every prompt shares: the clock it is stamped with, its dedup key (once per person and cycle) and the
/// dependencies its form asks about. <see cref="OpenCycle"/> queues the prompts, in the cycle's transaction.
/// </summary>
public sealed class PromptMembers(TimeProvider time)
{
    /// <summary>The clock prompts are stamped and queued with.</summary>
    internal TimeProvider Time => time;

    public static string DedupKey(long cycleId, long personId) =>
        string.Create(CultureInfo.InvariantCulture, $"checkin:prompt:cycle:{cycleId}:person:{personId}");

    /// <summary>The key of a cycle's shared prompt body (<see cref="SharedBody"/>): its members' outbox rows name it.</summary>
    public static string BodyKey(long cycleId) =>
        string.Create(CultureInfo.InvariantCulture, $"checkin:prompt:cycle:{cycleId}");

    /// <summary>The dependencies the team still owes others: each gets an ETA field and a delivered box in the form.</summary>
    internal static async Task<IReadOnlyList<Dependency>> OwedDependencies(IStoreSession session, Team team, CancellationToken cancellationToken) =>
        (await session.Dependencies.ListProvidedByAsync(team.Id, cancellationToken))
        .Where(IsOwed)
        .ToList();

    /// <summary>Still owed: neither delivered nor dropped.</summary>
    internal static bool IsOwed(Dependency dependency) => dependency.State is not (DependencyState.Delivered or DependencyState.Dropped);
}
