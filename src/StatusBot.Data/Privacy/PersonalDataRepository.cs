using Dapper;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Privacy;

namespace StatusBot.Data.Privacy;

/// <summary>
/// A person's own rows, and forgetting them. Their own rows are anonymised in place (counts such as answered/asked keep
/// their rows); copies of who they were and of their words elsewhere are found with a LIKE over each text column that can
/// hold one (<see cref="Copies"/>), within their workspace, and rewritten by <see cref="Erasure.Scrub"/>.
/// </summary>
internal sealed class PersonalDataRepository(DapperStoreSession db) : IPersonalDataRepository
{
    private const string WorkspacePrograms = "select id from programs where workspace_id = @workspaceId";
    private const string WorkspaceTeams = "select t.id from teams t join programs p on p.id = t.program_id where p.workspace_id = @workspaceId";
    private const string WorkspaceAnswers =
        "select a.id from answers a join checkin_cycles c on c.id = a.cycle_id join teams t on t.id = c.team_id join programs p on p.id = t.program_id where p.workspace_id = @workspaceId";

    /// <summary>
    /// Every text column that can hold a copy of a person's identity, by table: its key, the rows of the workspace, and
    /// whether it also copies their words (messages, digests, requests and the audit trail quote answers and blockers).
    /// Names of programs, teams and channels are the workspace's, not a person's.
    /// </summary>
    private static readonly (string Table, string[] Keys, string[] Columns, string Scope, bool Words)[] Copies =
    [
        ("answers", ["id"], ["progress", "next", "note"], $"id in ({WorkspaceAnswers})", false),
        ("answer_revisions", ["answer_id", "revision"], ["progress", "next", "note"], $"answer_id in ({WorkspaceAnswers})", false),
        ("blockers", ["id"], ["text", "resolution_note"], $"team_id in ({WorkspaceTeams})", false),
        ("programs", ["id"], ["override_reason", "note_text"], "workspace_id = @workspaceId", false),
        ("dependencies", ["id"], ["what"], $"program_id in ({WorkspacePrograms})", false),
        ("dependency_state_changes", ["id"], ["reason"], $"dependency_id in (select id from dependencies where program_id in ({WorkspacePrograms}))", false),
        ("milestones", ["id"], ["name"], $"program_id in ({WorkspacePrograms})", false),
        ("risks", ["id"], ["title", "mitigation"], $"program_id in ({WorkspacePrograms})", false),
        ("decisions", ["id"], ["text"], $"program_id in ({WorkspacePrograms})", false),
        ("digest_snapshots", ["id"], ["message"], $"program_id in ({WorkspacePrograms})", true),
        ("outbox", ["id"], ["message", "destination_address", "dedup_key", "failure_reason", "personal"], "workspace_id = @workspaceId", true),
        ("outbox_shared_bodies", ["body_key"], ["body"], "workspace_id = @workspaceId", true),
        ("inbound_work", ["id"], ["payload", "dedup_key", "last_error"], "workspace_id = @workspaceId", true),
        ("audit_entries", ["id"], ["subject", "before_value", "after_value"], "workspace_id = @workspaceId", true),
    ];

    public async Task<IReadOnlyList<PersonalAnswer>> ListAnswersAsync(long personId, CancellationToken cancellationToken) =>
        (await db.QueryAsync<AnswerRow>(
            """
            select p.name as program, t.name as team, c.week_of, a.status, a.progress, a.next, a.note, a.submitted_at, a.edited_at, a.is_late
            from answers a join checkin_cycles c on c.id = a.cycle_id join teams t on t.id = c.team_id join programs p on p.id = t.program_id
            where a.person_id = @personId
            order by c.week_of, p.name, t.name
            """,
            new { personId },
            cancellationToken))
        .Select(r => new PersonalAnswer(r.Program, r.Team, r.WeekOf, r.Status, r.Progress, r.Next, r.Note, r.SubmittedAt, r.EditedAt, r.IsLate))
        .ToList();

