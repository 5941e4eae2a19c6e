namespace StatusBot.Core.Digests;

/// <summary>Links to a program's read-only web view, e.g. a signed, expiring dashboard link to put in a digest.</summary>
public interface IProgramLinks
{
    string LinkFor(long programId);
}
