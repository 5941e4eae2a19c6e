namespace StatusBot.Playground.Endpoints;

/// <summary>Something the visitor typed, as the person named <see cref="As"/>.</summary>
public sealed record PlaygroundText(string? As, string? Text);

public sealed record PlaygroundPress(string? As, string? ActionId, string? Value);

public sealed record PlaygroundSubmit(string? As, string? FormId, Dictionary<string, string?>? Values);

/// <summary>What the page shows: an HTML fragment, a form to open, or errors per form input.</summary>
public sealed record PlaygroundReply(string? Html, string? FormHtml = null, IReadOnlyDictionary<string, string>? Errors = null);

/// <summary>A delivered message; <see cref="ReplacesId"/> names the earlier message it replaces (a digest's week posted again).</summary>
public sealed record PlaygroundInboxItem(long Id, string Conversation, string Html, DateTimeOffset At, long? ReplacesId = null);
