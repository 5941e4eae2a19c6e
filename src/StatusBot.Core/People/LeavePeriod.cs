namespace StatusBot.Core.People;

/// <summary>A person is away from <see cref="FirstDay"/> to <see cref="LastDay"/> inclusive and is not prompted then.</summary>
public sealed record LeavePeriod
{
    public long Id { get; init; }
    public required long PersonId { get; init; }
    public required DateOnly FirstDay { get; init; }
    public required DateOnly LastDay { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    public bool Covers(DateOnly day) => day >= FirstDay && day <= LastDay;
}
