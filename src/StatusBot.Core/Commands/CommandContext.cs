using StatusBot.Core.Commands.Authorization;
using StatusBot.Core.Inbound;
using StatusBot.Core.Messages;
using StatusBot.Core.People;
using StatusBot.Core.Storage;

namespace StatusBot.Core.Commands;

/// <summary>
/// Everything a verb needs to run one command: the caller (already registered), the command's one store
/// session, name resolution and authorization scoped to the caller's workspace, and the clock.
/// </summary>
public sealed class CommandContext
{
    private readonly List<Func<ChatMessage, CancellationToken, Task<ChatMessage>>> _afterCommit = [];
    private readonly List<AuditedChange> _changes = [];

    internal CommandContext(CommandRequest request, Person caller, VerbInfo verb, IStoreSession session, ConfiguredAdmins admins, TimeProvider time, CancellationToken cancellationToken)
    {
        Request = request;
        Caller = caller;
        Verb = verb;
        Session = session;
        CancellationToken = cancellationToken;
        Now = time.GetUtcNow();
        Today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Now, ZoneOf(caller.TimeZone)).DateTime);
        Find = new NameResolver(this);
        Access = new Authorizer(this, admins);
    }

    public CommandRequest Request { get; }

    public Person Caller { get; }

    public string WorkspaceId => Caller.WorkspaceId;

    public PersonIdentity CallerIdentity => PersonIdentity.Parse(Caller.Identity);

    public VerbInfo Verb { get; }

    public IStoreSession Session { get; }

    public CancellationToken CancellationToken { get; }

    public DateTimeOffset Now { get; }

    /// <summary>Today in the caller's zone: "in the past" means before this.</summary>
    public DateOnly Today { get; }

    /// <summary>The Monday of the current ISO week in the caller's zone (what <c>status</c> and the digest call "this week").</summary>
    public DateOnly WeekOf => CheckIns.CheckInClock.MondayOf(Today);

    public NameResolver Find { get; }

    public Authorizer Access { get; }

    internal IReadOnlyList<Func<ChatMessage, CancellationToken, Task<ChatMessage>>> AfterCommitActions => _afterCommit;

    /// <summary>The program the command was authorized against (the audit trail files its entries under it).</summary>
    public long? ProgramId { get; internal set; }

    internal IReadOnlyList<AuditedChange> AuditedChanges => _changes;

    /// <summary>
    /// Records one value the command changed, for the audit trail (<c>dependency #12 ETA</c>: 2026-12-12 → 2026-12-19).
    /// A state-changing verb that records none is audited with the command as typed.
    /// </summary>
    public void Audit(string subject, string? before, string? after) => _changes.Add(new AuditedChange(subject, before, after));

    /// <summary>
    /// Work for other components (check-in engine, digest) that must see the committed change, e.g. re-syncing the
    /// scheduler after a schedule was stored. It runs only if the command succeeded, after its session is closed:
    /// SQLite allows one writer at a time, so calling a component that opens its own session from inside ours would
    /// wait on ourselves. The function receives the verb's reply and returns the final one.
    /// </summary>
    public void AfterCommit(Func<ChatMessage, CancellationToken, Task<ChatMessage>> action) => _afterCommit.Add(action);

    /// <summary>Runs <paramref name="action"/> after commit and keeps the reply as it is.</summary>
    public void AfterCommit(Func<CancellationToken, Task> action) =>
        _afterCommit.Add(async (reply, cancellationToken) =>
        {
            await action(cancellationToken);
            return reply;
        });

    internal static TimeZoneInfo ZoneOf(string zone)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(zone);
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}

/// <summary>One value a command changed, as <see cref="CommandContext.Audit"/> recorded it.</summary>
internal sealed record AuditedChange(string Subject, string? Before, string? After);
