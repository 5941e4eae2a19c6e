namespace StatusBot.Core.Storage;

/// <summary>
/// Another unit of work changed what this one read before it could write (a versioned row moved on, or the database
/// aborted one of two transactions that waited on each other). Nothing of this unit of work is stored: run it again
/// from its reads (<see cref="UnitOfWork"/>), so it decides on what is now true.
/// </summary>
public sealed class ConcurrencyConflictException(string message, Exception? inner = null) : Exception(message, inner);
