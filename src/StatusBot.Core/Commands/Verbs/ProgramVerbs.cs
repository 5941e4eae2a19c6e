using StatusBot.Core.CheckIns;
using StatusBot.Core.Commands.Parsing;
using StatusBot.Core.Messages;
using StatusBot.Core.People;
using StatusBot.Core.Programs;

namespace StatusBot.Core.Commands.Verbs;

/// <summary><c>program create &lt;name&gt;</c>: admins only; the creator becomes the program's TPM.</summary>
public sealed class ProgramCreateVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var name = Names.Valid(arguments.Text("program name", 80), "program");
        arguments.End();
        await context.Access.RequireAdminAsync();
        if (await context.Session.Programs.FindByNameAsync(context.WorkspaceId, name, context.CancellationToken) is { } existing)
        {
            throw new CommandInputException($"A program {InlineMarkup.Bold(existing.Name)} already exists.");
        }

        var program = await context.Session.Programs.AddAsync(new Program { WorkspaceId = context.WorkspaceId, Name = name, CreatedAt = context.Now }, context.CancellationToken);
        await context.Session.Programs.GrantAsync(new ProgramRole { ProgramId = program.Id, PersonId = context.Caller.Id, Role = Role.Tpm }, context.CancellationToken);
        return CommandReplies.Done($"Created program {InlineMarkup.Bold(program.Name)}; you are its TPM. Next: {InlineMarkup.Bold($"team add <name> to {Names.Typed(program.Name)}")}.");
    }
}

/// <summary><c>program list</c>: the workspace's programs and the caller's role in each.</summary>
public sealed class ProgramListVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        arguments.End();
        var lines = new List<string>();
        foreach (var program in await context.Session.Programs.ListAsync(context.WorkspaceId, context.CancellationToken))
        {
            var teams = await context.Session.Teams.ListAsync(program.Id, context.CancellationToken);
            var role = await context.Access.RoleInAsync(program);
            lines.Add($"{InlineMarkup.Bold(program.Name)} — {teams.Count} team(s){(role is null ? string.Empty : $", you: {role.Value.ToString().ToLowerInvariant()}")}");
        }

        return CommandReplies.List("Programs", lines, $"No programs yet; an admin can create one with {InlineMarkup.Bold("program create <name>")}.");
    }
}

/// <summary><c>program channel &lt;program&gt; &lt;#channel&gt;</c>: another channel the digest posts to.</summary>
public sealed class ProgramChannelVerb : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var program = await context.Find.ProgramAsync(arguments.Name("program"));
        var token = arguments.Channel("channel");
        arguments.End();
        await context.Access.RequireAsync(program);
        var (channelRef, display) = token.Identity is { } identity
            ? (identity, "#" + token.Text)
            : (context.Request.ChannelRef ?? throw new CommandInputException("'here' works only when the command is sent in a channel; name the channel instead."), "this channel");
        if (!channelRef.StartsWith(context.WorkspaceId + ":", StringComparison.Ordinal))
        {
            throw new CommandInputException("That channel is not in this workspace.");
        }

        var channels = await context.Session.Programs.ListChannelsAsync(program.Id, context.CancellationToken);
        if (channels.Any(c => c.ChannelRef == channelRef))
        {
            throw new CommandInputException($"{InlineMarkup.Bold(program.Name)} already posts its digest to {Names.Plain(display)}.");
        }

        await context.Session.Programs.AddChannelAsync(new ProgramChannel { ProgramId = program.Id, ChannelRef = channelRef, DisplayName = display, CreatedAt = context.Now }, context.CancellationToken);
        return CommandReplies.Done($"The {InlineMarkup.Bold(program.Name)} digest will post to {Names.Plain(display)} ({channels.Count + 1} channel(s) in all).");
    }
}

/// <summary><c>program digest &lt;program&gt; &lt;weekday&gt; &lt;HH:MM&gt; [zone]</c>: the weekly digest slot.</summary>
public sealed class ProgramDigestVerb(ICheckInOperations checkIns) : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var program = await context.Find.ProgramAsync(arguments.Name("program"));
        var day = arguments.Weekday("weekday");
        var time = arguments.Time("time (HH:MM)");
        var zone = arguments.OptionalZone() ?? context.Caller.TimeZone;
        arguments.End();
        await context.Access.RequireAsync(program);
        await context.Session.Programs.UpdateAsync(program with { DigestSlot = new WeeklySlot(day, time, zone) }, context.CancellationToken);
        context.Audit($"{program.Name} digest time", program.DigestSlot is { } was ? $"{was.Day} {Names.Clock(was.LocalTime)} {was.TimeZone}" : null, $"{day} {Names.Clock(time)} {zone}");
        context.AfterCommit(ct => checkIns.DigestScheduleChangedAsync(program.Id, ct));
        return CommandReplies.Done($"The {InlineMarkup.Bold(program.Name)} digest now posts every {InlineMarkup.Bold($"{day} {Names.Clock(time)} {zone}")}.");
    }
}

/// <summary>Grants a program role to the mentioned people: <c>program tpm</c> and <c>program viewer</c>.</summary>
public abstract class ProgramGrantVerb(Role role) : ICommandVerb
{
    public async Task<ChatMessage> RunAsync(CommandContext context, ArgumentReader arguments)
    {
        var program = await context.Find.ProgramAsync(arguments.Name("program"));
        var tokens = new List<Token> { arguments.Person("a person") };
        while (!arguments.AtEnd)
        {
            tokens.Add(arguments.Person("a person"));
        }

        await context.Access.RequireAsync(program);
        var names = new List<string>();
        var held = (await context.Session.Programs.ListRolesAsync(program.Id, context.CancellationToken)).GroupBy(r => r.PersonId).ToDictionary(g => g.Key, g => g.First().Role);
        foreach (var token in tokens)
        {
            var person = await context.Find.PersonAsync(token, register: true);
            await context.Session.Programs.GrantAsync(new ProgramRole { ProgramId = program.Id, PersonId = person.Id, Role = role }, context.CancellationToken);
            context.Audit($"{person.DisplayName}'s role in {program.Name}", held.TryGetValue(person.Id, out var before) ? RoleWord(before) : null, RoleWord(role));
            held[person.Id] = role;
            names.Add(InlineMarkup.Mention(person.Identity, person.DisplayName));
        }

        return CommandReplies.Done($"{(role == Role.Tpm ? "TPM" : "Viewer")} of {InlineMarkup.Bold(program.Name)}: {string.Join(", ", names.Distinct())}.");
    }

    private static string RoleWord(Role held) => held == Role.Tpm ? "TPM" : "viewer";
}

/// <summary><c>program tpm &lt;program&gt; &lt;@person…&gt;</c>: makes people TPMs of the program.</summary>
public sealed class ProgramTpmVerb() : ProgramGrantVerb(Role.Tpm);

/// <summary><c>program viewer &lt;program&gt; &lt;@person…&gt;</c>: read-only access for leadership.</summary>
public sealed class ProgramViewerVerb() : ProgramGrantVerb(Role.Viewer);
