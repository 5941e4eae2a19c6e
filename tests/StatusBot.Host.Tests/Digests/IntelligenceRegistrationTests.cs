using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Digests;
using StatusBot.Core.Storage;
using StatusBot.Scheduling.Dependencies;
using StatusBot.Testing;

namespace StatusBot.Host.Tests.Digests;

public sealed class IntelligenceRegistrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string TempDatabase() =>
        "Data Source=" + Path.Combine(Path.GetTempPath(), "statusbot-tests", Guid.NewGuid().ToString("N") + ".db");

    [Fact]
    public async Task The_daily_slip_scan_job_from_the_container_re_evaluates_every_program()
    {
        var time = new FakeTimeProvider(Seed.Now); // 2026-11-23
        await using var app = StatusBotApp.Build(
            ["--urls=http://127.0.0.1:0", "--Storage:Provider=Sqlite", $"--ConnectionStrings:StatusBot={TempDatabase()}"],
            builder => builder.Services.AddSingleton<TimeProvider>(time));
        await app.StartAsync(Ct);
        await app.Services.GetRequiredService<StatusBot.Data.Startup.StoreReadiness>().WhenReadyAsync(Ct);
        var store = app.Services.GetRequiredService<IStatusBotStore>();
        long dependencyId;
        await using (var s = await store.BeginAsync(Ct))
        {
            await Seed.WorkspaceAsync(s);
            var program = await Seed.ProgramAsync(s);
            var consumer = await Seed.TeamAsync(s, program.Id, "Checkout");
            var provider = await Seed.TeamAsync(s, program.Id, "Payments");
            var tpm = await Seed.PersonAsync(s, "U-tpm");
            dependencyId = (await s.Dependencies.AddAsync(new Dependency
            {
                ProgramId = program.Id,
                ConsumerTeamId = consumer.Id,
                ProviderTeamId = provider.Id,
                What = "Refund API",
                NeedBy = new(2026, 11, 25),
                Eta = new(2026, 11, 24),
                CreatedByPersonId = tpm.Id,
                CreatedAt = Seed.Now,
            }, Ct)).Id;
            await s.CommitAsync(Ct);
        }

        // Time alone makes it slip: two days after need-by, with no answer in between.
        time.Advance(TimeSpan.FromDays(4));
        var job = app.Services.GetRequiredService<DailySlipScanJob>();
        await job.RunAsync(Ct);

        await using var read = await store.BeginAsync(Ct);
        var dependency = await read.Dependencies.GetAsync(dependencyId, Ct);
        Assert.Equal((DependencyState.Slipped, 2), (dependency!.State, dependency.SlipDays));
        Assert.IsType<DigestPublisher>(app.Services.GetRequiredService<IDigestPublisher>());
        Assert.IsType<DigestBuilder>(app.Services.GetRequiredService<IDigestBuilder>());
        await app.StopAsync(Ct);
    }

    [Fact]
    public async Task Bad_digest_settings_stop_the_host_at_start_naming_each_key()
    {
        await using var app = StatusBotApp.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--ConnectionStrings:StatusBot={TempDatabase()}",
            "--Digest:PublicBaseUrl=statusbot.example.com",
            "--Digest:MaxBlocks=2",
        ]);

        var refused = await Assert.ThrowsAnyAsync<OptionsValidationException>(() => app.StartAsync(Ct));

        var failures = string.Join("\n", refused.Failures);
        Assert.Contains("Digest:PublicBaseUrl: 'statusbot.example.com' is not an absolute http(s) URL", failures, StringComparison.Ordinal);
        Assert.Contains("Digest:MaxBlocks: 2 is out of range", failures, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_blocker_and_slip_settings_are_refused_too()
    {
        foreach (var (setting, expected) in new[]
                 {
                     ("--Blockers:EscalateAfterCycles=0", "Blockers:EscalateAfterCycles: 0 is out of range"),
                     ("--Dependencies:AtRiskWindowDays=-1", "Dependencies:AtRiskWindowDays: -1 is out of range"),
                 })
        {
            await using var app = StatusBotApp.Build(["--urls=http://127.0.0.1:0", $"--ConnectionStrings:StatusBot={TempDatabase()}", setting]);
            var refused = await Assert.ThrowsAnyAsync<OptionsValidationException>(() => app.StartAsync(Ct));
            Assert.Contains(expected, string.Join("\n", refused.Failures), StringComparison.Ordinal);
        }
    }
}
