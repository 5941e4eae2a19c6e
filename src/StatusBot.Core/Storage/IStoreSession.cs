using StatusBot.Core.Audit;
using StatusBot.Core.Blockers;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Decisions;
using StatusBot.Core.Delivery;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Digests;
using StatusBot.Core.Inbound;
using StatusBot.Core.Milestones;
using StatusBot.Core.People;
using StatusBot.Core.Privacy;
using StatusBot.Core.Programs;
using StatusBot.Core.Risks;
using StatusBot.Core.Teams;
using StatusBot.Core.Workspaces;

namespace StatusBot.Core.Storage;

/// <summary>One transaction over every feature's repository. Nothing is visible to others until committed.</summary>
public interface IStoreSession : IAsyncDisposable
{
    IWorkspaceRepository Workspaces { get; }
    IPersonRepository People { get; }
    IProgramRepository Programs { get; }
    ITeamRepository Teams { get; }
    ICheckInRepository CheckIns { get; }
    IBlockerRepository Blockers { get; }
    IDependencyRepository Dependencies { get; }
    IMilestoneRepository Milestones { get; }
    IRiskRepository Risks { get; }
    IDecisionRepository Decisions { get; }
    IOutboxRepository Outbox { get; }

    /// <summary>How a platform that cannot message an id directly reaches people and channels (Teams).</summary>
    IConversationReferenceRepository ConversationReferences { get; }

    /// <summary>Inbound answers and actions stored before the platform's acknowledgement.</summary>
    IInboundWorkRepository InboundWork { get; }

    /// <summary>Program-wide reads for the digest and slip rules.</summary>
    IProgramHistoryRepository History { get; }

    IDigestSnapshotRepository DigestSnapshots { get; }

    /// <summary>Who changed what, when, written with the change.</summary>
    IAuditRepository Audit { get; }

    /// <summary>A person's own data across the workspace: their export, and forgetting them.</summary>
    IPersonalDataRepository PersonalData { get; }

    Task CommitAsync(CancellationToken cancellationToken);
}
