using System.Text;

namespace StatusBot.Core.Commands;

/// <summary>
/// The README's command reference, generated from <see cref="CommandCatalog"/> so the documentation and the
/// grammar cannot drift (a test compares the README section with this text).
/// </summary>
public static class CommandReference
{
    public const string StartMarker = "<!-- commands:start -->";
    public const string EndMarker = "<!-- commands:end -->";

    public static string ToMarkdown()
    {
        var builder = new StringBuilder();
        builder.Append("Type these after `/statusbot` in Slack, after `@StatusBot` in Teams, or in the playground. ")
            .Append("Names with spaces go in double quotes; dates are `YYYY-MM-DD`, times `HH:MM` (24 h), zones IANA names (`Europe/Berlin`); ")
            .Append("people are mentions (`@ada`), channels channel references (`#apollo-status`).\n\n");
        builder.Append("| Command | Example | What it does | Who may use it |\n");
        builder.Append("|---|---|---|---|\n");
        foreach (var verb in CommandCatalog.Verbs)
        {
            builder.Append("| `").Append(Escape(verb.Usage)).Append("` | `").Append(Escape(verb.Example)).Append("` | ")
                .Append(Escape(verb.Description)).Append(" | ").Append(verb.RoleText).Append(" |\n");
        }

        builder.Append("\nRoles: workspace admins (`StatusBot:Admins` and the app's installer) may do everything in their workspace; ")
            .Append("a program's TPMs manage it and its teams; team members answer check-ins for themselves, update the dependencies their team provides and resolve their team's blockers (a blocker's author may always resolve it); ")
            .Append("viewers (and members) read a program's status, dependencies, risks, decisions and blockers.\n\n");
        builder.Append("Check-in answers in a direct message: start with `on track`, `at risk` or `off track` (or `green` / `yellow` / `red`, 🟢 🟡 🔴), ")
            .Append("then lines `progress: …`, `next: …`, `blockers: …` (one per line or `;`-separated), `resolved: 12, 14` (your team's blockers #12 and #14 are resolved), `dep 12 eta 2026-12-18`, `dep 12 done`. ")
            .Append("Someone on several teams with a check-in open adds a line `team: Payments` (before or after the status), or `team: Apollo/Payments` when two of their programs have a team of that name; the bot's question names them that way. ")
            .Append("Without a status, the bot asks for it with buttons. ")
            .Append("Replying again while the check-in is open edits the answer: what the reply says replaces what was recorded, the rest stays (a plain `off track` changes only the status). ")
            .Append("A message of only `resolved: …` lines resolves those blockers (of any of your teams) without touching your check-in answer. ")
            .Append("The check-in form lists every open blocker of your team with a \"resolved\" box (yours first).\n");
        return builder.ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
