using StatusBot.Core.Blockers;
using StatusBot.Core.Delivery;
using StatusBot.Core.Dependencies;
using StatusBot.Core.People;
using StatusBot.Core.Storage;
using StatusBot.Core.Teams;

namespace StatusBot.Core.CheckIns;

/// <summary>
/// Opens teams' cycles for their slots: snapshots who to ask (active members not on leave that day) and queues their
/// prompts in the same transaction. Idempotent per (team, week): a second opener (another scheduler instance, a
/// "start now" after the slot fired) gets the existing cycle and prompts nobody.
/// </summary>
/// <remarks>
/// Many teams due at once (a Monday 09:00 of a thousand teams) are opened in batches, one transaction per batch and a
/// fixed number of statements per batch whatever the number of teams and members: reads of the teams, skipped weeks,
/// askable members, owed dependencies and open blockers for the whole batch, one multi-row insert each for the cycles,
/// their members (prompt stamped) and the prompts. Each team stays all-or-nothing: when a batch fails, it is rolled back
/// and its teams are opened one by one, so one bad team neither blocks the others nor is left half-open.
/// </remarks>
public sealed class OpenCycle(IStatusBotStore store, PromptMembers prompts, ICheckInScheduler scheduler)
{
    /// <summary>Teams per transaction: large enough that round trips stop mattering, small enough that a failed batch's retry one by one stays short.</summary>
    public const int BatchSize = 250;

    public async Task<OpenCycleResult> OpenAsync(CheckInSchedule schedule, CheckInSlot slot, CancellationToken cancellationToken) =>
        (await OpenBatchAsync([new DueCheckIn(schedule, slot)], cancellationToken))[0];

    /// <summary>
    /// Opens every listed team's cycle (one entry per team), in batches of <see cref="BatchSize"/>; returns one result per
    /// entry, in order. A team that cannot be opened (its failure is the exception in <see cref="OpenCycleResult.Failure"/>)
    /// leaves nothing behind and does not stop the others.
    /// </summary>
    /// <param name="due">One entry per team.</param>
    /// <param name="cancellationToken">Stops between statements; a batch not committed leaves nothing behind.</param>
    public async Task<IReadOnlyList<OpenCycleResult>> OpenManyAsync(IReadOnlyList<DueCheckIn> due, CancellationToken cancellationToken)
    {
        var results = new List<OpenCycleResult>(due.Count);
        foreach (var batch in due.Chunk(BatchSize))
        {
            try
            {
                results.AddRange(await OpenBatchAsync(batch, cancellationToken));
            }
            catch (Exception) when (batch.Length > 1 && !cancellationToken.IsCancellationRequested)
            {
                // Rolled back as a whole: open each team on its own, so only the team at fault fails.
                foreach (var one in batch)
                {
                    try
                    {
                        results.Add((await OpenBatchAsync([one], cancellationToken))[0]);
                    }
                    catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                    {
                        results.Add(OpenCycleResult.Failed(exception));
                    }
                }
            }
        }

        return results;
    }

