namespace StatusBot.Core.Decisions;

/// <summary>An entry of the program's decision log: what was decided, by whom, when.</summary>
public sealed record Decision
{
    public long Id { get; init; }
    public required long ProgramId { get; init; }
    public required string Text { get; init; }
    public required long DecidedByPersonId { get; init; }
    public required DateTimeOffset DecidedAt { get; init; }
}
