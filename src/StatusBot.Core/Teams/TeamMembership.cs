namespace StatusBot.Core.Teams;

/// <summary>A person belongs to a team; leads get slip notifications for their team.</summary>
public sealed record TeamMembership
{
    public required long TeamId { get; init; }
    public required long PersonId { get; init; }
    public bool IsLead { get; init; }
    public DateTimeOffset JoinedAt { get; init; }
}
