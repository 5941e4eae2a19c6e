namespace StatusBot.Core.Blockers;

/// <summary>Tunables of blocker tracking (configuration section <c>Blockers</c>).</summary>
public sealed class BlockerOptions
{
    public const string Section = "Blockers";

    /// <summary>A blocker open for this many cycles (weekly check-ins) or more is escalated to the TPMs and the digest.</summary>
    public int EscalateAfterCycles { get; set; } = 2;
}