    private async Task<IReadOnlyList<OpenCycleResult>> OpenBatchAsync(DueCheckIn[] due, CancellationToken cancellationToken)
    {
        if (due.Select(d => d.Schedule.TeamId).Distinct().Count() != due.Length)
        {
            throw new ArgumentException("One entry per team.", nameof(due));
        }

        var results = new OpenCycleResult?[due.Length];
        var opened = new List<CheckInCycle>();
        await using (var session = await store.BeginAsync(cancellationToken))
        {
            var teamIds = due.Select(d => d.Schedule.TeamId).ToArray();
            var teams = (await session.Teams.GetManyAsync(teamIds, cancellationToken)).ToDictionary(t => t.Id);
            var skipped = (await session.Teams.ListSkippedWeeksAsync(teamIds, due.Min(d => d.Slot.WeekOf), due.Max(d => d.Slot.WeekOf), cancellationToken))
                .ToDictionary(w => (w.TeamId, w.WeekOf));
            var toOpen = new List<int>();
            for (var i = 0; i < due.Length; i++)
            {
                var (schedule, slot) = due[i];
                results[i] = !teams.TryGetValue(schedule.TeamId, out var team) ? OpenCycleResult.NotOpened("the team no longer exists")
                    : team.Paused ? OpenCycleResult.NotOpened($"{team.Name} is paused; resume it to start check-ins again")
                    : skipped.TryGetValue((team.Id, slot.WeekOf), out var skip)
                        ? OpenCycleResult.NotOpened($"{team.Name} skips the week of {slot.WeekOf:yyyy-MM-dd}{(skip.Reason is { Length: > 0 } r ? $" ({r})" : string.Empty)}")
                        : null;
                if (results[i] is null)
                {
                    toOpen.Add(i);
                }
            }

            var created = (await session.CheckIns.OpenCyclesAsync(
                    toOpen.Select(i => new CheckInCycle { TeamId = due[i].Schedule.TeamId, WeekOf = due[i].Slot.WeekOf, OpensAt = due[i].Slot.OpensAt, RemindAt = due[i].Slot.RemindAt, ClosesAt = due[i].Slot.ClosesAt }).ToList(),
                    cancellationToken))
                .ToDictionary(c => c.TeamId);
            var fresh = toOpen.Where(i => created.ContainsKey(due[i].Schedule.TeamId)).ToList();

            // The teams whose week existed already: the existing cycle, nobody prompted.
            foreach (var i in toOpen.Except(fresh))
            {
                var cycle = await session.CheckIns.FindCycleAsync(due[i].Schedule.TeamId, due[i].Slot.WeekOf, cancellationToken)
                    ?? throw new InvalidOperationException($"Cycle for team {due[i].Schedule.TeamId} week {due[i].Slot.WeekOf} vanished while opening");
                results[i] = new OpenCycleResult(cycle, false, 0, null);
            }

            if (fresh.Count > 0)
            {
                var zones = fresh.ToDictionary(i => due[i].Schedule.TeamId, i => TimeZones.Resolve(due[i].Schedule.TimeZone));
                var days = fresh.ToDictionary(
                    i => due[i].Schedule.TeamId,
                    i => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(due[i].Slot.OpensAt, zones[due[i].Schedule.TeamId]).DateTime));
                var freshTeams = days.Keys.ToArray();
                var askable = await session.CheckIns.ListAskableMembersAsync(days, cancellationToken);
                var owed = (await session.Dependencies.ListProvidedByAsync(freshTeams, cancellationToken))
                    .Where(PromptMembers.IsOwed)
                    .ToLookup(d => d.ProviderTeamId);
                var blockers = (await session.Blockers.ListOpenAsync(freshTeams, cancellationToken)).ToLookup(b => b.TeamId);
                var now = prompts.Time.GetUtcNow();
                var members = new Dictionary<DateTimeOffset, List<(long CycleId, long PersonId)>>();
                var queuedPrompts = new Prompts();
                foreach (var i in fresh)
                {
                    var team = teams[due[i].Schedule.TeamId];
                    var cycle = created[team.Id];
                    var people = askable[team.Id];
                    // A slot opened ahead of its start (Scheduling:OpenAhead) has its prompts sent at the start, not now.
                    var sendAt = cycle.OpensAt > now ? cycle.OpensAt : now;
                    if (!members.TryGetValue(sendAt, out var prompted))
                    {
                        members[sendAt] = prompted = [];
                    }

                    prompted.AddRange(people.Select(p => (cycle.Id, p.Id)));
                    AddPrompts(cycle, team, people, owed[team.Id].ToList(), blockers[team.Id].ToList(), due[i].Schedule.TimeZone, sendAt, queuedPrompts);
                    results[i] = new OpenCycleResult(cycle, true, people.Count, null);
                    opened.Add(cycle);
                }

                foreach (var (promptedAt, prompted) in members)
                {
                    await session.CheckIns.AddPromptedMembersAsync(prompted, promptedAt, cancellationToken);
                }
                var queued = await session.Outbox.EnqueueSharedAsync(queuedPrompts.Bodies, queuedPrompts.Personal, cancellationToken)
                    + await session.Outbox.EnqueueManyAsync(queuedPrompts.Whole, queuedPrompts.WholeSerialized, cancellationToken);
                if (queued != queuedPrompts.Count)
                {
                    // Fresh cycles have no prompts yet: a dedup key already taken means something else wrote them.
                    throw new InvalidOperationException($"Queued {queued} of {queuedPrompts.Count} prompts for fresh cycles");
                }
            }

            await session.CommitAsync(cancellationToken);
        }

