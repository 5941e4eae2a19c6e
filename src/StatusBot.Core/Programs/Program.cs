namespace StatusBot.Core.Programs;

/// <summary>A multi-team program: the unit a TPM runs and leadership reads a digest for.</summary>
public sealed record Program
{
    public long Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string Name { get; init; }

    /// <summary>When the weekly digest posts, if not only when every team's cycle has closed.</summary>
    public WeeklySlot? DigestSlot { get; init; }

    /// <summary>A TPM's manual override of the computed status, with its reason; null when not overridden.</summary>
    public StatusOverride? StatusOverride { get; init; }

    /// <summary>The TPM's note of what is being done; null when none is recorded.</summary>
    public StatusNote? StatusNote { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
