using System.ComponentModel;

namespace StatusBot.Scheduling.CheckIns;

// Jobs as earlier releases planned them, one per team or per cycle. On PostgreSQL they stay in Hangfire's storage across
// an upgrade (possibly overdue, when the upgrade spanned a slot): each runs once as the instant it was planned for, which
// opens, reminds or closes whatever is due then and is a no-op for what the new instant jobs did already. The periodic
// sync plans the instant jobs from the tables, so nothing new is planned in this shape. Remove after the next release.

/// <summary>A team's slot as planned by releases before instant jobs: runs the slot's instant.</summary>
public sealed class OpenCycleJob(OpenCheckInsJob instant)
{
    [DisplayName("Open the check-in of team {0}, week of {2} (planned by an earlier release)")]
    public Task RunAsync(long teamId, string spec, string weekOf, DateTimeOffset opensAt, DateTimeOffset remindAt, DateTimeOffset closesAt, CancellationToken cancellationToken) =>
        instant.RunAsync(opensAt, cancellationToken);
}

/// <summary>A cycle's close as planned by releases before instant jobs: runs the close's instant.</summary>
public sealed class CloseCycleJob(CloseCyclesJob instant)
{
    [DisplayName("Close cycle {0} (planned by an earlier release)")]
    public Task RunAsync(long cycleId, DateTimeOffset dueAt, CancellationToken cancellationToken) => instant.RunAsync(dueAt, cancellationToken);
}
