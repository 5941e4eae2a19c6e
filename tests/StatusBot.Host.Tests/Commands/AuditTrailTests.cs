using StatusBot.Core.Commands;
using StatusBot.Testing;
using static StatusBot.Host.Tests.Commands.CommandWorld;

namespace StatusBot.Host.Tests.Commands;

/// <summary>
/// The audit trail as a TPM reads it: each change with who made it, when (in the reader's zone) and the value before
/// and after; programs stay apart; a refused command leaves nothing. (That every state-changing verb writes an entry,
/// and no read-only verb does, is checked for the whole catalog in <see cref="VerbTableTests"/>.)
/// </summary>
public sealed class AuditTrailTests
{
    public static TheoryData<StoreKind> Stores => StoreKinds.All;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_tpm_reads_who_moved_what_from_which_value_to_which_newest_first(StoreKind store)
    {
        await using var world = await CreateAsync(store);
        await world.RunAsync(Member, $"dep eta {world.Dependency} 2026-12-18");
        await world.RunAsync(Tpm, $"milestone date {world.Milestone} 2027-01-22");
        await world.RunAsync(Tpm, "risk update " + world.Risk + " p2 i2");
        await world.RunAsync(Tpm, "program tpm Apollo <@UNEW|newbie>");
        await world.RunAsync(Tpm, "team schedule Payments tuesday 09:30 Europe/Berlin window 48h remind 6h");

        var reply = await world.RunAsync(Tpm, "audit Apollo");

        var lines = VerbTable.Text(reply).Split('\n').Where(line => line.Contains(" · ", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count == 5, string.Join("\n", lines));
        Assert.Contains("**team schedule** Payments check-in:", lines[0], StringComparison.Ordinal);
        Assert.Contains("Payments check-in: (none) → Tuesday 09:30 Europe/Berlin, window 48h, remind 6h", lines[0], StringComparison.Ordinal);
        Assert.Contains("**program tpm** newbie's role in Apollo: (none) → TPM", lines[1], StringComparison.Ordinal);
        Assert.Contains("**risk update** risk #" + world.Risk + " rating: p3 × i4 = 12 → p2 × i2 = 4", lines[2], StringComparison.Ordinal);
        Assert.Contains("**milestone date** milestone #" + world.Milestone + " date:", lines[3], StringComparison.Ordinal);
        Assert.EndsWith("→ 2027-01-22", lines[3], StringComparison.Ordinal);
        Assert.Contains($"**dep eta** dependency #{world.Dependency} ETA:", lines[4], StringComparison.Ordinal);
        Assert.EndsWith("→ 2026-12-18", lines[4], StringComparison.Ordinal);
        Assert.Contains("@{slack:T1:UMEM|", lines[4], StringComparison.Ordinal);
        Assert.StartsWith("{{time:", lines[4], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Another_programs_changes_and_refused_commands_do_not_appear(StoreKind store)
    {
        await using var world = await CreateAsync(store);
        await world.RunAsync(Admin, "status set Gemini at-risk \"Hiring\"");
        await world.RunAsync(Viewer, "status set Apollo at-risk \"not allowed\"");
        await world.RunAsync(Tpm, "status note Apollo \"Two engineers moved to refunds\"");

        var apollo = VerbTable.Text(await world.RunAsync(Tpm, "audit Apollo"));
        var workspace = VerbTable.Text(await world.RunAsync(Admin, "audit"));

        Assert.Contains("Two engineers moved to refunds", apollo, StringComparison.Ordinal);
        Assert.DoesNotContain("Hiring", apollo, StringComparison.Ordinal);
        Assert.DoesNotContain("not allowed", apollo + workspace, StringComparison.Ordinal);
        Assert.Contains("[Gemini] **status set**", workspace, StringComparison.Ordinal);
        Assert.Contains("[Apollo] **status note**", workspace, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Since_a_day_leaves_out_older_changes(StoreKind store)
    {
        await using var world = await CreateAsync(store);
        await world.RunAsync(Tpm, "status note Apollo \"first\"");
        world.Time.Advance(TimeSpan.FromDays(3));
        await world.RunAsync(Tpm, "status note Apollo \"second\"");
        var today = DateOnly.FromDateTime(world.Time.GetUtcNow().UtcDateTime);

        var reply = VerbTable.Text(await world.RunAsync(Tpm, $"audit Apollo since {today:yyyy-MM-dd}"));

        Assert.Contains("first → second", reply, StringComparison.Ordinal);
        Assert.Single(reply.Split('\n'), line => line.Contains("**status note**", StringComparison.Ordinal));
        Assert.Equal(CommandReplies.ReplyKind, (await world.RunAsync(Tpm, "audit Apollo since 2030-01-01")).Kind);
    }
}
