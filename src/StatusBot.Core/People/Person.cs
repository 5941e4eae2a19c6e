namespace StatusBot.Core.People;

/// <summary>Someone the bot knows: an engineer, a TPM, a leader. Roles per program and team live in their own tables.</summary>
public sealed record Person
{
    public long Id { get; init; }
    public required string WorkspaceId { get; init; }

    /// <summary>The platform identity in its canonical text form (see <see cref="PersonIdentity"/>).</summary>
    public required string Identity { get; init; }

    public required string DisplayName { get; init; }

    /// <summary>IANA time zone id, e.g. <c>Europe/Berlin</c>.</summary>
    public required string TimeZone { get; init; }

    /// <summary>Workspace administrators may do anything in their workspace.</summary>
    public bool IsAdmin { get; init; }

    /// <summary>False once the platform reports the user deactivated; kept for history.</summary>
    public bool Active { get; init; } = true;

    public DateTimeOffset CreatedAt { get; init; }
}
