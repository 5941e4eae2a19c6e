namespace StatusBot.Core.Storage;

/// <summary>
/// A request carried text the store cannot hold (a NUL character, which PostgreSQL's text refuses): bad input, answered
/// with a clear 400, and the unit of work it was in is rolled back.
/// </summary>
public sealed class UnstorableTextException(string message, Exception? inner = null) : Exception(message, inner);
