namespace StatusBot.Core.Health;

/// <summary>A part of the bot that must be up before it can serve (the store, later the scheduler).</summary>
public interface IReadinessCheck
{
    /// <summary>Short name shown in <c>/readyz</c>, e.g. <c>store</c>.</summary>
    string Name { get; }

    /// <summary>Null when ready; otherwise why not, in words an operator can act on.</summary>
    string? Problem { get; }
}
