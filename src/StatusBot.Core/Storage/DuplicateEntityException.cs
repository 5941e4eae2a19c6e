namespace StatusBot.Core.Storage;

/// <summary>A unique rule was broken, e.g. a second program with the same name in one workspace.</summary>
public sealed class DuplicateEntityException(string message, Exception? inner = null) : Exception(message, inner);
