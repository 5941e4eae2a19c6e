namespace StatusBot.Core.Blockers;

/// <summary>Something in a person's way, carried from week to week until they mark it resolved.</summary>
public sealed record Blocker
{
    public long Id { get; init; }
    public required long TeamId { get; init; }
    public required long PersonId { get; init; }

    /// <summary>The cycle whose answer first raised it.</summary>
    public long? RaisedInCycleId { get; init; }

    public required string Text { get; init; }
    public required DateTimeOffset OpenedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Who marked it resolved (null while open, or when that person was deleted).</summary>
    public long? ResolvedByPersonId { get; init; }

    /// <summary>What the resolver said about it, if anything.</summary>
    public string? ResolutionNote { get; init; }

    /// <summary>How many cycles it has stayed open; escalated at a configured threshold.</summary>
    public int CyclesOpen { get; init; } = 1;

    public bool IsOpen => ResolvedAt is null;
}
