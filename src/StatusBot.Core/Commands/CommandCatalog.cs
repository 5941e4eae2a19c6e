using StatusBot.Core.Commands.Verbs;

namespace StatusBot.Core.Commands;

/// <summary>Every verb StatusBot understands, in the order <c>help</c> and the README list them.</summary>
public static class CommandCatalog
{
    public static IReadOnlyList<VerbInfo> Verbs { get; } =
    [
        new("help", "[verb]", "help team schedule", "Lists the commands, or explains one.", VerbRole.Anyone, typeof(HelpVerb)) { ReadOnly = true },
        new("me", "", "me", "Shows what StatusBot knows about you: zone, roles, teams, leave.", VerbRole.Anyone, typeof(MeVerb)) { ReadOnly = true },
        new("me export", "", "me export", "Sends you, in direct messages, every check-in answer you gave and every blocker you raised.", VerbRole.Anyone, typeof(MeExportVerb)),
        new("leave", "<YYYY-MM-DD> <YYYY-MM-DD>", "leave 2026-12-21 2027-01-01", "Marks you away from the first to the last day; you are not prompted then.", VerbRole.Anyone, typeof(LeaveVerb)),
        new("program create", "<name>", "program create Apollo", "Creates a program; you become its TPM.", VerbRole.Admin, typeof(ProgramCreateVerb)),
        new("program list", "", "program list", "Lists the workspace's programs and your role in each.", VerbRole.Anyone, typeof(ProgramListVerb)) { ReadOnly = true },
        new("program channel", "<program> <#channel>", "program channel Apollo #apollo-status", "Adds a channel the program's digest is posted to (several allowed).", VerbRole.Tpm, typeof(ProgramChannelVerb)),
        new("program digest", "<program> <weekday> <HH:MM> [zone]", "program digest Apollo friday 16:00 Europe/Berlin", "Sets when the weekly digest posts (zone defaults to yours).", VerbRole.Tpm, typeof(ProgramDigestVerb)),
        new("program tpm", "<program> <@person…>", "program tpm Apollo @ada @grace", "Makes people TPMs of the program.", VerbRole.Tpm, typeof(ProgramTpmVerb)),
        new("program viewer", "<program> <@person…>", "program viewer Apollo @lin", "Gives people read-only access to the program (status, risks, decisions).", VerbRole.Tpm, typeof(ProgramViewerVerb)),
        new("team add", "<name> to <program>", "team add Payments to Apollo", "Adds a team to a program.", VerbRole.Tpm, typeof(TeamAddVerb)),
        new("team remove", "<team> [confirm]", "team remove Payments", "Removes a team with its members and schedule. A team with history (check-in answers, blockers, dependencies) is removed only with confirm, which deletes that history too; team pause keeps it.", VerbRole.Tpm, typeof(TeamRemoveVerb)),
        new("team members", "<team> <@person…>", "team members Payments @ada @linus", "Adds people to a team.", VerbRole.Tpm, typeof(TeamMembersVerb)),
        new("team lead", "<team> <@person…>", "team lead Payments @ada", "Makes people leads of a team (adding them as members if needed); leads get the slip notices of the dependencies their team provides or needs.", VerbRole.Tpm, typeof(TeamLeadVerb)),
        new("team drop", "<team> <@person>", "team drop Payments @linus", "Takes a person off a team.", VerbRole.Tpm, typeof(TeamDropVerb)),
        new("team schedule", "<team> <weekday> <HH:MM> [zone] [window <hours>h] [remind <hours>h]", "team schedule Payments monday 10:00 Europe/Berlin window 24h remind 4h", "Sets the team's weekly check-in: when it opens, how long answers are collected, when to remind.", VerbRole.Tpm, typeof(TeamScheduleVerb)),
        new("team pause", "<team>", "team pause Payments", "Stops prompting and reminding the team until resumed (an open check-in still takes answers).", VerbRole.Tpm, typeof(TeamPauseVerb)),
        new("team resume", "<team>", "team resume Payments", "Prompts a paused team again.", VerbRole.Tpm, typeof(TeamResumeVerb)),
        new("team skip", "<team> <YYYY-MM-DD>", "team skip Payments 2026-12-28", "Skips the team's check-in in the week of that date (not once that week's round is open).", VerbRole.Tpm, typeof(TeamSkipVerb)),
        new("checkin start", "<team|program>", "checkin start Payments", "Opens this week's check-in now and prompts the members.", VerbRole.Tpm, typeof(CheckinStartVerb)),
        new("checkin missing", "[team|program]", "checkin missing Apollo", "Lists who has not answered the open check-in.", VerbRole.Tpm, typeof(CheckinMissingVerb)) { ReadOnly = true },
        new("checkin remind", "[team|program]", "checkin remind Payments", "Reminds everyone who has not answered yet.", VerbRole.Tpm, typeof(CheckinRemindVerb)),
        new("dep add", "<consumer-team> needs \"<what>\" from <provider-team> by <YYYY-MM-DD> [for <milestone>]", "dep add Checkout needs \"refund API\" from Payments by 2026-12-15 for Beta", "Records that one team needs something from another by a date, optionally for a milestone.", VerbRole.Tpm, typeof(DepAddVerb)),
        new("dep eta", "<id> <YYYY-MM-DD>", "dep eta 12 2026-12-18", "Sets the provider's expected delivery date.", VerbRole.Member, typeof(DepEtaVerb)),
        new("dep done", "<id>", "dep done 12", "Marks a dependency delivered.", VerbRole.Member, typeof(DepDoneVerb)),
        new("dep drop", "<id>", "dep drop 12", "Drops a dependency that is no longer needed.", VerbRole.Tpm, typeof(DepDropVerb)),
        new("dep list", "[team]", "dep list Payments", "Lists open dependencies, of one team or of your program.", VerbRole.Viewer, typeof(DepListVerb)) { ReadOnly = true },
        new("dep waits", "<id> on <id>", "dep waits 14 on 12", "Records that the first dependency cannot start before the second is delivered (a chain); a link that would close a cycle is refused.", VerbRole.Tpm, typeof(DepWaitsVerb)),
        new("dep for", "<id> <milestone>", "dep for 12 Beta", "Says which milestone a dependency serves (by name or id).", VerbRole.Tpm, typeof(DepForVerb)),
        new("milestone add", "\"<name>\" <YYYY-MM-DD> [in <program>]", "milestone add \"Beta\" 2026-12-11 in Apollo", "Adds a dated milestone that dependencies can serve.", VerbRole.Tpm, typeof(MilestoneAddVerb)),
        new("milestone list", "[program]", "milestone list Apollo", "Lists milestones: first and current date, projected date, delay and critical path.", VerbRole.Viewer, typeof(MilestoneListVerb)) { ReadOnly = true },
        new("milestone date", "<id> <YYYY-MM-DD>", "milestone date 2 2027-01-22", "Moves a milestone's date; the first date and every move are kept.", VerbRole.Tpm, typeof(MilestoneDateVerb)),
        new("milestone done", "<id>", "milestone done 2", "Marks a milestone reached.", VerbRole.Tpm, typeof(MilestoneDoneVerb)),
        new("risk add", "\"<title>\" p<1-5> i<1-5> [owner <@person>] [mitigation \"<text>\"] [in <program>]", "risk add \"Vendor SDK late\" p3 i4 owner @ada mitigation \"stub the SDK\"", "Adds a risk to the register (probability × impact).", VerbRole.Tpm, typeof(RiskAddVerb)),
        new("risk update", "<id> [\"<title>\"] [p<1-5>] [i<1-5>] [owner <@person>] [mitigation \"<text>\"]", "risk update 3 p2 mitigation \"SDK delivered early\"", "Changes a risk's title, ratings, owner or mitigation.", VerbRole.Tpm, typeof(RiskUpdateVerb)),
        new("risk close", "<id>", "risk close 3", "Closes a risk.", VerbRole.Tpm, typeof(RiskCloseVerb)),
        new("risk list", "[program]", "risk list Apollo", "Lists open risks, highest score first.", VerbRole.Viewer, typeof(RiskListVerb)) { ReadOnly = true },
        new("decision", "\"<text>\" [program]", "decision \"Ship without offline mode\" Apollo", "Logs a decision.", VerbRole.Tpm, typeof(DecisionVerb)),
        new("decisions", "[program]", "decisions Apollo", "Lists the program's decision log, newest first.", VerbRole.Viewer, typeof(DecisionsVerb)) { ReadOnly = true },
        new("status", "[program]", "status Apollo", "Shows the program's status now, to you only.", VerbRole.Viewer, typeof(StatusVerb)) { ReadOnly = true },
        new("status set", "<program> <on-track|at-risk|off-track> \"<reason>\"", "status set Apollo at-risk \"Refund API replanned; Beta holds\"", "Sets the program's status by hand, with a reason; shown with who and when until cleared.", VerbRole.Tpm, typeof(StatusSetVerb)),
        new("status clear", "<program>", "status clear Apollo", "Removes the status override and the note; the rules decide again.", VerbRole.Tpm, typeof(StatusClearVerb)),
        new("status note", "<program> \"<what is being done>\"", "status note Apollo \"Payments moved two engineers to the refund API\"", "Records what is being done; the digest and status show it.", VerbRole.Tpm, typeof(StatusNoteVerb)),
        new("blockers", "[team|program]", "blockers Payments", "Lists open blockers with their ids, oldest first.", VerbRole.Viewer, typeof(BlockersVerb)) { ReadOnly = true },
        new("blocker resolve", "<id> [\"<note>\"]", "blocker resolve 12 \"security review done\"", "Marks a blocker resolved, with an optional note (its author, a member of its team or a TPM may); it leaves the open lists and stops escalating.", VerbRole.Member, typeof(BlockerResolveVerb)),
        new("digest preview", "<program>", "digest preview Apollo", "Shows this week's digest to you without posting it.", VerbRole.Tpm, typeof(DigestPreviewVerb)) { ReadOnly = true },
        new("digest post", "<program>", "digest post Apollo", "Posts this week's digest to the program's channels now.", VerbRole.Tpm, typeof(DigestPostVerb)),
        new("digest history", "<program>", "digest history Apollo", "Lists the program's past digests: week, status, when and where each was posted, and a dashboard link.", VerbRole.Viewer, typeof(DigestHistoryVerb)) { ReadOnly = true },
        new("audit", "[program] [since <YYYY-MM-DD>]", "audit Apollo since 2026-12-01", "Shows the latest changes (who, what, when, before and after), of one program or, for admins, of the workspace.", VerbRole.Tpm, typeof(AuditVerb)) { ReadOnly = true },
        new("forget", "<@person>", "forget @linus", "Removes a person's identity and the text of their answers and blockers from every program of the workspace; counts stay.", VerbRole.Admin, typeof(ForgetVerb)),
    ];

    /// <summary>The verb with exactly this name, or null.</summary>
    public static VerbInfo? Find(string name) =>
        Verbs.FirstOrDefault(verb => string.Equals(verb.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Nouns with several verbs (<c>team</c>, <c>dep</c>…).</summary>
    public static IReadOnlyList<VerbInfo> OfNoun(string noun) =>
        Verbs.Where(verb => verb.Name.Contains(' ', StringComparison.Ordinal) && string.Equals(verb.Noun, noun, StringComparison.OrdinalIgnoreCase)).ToList();
}
