using StatusBot.Core.CheckIns;
using StatusBot.Core.Commands.Parsing;
using StatusBot.Core.Messages;
using StatusBot.Core.Teams;

namespace StatusBot.Core.Commands.Verbs;

/// <summary><c>team add &lt;name&gt; to &lt;program&gt;</c>.</summary>
public sealed class TeamAddVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var name = Names.Valid(arguments.NameUntil("to", "team name"), "team");
        arguments.Keyword("to", "before the program");
        var program = await context.Find.ProgramAsync(arguments.Name("program"));
        arguments.End();
        await context.Access.RequireAsync(program);
        if (await context.Session.Teams.FindByNameAsync(program.Id, name, context.CancellationToken) is { } existing)
        {
            throw new CommandInputException($"{InlineMarkup.Bold(program.Name)} already has a team {InlineMarkup.Bold(existing.Name)}.");
        }

        var team = await context.Session.Teams.AddAsync(new Team { ProgramId = program.Id, Name = name, CreatedAt = context.Now }, context.CancellationToken);
        return CommandReplies.Done($"Added team {InlineMarkup.Bold(team.Name)} to {InlineMarkup.Bold(program.Name)}. Next: {InlineMarkup.Bold($"team members {Names.Typed(team.Name)} @…")} and {InlineMarkup.Bold($"team schedule {Names.Typed(team.Name)} monday 10:00")}.");
    }
}

/// <summary>
/// <c>team remove &lt;team&gt; [confirm]</c>: deletes the team with its members, schedule and skipped weeks. The delete
/// cascades to the team's history (check-in weeks and answers, blockers, the dependencies it provides or consumes, and
/// so its milestones' critical paths), so a team that has any is deleted only with <c>confirm</c>; without it the reply
/// says what would go, with <c>team pause</c> as the way to stop the check-ins and keep it.
/// </summary>
public sealed class TeamRemoveVerb(ICheckInOperations checkIns) : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var (team, program) = await context.Find.TeamAsync(arguments.Name("team"));
        var confirmed = arguments.TryKeyword("confirm");
        arguments.End();
        await context.Access.RequireAsync(program);
        var history = await context.Session.Teams.GetHistoryAsync(team.Id, context.CancellationToken);
        if (history.IsEmpty)
        {
            await context.Session.Teams.DeleteAsync(team.Id, context.CancellationToken);
            context.AfterCommit(ct => checkIns.ScheduleChangedAsync(team.Id, ct));
            return CommandReplies.Done($"Removed team {InlineMarkup.Bold(team.Name)} from {InlineMarkup.Bold(program.Name)}.");
        }

        var lost = Describe(history);
        if (!confirmed)
        {
            var name = Names.Typed(team.Name);
            var keep = team.Paused
                ? "It is paused already, which stops its check-ins and keeps its history."
                : $"To stop its check-ins and keep its history: {InlineMarkup.Bold($"team pause {name}")}.";
            throw new CommandInputException(
                $"{InlineMarkup.Bold(team.Name)} has {lost}; removing it deletes them all. {keep} To delete it anyway: {InlineMarkup.Bold($"team remove {name} confirm")}.");
        }

        await context.Session.Teams.DeleteAsync(team.Id, context.CancellationToken);
        context.Audit($"team {team.Name} of {program.Name}", lost, null);
        context.AfterCommit(ct => checkIns.ScheduleChangedAsync(team.Id, ct));
        return CommandReplies.Done($"Removed team {InlineMarkup.Bold(team.Name)} from {InlineMarkup.Bold(program.Name)}, with its {lost}.");
    }

    /// <summary>What the delete takes, e.g. "30 answers over 5 check-in weeks, 2 blockers and 3 dependencies (#7, #9, #10)".</summary>
    private static string Describe(TeamHistory history)
    {
        var parts = new List<string>();
        if (history.Weeks > 0 || history.Answers > 0)
        {
            parts.Add($"{Names.Count(history.Answers, "answer", "answers")} over {Names.Count(history.Weeks, "check-in week", "check-in weeks")}");
        }

        if (history.Blockers > 0)
        {
            parts.Add(Names.Count(history.Blockers, "blocker", "blockers"));
        }

        if (history.DependencyIds.Count > 0)
        {
            var ids = string.Join(", ", history.DependencyIds.Select(id => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"#{id}")));
            parts.Add($"{Names.Count(history.DependencyIds.Count, "dependency", "dependencies")} ({ids})");
        }

        return parts.Count == 1 ? parts[0] : $"{string.Join(", ", parts[..^1])} and {parts[^1]}";
    }
}