    public async Task<IReadOnlyList<PersonalBlocker>> ListBlockersAsync(long personId, CancellationToken cancellationToken) =>
        (await db.QueryAsync<BlockerRow>(
            """
            select p.name as program, t.name as team, b.text, b.opened_at, b.resolved_at
            from blockers b join teams t on t.id = b.team_id join programs p on p.id = t.program_id
            where b.person_id = @personId
            order by b.opened_at, b.id
            """,
            new { personId },
            cancellationToken))
        .Select(r => new PersonalBlocker(r.Program, r.Team, r.Text, r.OpenedAt, r.ResolvedAt))
        .ToList();

    public async Task<IReadOnlyList<string>> ListWordsAsync(long personId, CancellationToken cancellationToken) =>
        (await db.QueryAsync<string?>(
            """
            select progress from answers where person_id = @personId
            union select next from answers where person_id = @personId
            union select note from answers where person_id = @personId
            union select r.progress from answer_revisions r join answers a on a.id = r.answer_id where a.person_id = @personId
            union select r.next from answer_revisions r join answers a on a.id = r.answer_id where a.person_id = @personId
            union select r.note from answer_revisions r join answers a on a.id = r.answer_id where a.person_id = @personId
            union select text from blockers where person_id = @personId
            union select resolution_note from blockers where resolved_by_person_id = @personId
            """,
            new { personId },
            cancellationToken))
        .OfType<string>()
        .Where(text => text.Length > 0)
        .ToList();

    public async Task<IReadOnlyList<string>> ListPlatformIdsAsync(string identity, CancellationToken cancellationToken) =>
        (await db.QueryAsync<ReferenceRow>(
            "select platform_user_id, conversation_id from conversation_references where address = @identity", new { identity }, cancellationToken))
        .SelectMany(r => new[] { r.PlatformUserId, r.ConversationId })
        .OfType<string>()
        .Where(id => id.Length > 0)
        .Distinct()
        .ToList();

    public async Task<int> EraseAsync(Erasure erasure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(erasure);
        var person = erasure.Person;
        var args = new { personId = person.Id, identity = person.Identity, workspaceId = person.WorkspaceId, removed = Erasure.Removed, erasure.UserId, erasure.AnonymousUserId };
        var changed = 0;

        // Their own words go; the rows stay, so every week's answered/asked and every blocker count is unchanged.
        changed += await db.ExecuteAsync("update answers set progress = @removed, next = @removed, note = null where person_id = @personId", args, cancellationToken);
        changed += await db.ExecuteAsync(
            "update answer_revisions set progress = @removed, next = @removed, note = null where answer_id in (select id from answers where person_id = @personId)", args, cancellationToken);
        changed += await db.ExecuteAsync("update blockers set text = @removed where person_id = @personId", args, cancellationToken);
        changed += await db.ExecuteAsync("update blockers set resolution_note = null where resolved_by_person_id = @personId and resolution_note is not null", args, cancellationToken);

        // How to reach them, and their place in teams and programs: they are no longer anyone's to prompt.
        changed += await db.ExecuteAsync("delete from outbox where destination_kind = 'DirectMessage' and destination_address = @identity", args, cancellationToken);
        changed += await db.ExecuteAsync("delete from conversation_references where address = @identity", args, cancellationToken);
        changed += await db.ExecuteAsync("delete from leave_periods where person_id = @personId", args, cancellationToken);
        changed += await db.ExecuteAsync("delete from team_members where person_id = @personId", args, cancellationToken);
        changed += await db.ExecuteAsync("delete from program_roles where person_id = @personId", args, cancellationToken);
        changed += await db.ExecuteAsync(
            "update workspace_installations set installed_by_user_id = @AnonymousUserId where workspace_id = @workspaceId and installed_by_user_id = @UserId", args, cancellationToken);
        changed += await db.ExecuteAsync(
            """
            update people set identity = @anonymousIdentity, display_name = @anonymousName, time_zone = 'UTC', is_admin = @no, active = @no
            where id = @personId
            """,
            new { personId = person.Id, anonymousIdentity = erasure.AnonymousIdentity, anonymousName = erasure.AnonymousName, no = false },
            cancellationToken);

        // Requests already handled are kept only so a platform's retry is not processed twice; those that name them go
        // (a Slack request also carries the sender's handle, which no other column holds). Pending ones are scrubbed below.
        foreach (var needle in new[] { person.Identity, erasure.UserId })
        {
            changed += await db.ExecuteAsync(
                "delete from inbound_work where workspace_id = @workspaceId and state = 'Done' and lower(payload) like @pattern escape '\\'",
                new { workspaceId = person.WorkspaceId, pattern = "%" + Like(needle.ToLowerInvariant()) + "%" },
                cancellationToken);
        }

        foreach (var (table, keys, columns, scope, words) in Copies)
        {
            var needles = words ? erasure.IdentityNeedles.Concat(erasure.WordNeedles).ToList() : erasure.IdentityNeedles.ToList();
            foreach (var column in columns)
            {
                changed += await ScrubColumnAsync(erasure, table, keys, column, scope, words, needles, person.WorkspaceId, cancellationToken);
            }
        }

        return changed;
    }