        // After the commit: a scheduler failure here is repaired by the start-up sync, which covers every open cycle.
        if (opened.Count > 0)
        {
            await scheduler.CyclesOpenedAsync(opened, cancellationToken);
        }

        return results.Select(r => r!).ToList();
    }

    /// <summary>
    /// One prompt per member. The team's shared prompt is serialized once and stored once for the cycle (<see cref="SharedBody"/>);
    /// each member's row keeps only their mention. A member with open blockers of their own (listed first in their form)
    /// gets a prompt of their own, stored whole, as does everyone when the shared form cannot be personalised by mention
    /// (<see cref="PromptTemplate.Shared"/>).
    /// </summary>
    private static void AddPrompts(
        CheckInCycle cycle, Team team, IReadOnlyList<Person> people, IReadOnlyList<Dependency> owed, IReadOnlyList<Blocker> blockers, string zone,
        DateTimeOffset sendAt, Prompts prompts)
    {
        var forms = new PromptForms(cycle, team, owed, blockers);
        var owners = blockers.Select(b => b.PersonId).ToHashSet();
        var template = new PromptTemplate(person => forms.Prompt(person, zone));
        var bodyKey = PromptMembers.BodyKey(cycle.Id);
        var bodyAdded = false;
        foreach (var person in people)
        {
            var dedupKey = PromptMembers.DedupKey(cycle.Id, person.Id);
            if (template.Shared is { } shared && !owners.Contains(person.Id))
            {
                if (!bodyAdded)
                {
                    prompts.Bodies.Add(new SharedBody(bodyKey, Destination.WorkspaceOf(person.Identity), team.ProgramId, CheckInMessages.PromptKind, shared, template.Placeholder));
                    bodyAdded = true;
                }

                prompts.Personal.Add(new PersonalMessage(person.Identity, bodyKey, PromptTemplate.Personal(person), dedupKey, sendAt));
                continue;
            }

            var message = forms.Prompt(person, zone);
            prompts.Whole.Add(OutboxMessage.DirectMessageTo(person.Identity, message, dedupKey, team.ProgramId, sendAt));
            prompts.WholeSerialized.Add(Messages.MessageJson.Serialize(message));
        }
    }

    /// <summary>A batch's prompts: shared bodies and the rows naming them, and the prompts stored whole.</summary>
    private sealed class Prompts
    {
        public List<SharedBody> Bodies { get; } = [];
        public List<PersonalMessage> Personal { get; } = [];
        public List<OutboxMessage> Whole { get; } = [];
        public List<string> WholeSerialized { get; } = [];

        public int Count => Personal.Count + Whole.Count;
    }
}

/// <summary>A team's slot to open: its schedule and the slot's instants.</summary>
public sealed record DueCheckIn(CheckInSchedule Schedule, CheckInSlot Slot);

/// <param name="Cycle">The week's cycle (new or existing); null when none was opened.</param>
/// <param name="Opened">True only for the call that created the cycle.</param>
/// <param name="NotOpenedReason">Why no cycle was opened (paused, skipped week, team gone).</param>
/// <param name="Failure">Set when opening the team failed (in a batch, <see cref="OpenCycle.OpenManyAsync"/>): nothing of it was stored.</param>
public sealed record OpenCycleResult(CheckInCycle? Cycle, bool Opened, int Prompted, string? NotOpenedReason, Exception? Failure = null)
{
    public static OpenCycleResult NotOpened(string reason) => new(null, false, 0, reason);

    public static OpenCycleResult Failed(Exception failure) => new(null, false, 0, failure.Message, failure);
}