/// <summary><c>team members &lt;team&gt; &lt;@person…&gt;</c>: adds people (first mentions register them).</summary>
public sealed class TeamMembersVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var (team, program) = await context.Find.TeamAsync(arguments.Name("team"));
        var tokens = new List<Token> { arguments.Person("a person") };
        while (!arguments.AtEnd)
        {
            tokens.Add(arguments.Person("a person"));
        }

        await context.Access.RequireAsync(program);
        // Re-adding someone keeps what they were: a lead named again in a members list stays a lead.
        var leads = (await context.Session.Teams.ListMembersAsync(team.Id, context.CancellationToken)).Where(m => m.IsLead).Select(m => m.PersonId).ToHashSet();
        var names = new List<string>();
        foreach (var token in tokens)
        {
            var person = await context.Find.PersonAsync(token, register: true);
            await context.Session.Teams.AddMemberAsync(new TeamMembership { TeamId = team.Id, PersonId = person.Id, IsLead = leads.Contains(person.Id), JoinedAt = context.Now }, context.CancellationToken);
            names.Add(InlineMarkup.Mention(person.Identity, person.DisplayName));
        }

        var count = (await context.Session.Teams.ListMembersAsync(team.Id, context.CancellationToken)).Count;
        return CommandReplies.Done($"Added {string.Join(", ", names.Distinct())} to {InlineMarkup.Bold(team.Name)} ({count} member(s)).");
    }
}

/// <summary>
/// <c>team lead &lt;team&gt; &lt;@person…&gt;</c>: marks people leads of the team, adding them as members if needed. Leads
/// receive the slip notices of the dependencies their team provides or consumes, and are named as owners of late items.
/// </summary>
public sealed class TeamLeadVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var (team, program) = await context.Find.TeamAsync(arguments.Name("team"));
        var tokens = new List<Token> { arguments.Person("a person") };
        while (!arguments.AtEnd)
        {
            tokens.Add(arguments.Person("a person"));
        }

        await context.Access.RequireAsync(program);
        var members = (await context.Session.Teams.ListMembersAsync(team.Id, context.CancellationToken)).ToDictionary(m => m.PersonId);
        foreach (var token in tokens)
        {
            var person = await context.Find.PersonAsync(token, register: true);
            var membership = members.TryGetValue(person.Id, out var existing)
                ? existing with { IsLead = true }
                : new TeamMembership { TeamId = team.Id, PersonId = person.Id, IsLead = true, JoinedAt = context.Now };
            await context.Session.Teams.AddMemberAsync(membership, context.CancellationToken);
            context.Audit($"{person.DisplayName}'s role in {team.Name}", existing is null ? null : existing.IsLead ? "lead" : "member", "lead");
        }

        var leads = new List<string>();
        foreach (var lead in (await context.Session.Teams.ListMembersAsync(team.Id, context.CancellationToken)).Where(m => m.IsLead))
        {
            leads.Add(await context.Find.MentionAsync(lead.PersonId));
        }

        return CommandReplies.Done($"Leads of {InlineMarkup.Bold(team.Name)}: {string.Join(", ", leads)}. They get the slip notices of the dependencies {team.Name} provides or needs.");
    }
}

