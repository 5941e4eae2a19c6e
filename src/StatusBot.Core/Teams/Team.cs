namespace StatusBot.Core.Teams;

/// <summary>A team of a program. Its members answer one check-in a week.</summary>
public sealed record Team
{
    public long Id { get; init; }
    public required long ProgramId { get; init; }
    public required string Name { get; init; }

    /// <summary>A paused team is not prompted until resumed; its history stays.</summary>
    public bool Paused { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
