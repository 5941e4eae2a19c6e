namespace StatusBot.Host.Tests.Commands;

/// <summary>
/// The README's role table ("Who may do what") and its command reference's "Who may use it" column, read from the
/// README itself: the authorization matrix's expectations come from what users are told, never from running the code.
/// </summary>
public static class RoleTable
{
    public const string SameWorkspaceCallerOfOtherWorkspace = "any of these, of another workspace";

    private static readonly Lazy<string> Readme = new(() => File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")));

    /// <summary>Caller row → column ("anyone", "TPM of the program"…) → cell ("yes", "no", "not found", "own workspace").</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Roles { get; } = ParseRoles();

    /// <summary>Each command's usage cell (<c>`dep eta &lt;id&gt; …`</c>, without the backticks) → its "Who may use it".</summary>
    public static IReadOnlyList<(string Usage, string Who)> Commands { get; } = ParseCommands();

    private static Dictionary<string, IReadOnlyDictionary<string, string>> ParseRoles()
    {
        var rows = Table("<!-- roles:start -->", "<!-- roles:end -->");
        var header = rows[0];
        return rows.Skip(1).ToDictionary(
            row => row[0],
            row => (IReadOnlyDictionary<string, string>)header.Skip(1).Select((column, i) => (column, cell: row[i + 1])).ToDictionary(x => x.column, x => x.cell),
            StringComparer.Ordinal);
    }

    private static List<(string, string)> ParseCommands()
    {
        var rows = Table("<!-- commands:start -->", "<!-- commands:end -->");
        var who = rows[0].IndexOf("Who may use it");
        return rows.Skip(1).Select(row => (row[0].Trim('`').Replace("\\|", "|", StringComparison.Ordinal), row[who])).ToList();
    }

    /// <summary>The cells of the one Markdown table between the markers, header first, separator row dropped.</summary>
    private static List<List<string>> Table(string start, string end)
    {
        var text = Readme.Value;
        var from = text.IndexOf(start, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"README.md has no section between {start} and {end}.");
        return text[from..to].Split('\n')
            .Where(line => line.StartsWith('|') && !line.StartsWith("|---", StringComparison.Ordinal))
            .Select(line => SplitRow(line.Trim()))
            .ToList();
    }

    /// <summary>Splits on the pipes that separate cells; an escaped <c>\|</c> inside a cell stays in it.</summary>
    private static List<string> SplitRow(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        for (var i = 1; i < line.Length; i++)
        {
            if (line[i] == '|' && line[i - 1] != '\\')
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
            }
            else
            {
                cell.Append(line[i]);
            }
        }

        return cells;
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "StatusBot.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("The repository root (StatusBot.sln) was not found above " + AppContext.BaseDirectory);
    }
}