/// <summary><c>team drop &lt;team&gt; &lt;@person&gt;</c>.</summary>
public sealed class TeamDropVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var (team, program) = await context.Find.TeamAsync(arguments.Name("team"));
        var token = arguments.Person("the person to drop");
        arguments.End();
        await context.Access.RequireAsync(program);
        var person = await context.Find.PersonAsync(token, register: false);
        if (!await context.Session.Teams.RemoveMemberAsync(team.Id, person.Id, context.CancellationToken))
        {
            throw new CommandInputException($"{InlineMarkup.Mention(person.Identity, person.DisplayName)} is not a member of {InlineMarkup.Bold(team.Name)}.");
        }

        return CommandReplies.Done($"Dropped {InlineMarkup.Mention(person.Identity, person.DisplayName)} from {InlineMarkup.Bold(team.Name)}.");
    }
}

/// <summary>
/// <c>team schedule &lt;team&gt; &lt;weekday&gt; &lt;HH:MM&gt; [zone] [window &lt;h&gt;h] [remind &lt;h&gt;h]</c>: stores the weekly
/// slot (zone defaults to the caller's), then has the check-in engine re-sync its trigger.
/// </summary>
public sealed class TeamScheduleVerb(ICheckInOperations checkIns) : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var (team, program) = await context.Find.TeamAsync(arguments.Name("team"));
        var day = arguments.Weekday("weekday");
        var time = arguments.Time("time (HH:MM)");
        var zone = arguments.OptionalZone() ?? context.Caller.TimeZone;
        int? window = null, remind = null;
        while (!arguments.AtEnd)
        {
            if (arguments.TryKeyword("window") && window is null)
            {
                window = arguments.Hours(168, "answer window (e.g. 24h)");
            }
            else if (arguments.TryKeyword("remind") && remind is null)
            {
                remind = arguments.Hours(167, "reminder lead (e.g. 4h)");
            }
            else
            {
                arguments.End();
            }
        }

        window ??= 24;
        if (window < 2)
        {
            throw new CommandInputException($"An answer window needs at least 2h: every check-in sends one reminder, at least 1h before the window closes (e.g. {InlineMarkup.Bold("window 2h remind 1h")}).");
        }

        remind ??= Math.Min(4, window.Value - 1);
        if (remind >= window || remind < 1)
        {
            throw new CommandInputException($"The reminder goes out before the window closes, so it must be shorter than the {window}h window (and at least 1h).");
        }

        await context.Access.RequireAsync(program);
        var schedule = new CheckInSchedule
        {
            TeamId = team.Id,
            Day = day,
            LocalTime = time,
            TimeZone = zone,
            WindowMinutes = window.Value * 60,
            ReminderMinutesBeforeClose = remind.Value * 60,
            UpdatedAt = context.Now,
        };
        var previous = await context.Session.Teams.GetScheduleAsync(team.Id, context.CancellationToken);
        await context.Session.Teams.SetScheduleAsync(schedule, context.CancellationToken);
        context.Audit($"{team.Name} check-in", previous is null ? null : Describe(previous), Describe(schedule));
        context.AfterCommit(ct => checkIns.ScheduleChangedAsync(team.Id, ct));
        return CommandReplies.Done($"{InlineMarkup.Bold(team.Name)} checks in every {InlineMarkup.Bold($"{day} {Names.Clock(time)} {zone}")}; answers are collected for {window}h, with a reminder {remind}h before the close.");
    }

    private static string Describe(CheckInSchedule schedule) =>
        $"{schedule.Day} {Names.Clock(schedule.LocalTime)} {schedule.TimeZone}, window {schedule.WindowMinutes / 60}h, remind {schedule.ReminderMinutesBeforeClose / 60}h";
}

