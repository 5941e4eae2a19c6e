using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StatusBot.Core.Health;

namespace StatusBot.Playground.Demo;

/// <summary>With <c>--demo</c>: once the store is ready, seed the demo program (once; later starts keep it).</summary>
public sealed class DemoSeedOnStart(
    DemoProgramSeeder seeder,
    IEnumerable<IReadinessCheck> readiness,
    ILogger<DemoSeedOnStart> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var store = readiness.First(check => check.Name == "store");
        while (store.Problem is not null)
        {
            await Task.Delay(200, stoppingToken);
        }

        var (programId, created) = await seeder.SeedAsync(stoppingToken);
        logger.LogInformation(
            "Demo program '{Program}' (id {ProgramId}) {Outcome}; open /playground?as=tina",
            DemoProgramSeeder.ProgramName,
            programId,
            created ? "seeded" : "already present");
    }
}
