using StatusBot.Core.Blockers;
using StatusBot.Core.Commands.Parsing;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Messages;
using StatusBot.Core.Milestones;
using StatusBot.Core.People;
using StatusBot.Core.Programs;
using StatusBot.Core.Risks;
using StatusBot.Core.Teams;

namespace StatusBot.Core.Commands;

/// <summary>
/// Turns names and ids the caller typed into stored entities, always inside the caller's workspace: a program,
/// team or id of another workspace is "not found", exactly as if it did not exist.
/// </summary>
public sealed class NameResolver
{
    private readonly CommandContext _context;

    internal NameResolver(CommandContext context) => _context = context;

    private CancellationToken Ct => _context.CancellationToken;

    public async Task<Program> ProgramAsync(string name)
    {
        if (await _context.Session.Programs.FindByNameAsync(_context.WorkspaceId, name, Ct) is { } program)
        {
            return program;
        }

        var all = await _context.Session.Programs.ListAsync(_context.WorkspaceId, Ct);
        throw new CommandNotFoundException($"There is no program {InlineMarkup.Bold(name)} in this workspace.", Suggest.Closest(name, all.Select(p => p.Name)));
    }

    /// <summary>The named program, or when none is named, the caller's only program (the workspace's only one, or the only one they have a role in).</summary>
    public async Task<Program> ProgramOrDefaultAsync(string? name)
    {
        if (name is not null)
        {
            return await ProgramAsync(name);
        }

        var all = await _context.Session.Programs.ListAsync(_context.WorkspaceId, Ct);
        if (all.Count == 1)
        {
            return all[0];
        }

        var mine = new List<Program>();
        foreach (var program in all)
        {
            if (await _context.Access.RoleInAsync(program) is not null and not Role.Admin)
            {
                mine.Add(program);
            }
        }

        return mine.Count == 1
            ? mine[0]
            : throw new CommandInputException(all.Count == 0
                ? "There is no program yet; a workspace admin can create one with program create <name>."
                : $"Which program? Name it: {string.Join(", ", (mine.Count > 0 ? mine : all).Select(p => Verbs.Names.Typed(p.Name)))}.");
    }

    /// <summary>A team by name (or <c>Program/Team</c> when two programs have a team of that name).</summary>
    public async Task<(Team Team, Program Program)> TeamAsync(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var programs = slash > 0
            ? [await ProgramAsync(name[..slash])]
            : await _context.Session.Programs.ListAsync(_context.WorkspaceId, Ct);
        var teamName = slash > 0 ? name[(slash + 1)..] : name;
        var found = new List<(Team, Program)>();
        var names = new List<string>();
        foreach (var program in programs)
        {
            if (await _context.Session.Teams.FindByNameAsync(program.Id, teamName, Ct) is { } team)
            {
                found.Add((team, program));
            }

            names.AddRange((await _context.Session.Teams.ListAsync(program.Id, Ct)).Select(t => t.Name));
        }

        return found.Count switch
        {
            1 => found[0],
            0 => throw new CommandNotFoundException($"There is no team {InlineMarkup.Bold(teamName)} in this workspace.", Suggest.Closest(teamName, names)),
            _ => throw new CommandInputException($"Several programs have a team {InlineMarkup.Bold(teamName)}; write it as {string.Join(" or ", found.Select(f => Verbs.Names.Typed($"{f.Item2.Name}/{f.Item1.Name}")))}."),
        };
    }

    /// <summary>
    /// The teams a <c>[team|program]</c> argument means: a program's teams, or one team; when omitted, the caller's
    /// default program. A program name wins over a team of the same name.
    /// </summary>
    public async Task<(Program Program, IReadOnlyList<Team> Teams, Team? Team)> ScopeAsync(string? name)
    {
        if (name is null)
        {
            var program = await ProgramOrDefaultAsync(null);
            return (program, await _context.Session.Teams.ListAsync(program.Id, Ct), null);
        }

        if (await _context.Session.Programs.FindByNameAsync(_context.WorkspaceId, name, Ct) is { } named)
        {
            return (named, await _context.Session.Teams.ListAsync(named.Id, Ct), null);
        }

        try
        {
            var (team, owner) = await TeamAsync(name);
            return (owner, [team], team);
        }
        catch (CommandNotFoundException)
        {
            var programs = await _context.Session.Programs.ListAsync(_context.WorkspaceId, Ct);
            var names = programs.Select(p => p.Name).ToList();
            foreach (var program in programs)
            {
                names.AddRange((await _context.Session.Teams.ListAsync(program.Id, Ct)).Select(t => t.Name));
            }

            throw new CommandNotFoundException($"There is no team or program {InlineMarkup.Bold(name)} in this workspace.", Suggest.Closest(name, names));
        }
    }