/// <summary><c>team pause &lt;team&gt;</c> and <c>team resume &lt;team&gt;</c>.</summary>
public abstract class TeamPausedVerb(ICheckInOperations checkIns, bool paused) : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var (team, program) = await context.Find.TeamAsync(arguments.Name("team"));
        arguments.End();
        await context.Access.RequireAsync(program);
        if (team.Paused == paused)
        {
            throw new CommandInputException($"{InlineMarkup.Bold(team.Name)} is already {(paused ? "paused" : "active")}.");
        }

        await context.Session.Teams.UpdateAsync(team with { Paused = paused }, context.CancellationToken);

        // The schedule's "set at" moves too: a slot before it was never planned, so a restart must not catch it up.
        if (await context.Session.Teams.GetScheduleAsync(team.Id, context.CancellationToken) is { } schedule)
        {
            await context.Session.Teams.SetScheduleAsync(schedule with { UpdatedAt = context.Now }, context.CancellationToken);
        }

        context.AfterCommit(ct => checkIns.ScheduleChangedAsync(team.Id, ct));
        var resume = InlineMarkup.Bold($"team resume {Names.Typed(team.Name)}");
        if (!paused)
        {
            return CommandReplies.Done($"Resumed {InlineMarkup.Bold(team.Name)}: its next check-in prompts as scheduled.");
        }

        // A round already open (or opened ahead of its slot) keeps its prompts and takes answers until its close; only its
        // reminders stop (SendReminders skips a paused team). Saying "nobody is prompted" then would not be true.
        if (await context.Session.CheckIns.FindLatestCycleAsync(team.Id, context.CancellationToken) is { State: CycleState.Open } open)
        {
            var zone = await TeamCalendar.ZoneIdOfTeamAsync(context.Session, team, context.CancellationToken);
            return CommandReplies.Done(
                $"Paused {InlineMarkup.Bold(team.Name)}: its open check-in (week of {Names.Iso(open.WeekOf)}) takes answers until {InlineMarkup.Instant(open.ClosesAt, zone)} and sends no reminder; after it nobody is prompted until {resume}.");
        }

        return CommandReplies.Done($"Paused {InlineMarkup.Bold(team.Name)}: nobody is prompted until {resume}.");
    }
}

/// <summary><c>team pause &lt;team&gt;</c>.</summary>
public sealed class TeamPauseVerb(ICheckInOperations checkIns) : TeamPausedVerb(checkIns, paused: true);

/// <summary><c>team resume &lt;team&gt;</c>.</summary>
public sealed class TeamResumeVerb(ICheckInOperations checkIns) : TeamPausedVerb(checkIns, paused: false);

/// <summary><c>team skip &lt;team&gt; &lt;YYYY-MM-DD&gt;</c>: skips the check-in of that date's ISO week.</summary>
public sealed class TeamSkipVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var (team, program) = await context.Find.TeamAsync(arguments.Name("team"));
        var date = arguments.Date("a date in the week to skip (YYYY-MM-DD)");
        arguments.End();
        var weekOf = CheckInClock.MondayOf(date);
        if (weekOf < await LocalToday.WeekOfTeamAsync(context, team))
        {
            throw new CommandInputException($"The week of {Names.Iso(weekOf)} is over; skip this week or a later one.");
        }

        await context.Access.RequireAsync(program);
        if ((await context.Session.Teams.ListSkippedWeeksAsync(team.Id, context.CancellationToken)).Any(w => w.WeekOf == weekOf))
        {
            throw new CommandInputException($"{InlineMarkup.Bold(team.Name)} already skips the week of {Names.Iso(weekOf)}.");
        }

        // A skip is read only when a week's round is opened: recorded for a round already open (or opened ahead of its
        // slot, Scheduling:OpenAhead), it would say "skips" while the round runs on.
        if (await context.Session.CheckIns.FindCycleAsync(team.Id, weekOf, context.CancellationToken) is not null)
        {
            throw new CommandInputException(
                $"{InlineMarkup.Bold(team.Name)}'s check-in of the week of {Names.Iso(weekOf)} is already open, so it can no longer be skipped; it runs until its close. Skip a later week, or {InlineMarkup.Bold($"team pause {Names.Typed(team.Name)}")} to stop the rounds after it.");
        }

        await context.Session.Teams.AddSkippedWeekAsync(new SkippedWeek { TeamId = team.Id, WeekOf = weekOf }, context.CancellationToken);
        return CommandReplies.Done($"{InlineMarkup.Bold(team.Name)} skips the check-in of the week of {InlineMarkup.Bold(Names.Iso(weekOf))}.");
    }
}