    private async Task<int> ScrubColumnAsync(
        Erasure erasure, string table, string[] keys, string column, string scope, bool words, List<string> needles, string workspaceId, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters();
        parameters.Add("workspaceId", workspaceId);
        var matches = new List<string>();
        for (var i = 0; i < needles.Count; i++)
        {
            parameters.Add($"n{i}", "%" + Like(needles[i].ToLowerInvariant()) + "%");
            matches.Add($"lower({column}) like @n{i} escape '\\'");
        }

        // Keys are read as text (ids are numbers), so the update's parameters compare the same on both stores.
        var keyList = string.Join(", ", keys.Select((key, i) => $"{key} as k{i}"));
        var rows = await db.QueryAsync<dynamic>(
            $"select {keyList}, {column} as value from {table} where {column} is not null and {scope} and ({string.Join(" or ", matches)})", parameters, cancellationToken);
        var changed = 0;
        foreach (IDictionary<string, object?> row in rows)
        {
            var text = (string)row["value"]!;
            var scrubbed = erasure.Scrub(text, words);
            if (scrubbed == text)
            {
                continue;
            }

            var update = new DynamicParameters();
            update.Add("value", scrubbed);
            for (var i = 0; i < keys.Length; i++)
            {
                update.Add($"k{i}", row[$"k{i}"]);
            }

            changed += await db.ExecuteAsync(
                $"update {table} set {column} = @value where {string.Join(" and ", keys.Select((key, i) => $"{key} = @k{i}"))}", update, cancellationToken);
        }

        return changed;
    }

    /// <summary>A LIKE pattern that matches the text literally.</summary>
    private static string Like(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private sealed class AnswerRow
    {
        public string Program { get; init; } = "";
        public string Team { get; init; } = "";
        public DateOnly WeekOf { get; init; }
        public CheckInStatus Status { get; init; }
        public string Progress { get; init; } = "";
        public string Next { get; init; } = "";
        public string? Note { get; init; }
        public DateTimeOffset SubmittedAt { get; init; }
        public DateTimeOffset? EditedAt { get; init; }
        public bool IsLate { get; init; }
    }

    private sealed class BlockerRow
    {
        public string Program { get; init; } = "";
        public string Team { get; init; } = "";
        public string Text { get; init; } = "";
        public DateTimeOffset OpenedAt { get; init; }
        public DateTimeOffset? ResolvedAt { get; init; }
    }

    private sealed class ReferenceRow
    {
        public string? PlatformUserId { get; init; }
        public string? ConversationId { get; init; }
    }
}
