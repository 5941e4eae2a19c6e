using System.Net.Http.Json;
using StatusBot.Core.Delivery;
using StatusBot.Core.Messages;
using StatusBot.Core.Workspaces;
using StatusBot.Data;
using StatusBot.Data.Dialects;
using StatusBot.Data.Startup;

namespace StatusBot.Benchmarks.CheckIns;

/// <summary>
/// A process that only drains the outbox, posting each message to a loopback HTTP sink, until it is killed.
/// The crash test SIGKILLs it mid-drain and starts it again.
/// </summary>
public static class DrainChild
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var provider = Enum.Parse<StorageProvider>(options["--provider"], ignoreCase: true);
        var store = new DapperStore(StorageServiceCollectionExtensions.CreateDialect(provider, options["--connection"]));
        using var http = new HttpClient { BaseAddress = new Uri(options["--sink"]) };
        var settings = new OutboxDrainerSettings
        {
            WorkerId = $"drain-child-{Environment.ProcessId}",
            BatchSize = 20,
            // A send slower than SendTimeout counts as failed and is sent again (a second copy the crash test would count):
            // 3 s keeps a loaded CI machine's slow sends from looking like that, and the lease keeps 2 s beyond it.
            Lease = TimeSpan.FromSeconds(5),
            SendTimeout = TimeSpan.FromSeconds(3),
            IdleDelay = TimeSpan.FromMilliseconds(50),
        };
        var drainer = new OutboxDrainer(store, [new HttpSinkPlatform(http)], settings, TimeProvider.System, Random.Shared);
        Console.WriteLine("draining");
        while (true)
        {
            var report = await drainer.DrainOnceAsync(CancellationToken.None);
            if (report.Idle)
            {
                await Task.Delay(settings.IdleDelay);
            }
        }
    }
}

/// <summary>A tiny platform port that posts each message to an HTTP endpoint, as a real adapter posts to its API.</summary>
public sealed class HttpSinkPlatform(HttpClient http) : IChatPlatform
{
    public ChatPlatform Platform => ChatPlatform.Playground;

    public async Task<DeliveryResult> SendAsync(Destination destination, ChatMessage message, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PostAsJsonAsync("messages", new { to = destination.Address, kind = message.Kind }, cancellationToken);
            return response.IsSuccessStatusCode
                ? DeliveryResult.Delivered(await response.Content.ReadAsStringAsync(cancellationToken))
                : DeliveryResult.Transient($"HTTP {(int)response.StatusCode}");
        }
        catch (HttpRequestException exception)
        {
            return DeliveryResult.Transient(exception.Message);
        }
    }
}

/// <summary>Minimal <c>--name value</c> parsing.</summary>
internal sealed class Options(Dictionary<string, string> values)
{
    public string this[string name] => values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"missing {name}");

    public string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);

    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        return new Options(values);
    }
}