    /// <summary>
    /// The person a mention names. A mention carrying an identity (Slack, Teams, playground) of someone the bot
    /// has not met yet registers them when <paramref name="register"/> is set; a bare <c>@name</c> must match a
    /// known display name.
    /// </summary>
    public async Task<Person> PersonAsync(Token token, bool register)
    {
        if (token.Identity is { } identity)
        {
            if (!PersonIdentity.TryParse(identity, out var parsed, out _) || parsed.WorkspaceId != _context.WorkspaceId)
            {
                throw new CommandInputException($"{InlineMarkup.Escape(token.Display)} is not a person of this workspace.");
            }

            if (await _context.Session.People.FindByIdentityAsync(identity, Ct) is { } known)
            {
                return known;
            }

            if (register)
            {
                return await _context.Session.People.AddAsync(
                    new Person { WorkspaceId = _context.WorkspaceId, Identity = identity, DisplayName = token.Text, TimeZone = "UTC", CreatedAt = _context.Now },
                    Ct);
            }
        }

        var people = await _context.Session.People.ListAsync(_context.WorkspaceId, Ct);
        var matches = people.Where(p => token.Identity is null && string.Equals(p.DisplayName, token.Text, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new CommandNotFoundException($"I do not know {InlineMarkup.Bold(token.Display)} in this workspace.", Suggest.Closest(token.Text, people.Select(p => p.DisplayName)).Select(n => "@" + n).ToList()),
            _ => throw new CommandInputException($"Several people are called {InlineMarkup.Escape(token.Display)}; mention them with the platform's people picker."),
        };
    }

    public async Task<(Dependency Dependency, Program Program)> DependencyAsync(long id)
    {
        if (await _context.Session.Dependencies.GetAsync(id, Ct) is { } dependency
            && await _context.Session.Programs.GetAsync(dependency.ProgramId, Ct) is { } program
            && program.WorkspaceId == _context.WorkspaceId)
        {
            return (dependency, program);
        }

        throw new CommandNotFoundException($"There is no dependency #{id} in this workspace; {InlineMarkup.Bold("dep list")} shows the ids.", []);
    }

    public async Task<(Risk Risk, Program Program)> RiskAsync(long id)
    {
        if (await _context.Session.Risks.GetAsync(id, Ct) is { } risk
            && await _context.Session.Programs.GetAsync(risk.ProgramId, Ct) is { } program
            && program.WorkspaceId == _context.WorkspaceId)
        {
            return (risk, program);
        }

        throw new CommandNotFoundException($"There is no risk #{id} in this workspace; {InlineMarkup.Bold("risk list")} shows the ids.", []);
    }

    public async Task<(Milestone Milestone, Program Program)> MilestoneAsync(long id)
    {
        if (await _context.Session.Milestones.GetAsync(id, Ct) is { } milestone
            && await _context.Session.Programs.GetAsync(milestone.ProgramId, Ct) is { } program
            && program.WorkspaceId == _context.WorkspaceId)
        {
            return (milestone, program);
        }

        throw new CommandNotFoundException($"There is no milestone #{id} in this workspace; {InlineMarkup.Bold("milestone list")} shows the ids.", []);
    }

    /// <summary>A milestone of <paramref name="program"/>, by id (<c>3</c>, <c>#3</c>) or by name; one of another program is refused by name.</summary>
    public async Task<Milestone> MilestoneOfAsync(Program program, string reference)
    {
        if (Parsing.Values.TryId(reference, out var id, out _))
        {
            var (byId, owner) = await MilestoneAsync(id);
            return owner.Id == program.Id
                ? byId
                : throw new CommandInputException($"Milestone #{id} {InlineMarkup.Bold(byId.Name)} belongs to {InlineMarkup.Bold(owner.Name)}, not to {InlineMarkup.Bold(program.Name)}.");
        }

        var milestones = await _context.Session.Milestones.ListAsync(program.Id, Ct);
        return milestones.FirstOrDefault(m => string.Equals(m.Name, reference, StringComparison.OrdinalIgnoreCase))
            ?? throw new CommandNotFoundException(
                $"{InlineMarkup.Bold(program.Name)} has no milestone {InlineMarkup.Bold(reference)}; add it with {InlineMarkup.Bold($"milestone add \"{reference}\" YYYY-MM-DD in {Verbs.Names.Typed(program.Name)}")}.",
                Suggest.Closest(reference, milestones.Select(m => m.Name)));
    }

    /// <summary>A blocker with its team and program; one of another workspace is "not found", exactly like an unknown id.</summary>
    public async Task<(Blocker Blocker, Team Team, Program Program)> BlockerAsync(long id)
    {
        if (await _context.Session.Blockers.GetAsync(id, Ct) is { } blocker
            && await _context.Session.Teams.GetAsync(blocker.TeamId, Ct) is { } team
            && await _context.Session.Programs.GetAsync(team.ProgramId, Ct) is { } program
            && program.WorkspaceId == _context.WorkspaceId)
        {
            return (blocker, team, program);
        }

        throw new CommandNotFoundException($"There is no blocker #{id} in this workspace; {InlineMarkup.Bold("blockers")} shows the open ones with their ids.", []);
    }

    /// <summary>A person as a mention in replies, or "someone" if they are gone.</summary>
    public async Task<string> MentionAsync(long personId) =>
        await _context.Session.People.GetAsync(personId, Ct) is { } person ? InlineMarkup.Mention(person.Identity, person.DisplayName) : "someone";

    public async Task<string> TeamNameAsync(long teamId) =>
        (await _context.Session.Teams.GetAsync(teamId, Ct))?.Name ?? $"team {teamId}";
}
