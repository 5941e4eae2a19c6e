using StatusBot.Core.People;

namespace StatusBot.Core.Programs;

/// <summary>A person's role in one program: <see cref="Role.Tpm"/> or <see cref="Role.Viewer"/>.</summary>
public sealed record ProgramRole
{
    public required long ProgramId { get; init; }
    public required long PersonId { get; init; }
    public required Role Role { get; init; }
}
