using StatusBot.Core.Messages;
using StatusBot.Core.People;
using StatusBot.Core.Programs;
using StatusBot.Core.Teams;

namespace StatusBot.Core.Commands.Authorization;

/// <summary>
/// Checks the caller holds the role the current verb declares (<see cref="VerbInfo.Role"/>) for the program
/// or team the command is about. Roles nest: an admin is a TPM everywhere in the workspace, a TPM is a member
/// of every team of their program and a viewer of it. A refusal names the role and who holds it.
/// </summary>
public sealed class Authorizer
{
    private readonly CommandContext _context;
    private readonly ConfiguredAdmins _admins;

    internal Authorizer(CommandContext context, ConfiguredAdmins admins)
    {
        _context = context;
        _admins = admins;
    }

    public bool CallerIsAdmin => _context.Caller.IsAdmin || _admins.Contains(_context.Caller.Identity);

    /// <summary>For verbs whose role is <see cref="VerbRole.Admin"/>.</summary>
    public async Task RequireAdminAsync()
    {
        if (!CallerIsAdmin)
        {
            throw new CommandRefusedException($"Only a workspace admin can do that. {await AdminsTextAsync()}");
        }
    }

    /// <summary>Checks the verb's role against a program (TPM, viewer) or, for member verbs, against <paramref name="team"/>.</summary>
    public async Task RequireAsync(Program program, Team? team = null)
    {
        _context.ProgramId = program.Id;
        if (CallerIsAdmin || _context.Verb.Role == VerbRole.Anyone)
        {
            return;
        }

        var roles = await _context.Session.Programs.ListRolesAsync(program.Id, _context.CancellationToken);
        if (roles.Any(role => role.PersonId == _context.Caller.Id && role.Role == Role.Tpm))
        {
            return;
        }

        switch (_context.Verb.Role)
        {
            case VerbRole.Member when team is not null && await IsMemberAsync(team.Id):
                return;
            case VerbRole.Viewer when roles.Any(role => role.PersonId == _context.Caller.Id) || await IsMemberOfProgramAsync(program.Id):
                return;
            case VerbRole.Admin:
                await RequireAdminAsync();
                return;
        }

        throw new CommandRefusedException(await RefusalAsync(program, team, roles));
    }

    /// <summary>Whether the caller may see the program at all (used to filter lists, never to refuse).</summary>
    public async Task<Role?> RoleInAsync(Program program)
    {
        if (CallerIsAdmin)
        {
            return Role.Admin;
        }

        var roles = await _context.Session.Programs.ListRolesAsync(program.Id, _context.CancellationToken);
        var held = roles.Where(role => role.PersonId == _context.Caller.Id).Select(role => (Role?)role.Role).Max();
        return held ?? (await IsMemberOfProgramAsync(program.Id) ? Role.Member : null);
    }

    private async Task<bool> IsMemberAsync(long teamId) =>
        (await _context.Session.Teams.ListMembershipsOfAsync(_context.Caller.Id, _context.CancellationToken)).Any(m => m.TeamId == teamId);

    private async Task<bool> IsMemberOfProgramAsync(long programId)
    {
        var teams = await _context.Session.Teams.ListAsync(programId, _context.CancellationToken);
        var memberships = await _context.Session.Teams.ListMembershipsOfAsync(_context.Caller.Id, _context.CancellationToken);
        return memberships.Any(m => teams.Any(t => t.Id == m.TeamId));
    }

    private async Task<string> RefusalAsync(Program program, Team? team, IReadOnlyList<ProgramRole> roles)
    {
        var tpms = await MentionsAsync(roles.Where(role => role.Role == Role.Tpm).Select(role => role.PersonId));
        var tpmText = tpms.Count == 0 ? $"{InlineMarkup.Bold(program.Name)} has no TPM yet" : $"TPMs of {InlineMarkup.Bold(program.Name)}: {string.Join(", ", tpms)}";
        var needed = _context.Verb.Role switch
        {
            VerbRole.Member when team is not null => $"a member of team {InlineMarkup.Bold(team.Name)} or a TPM of {InlineMarkup.Bold(program.Name)}",
            VerbRole.Viewer => $"a viewer, member or TPM of {InlineMarkup.Bold(program.Name)}",
            _ => $"a TPM of {InlineMarkup.Bold(program.Name)}",
        };
        var members = string.Empty;
        if (_context.Verb.Role == VerbRole.Member && team is not null)
        {
            var ids = (await _context.Session.Teams.ListMembersAsync(team.Id, _context.CancellationToken)).Select(m => m.PersonId);
            var names = await MentionsAsync(ids);
            members = names.Count == 0 ? string.Empty : $" Members of {InlineMarkup.Bold(team.Name)}: {string.Join(", ", names)}.";
        }

        return $"{InlineMarkup.Bold(_context.Verb.Name)} needs {needed}. {tpmText}.{members} {await AdminsTextAsync()}";
    }

    private async Task<string> AdminsTextAsync()
    {
        var people = await _context.Session.People.ListAsync(_context.WorkspaceId, _context.CancellationToken);
        var names = people.Where(p => p.IsAdmin || _admins.Contains(p.Identity)).Select(p => InlineMarkup.Mention(p.Identity, p.DisplayName))
            .Concat(_admins.Of(_context.WorkspaceId).Where(id => people.All(p => p.Identity != id)).Select(id => InlineMarkup.Mention(id, id)))
            .ToList();
        return names.Count == 0 ? "This workspace has no admin configured." : $"Workspace admins: {string.Join(", ", names)}.";
    }

    private async Task<IReadOnlyList<string>> MentionsAsync(IEnumerable<long> personIds)
    {
        var names = new List<string>();
        foreach (var id in personIds.Distinct())
        {
            if (await _context.Session.People.GetAsync(id, _context.CancellationToken) is { } person)
            {
                names.Add(InlineMarkup.Mention(person.Identity, person.DisplayName));
            }
        }

        return names;
    }
}
