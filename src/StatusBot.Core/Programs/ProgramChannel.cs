namespace StatusBot.Core.Programs;

/// <summary>A channel the program's digest is posted to. A program may post to several.</summary>
public sealed record ProgramChannel
{
    public long Id { get; init; }
    public required long ProgramId { get; init; }

    /// <summary>The platform's channel address, e.g. <c>slack:T1:C123</c>, <c>teams:&lt;tenant&gt;:19:abc@thread.tacv2</c>, <c>playground:leadership</c>.</summary>
    public required string ChannelRef { get; init; }

    public required string DisplayName { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
