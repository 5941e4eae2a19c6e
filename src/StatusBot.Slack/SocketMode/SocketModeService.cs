using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StatusBot.Slack.Commands;
using StatusBot.Slack.Events;
using StatusBot.Slack.Interactions;
using StatusBot.Slack.WebApi;

namespace StatusBot.Slack.SocketMode;

/// <summary>
/// Socket Mode (https://api.slack.com/apis/socket-mode): the bot opens the connection, so it runs behind a firewall
/// with no public URL. Each envelope goes through the same dispatchers as HTTP and is acknowledged with its
/// <c>envelope_id</c> (plus the reply payload, e.g. inline form errors). A <c>disconnect</c> message or a dropped
/// socket opens a fresh connection; <c>link_disabled</c> stops.
/// </summary>
internal sealed class SocketModeService(
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<SocketModeService> logger) : BackgroundService
{
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>Connections opened so far (for tests and logs).</summary>
    public int Connections { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        var draining = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            var replace = new TaskCompletionSource<ConnectionEnd>(TaskCreationOptions.RunContinuationsAsynchronously);
            try
            {
                var socket = await ConnectAsync(stoppingToken);
                draining.Add(RunConnectionAsync(socket, replace, stoppingToken));
                backoff = TimeSpan.FromSeconds(1);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is WebSocketException or SlackApiException or HttpRequestException or JsonException)
            {
                logger.LogWarning(exception, "Socket Mode connection failed; retrying in {Backoff}", backoff);
                await Task.Delay(backoff, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                backoff = backoff * 2 > s_maxBackoff ? s_maxBackoff : backoff * 2;
                continue;
            }

            // Wait until this connection asks to be replaced (disconnect message) or drops; on a refresh the old
            // socket keeps serving its in-flight envelopes while the next one is opened (Slack: new before old).
            var end = await replace.Task.WaitAsync(stoppingToken).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : ConnectionEnd.Dropped, TaskScheduler.Default);
            draining.RemoveAll(task => task.IsCompleted);
            if (end == ConnectionEnd.Disabled)
            {
                logger.LogWarning("Slack disabled the Socket Mode link; not reconnecting");
                break;
            }

            if (end == ConnectionEnd.Dropped && !stoppingToken.IsCancellationRequested)
            {
                // A drop without notice: pause briefly so a flapping network does not become a reconnect storm.
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        await Task.WhenAll(draining);
    }

    private async Task<ClientWebSocket> ConnectAsync(CancellationToken stoppingToken)
    {
        Uri url;
        await using (var scope = scopes.CreateAsyncScope())
        {
            url = await scope.ServiceProvider.GetRequiredService<SlackApiClient>().OpenConnectionAsync(stoppingToken);
        }

        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(10);
        socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(30);
        try
        {
            await socket.ConnectAsync(url, stoppingToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        Connections++;
        logger.LogInformation("Socket Mode connected");
        return socket;
    }

    /// <summary>Serves one socket until it closes; signals <paramref name="replace"/> as soon as a successor is needed.</summary>
    private async Task RunConnectionAsync(ClientWebSocket socket, TaskCompletionSource<ConnectionEnd> replace, CancellationToken stoppingToken)
    {
        using (socket)
        {
            try
            {
                while (socket.State == WebSocketState.Open)
                {
                    var text = await ReceiveTextAsync(socket, stoppingToken);
                    if (text is null)
                    {
                        break;
                    }

                    using var document = JsonDocument.Parse(text);
                    var message = document.RootElement;
                    if (message.Text("type") == "disconnect")
                    {
                        var reason = message.Text("reason");
                        logger.LogInformation("Socket Mode disconnect requested: {Reason}", reason);
                        replace.TrySetResult(reason == "link_disabled" ? ConnectionEnd.Disabled : ConnectionEnd.Refresh);
                        if (reason == "link_disabled")
                        {
                            await CloseQuietlyAsync(socket);
                        }

                        continue;
                    }

                    if (message.Text("envelope_id") is { } envelopeId && await TryDispatchAsync(message, stoppingToken) is { } reply)
                    {
                        var ack = new JsonObject { ["envelope_id"] = envelopeId };
                        if (reply.Payload is not null)
                        {
                            ack["payload"] = reply.Payload;
                        }

                        await socket.SendAsync(Encoding.UTF8.GetBytes(ack.ToJsonString(SlackJson.Options)), WebSocketMessageType.Text, true, stoppingToken);
                    }
                }
            }
            catch (Exception exception) when (exception is WebSocketException or JsonException or OperationCanceledException)
            {
                if (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(exception, "Socket Mode connection dropped");
                }
            }
            finally
            {
                replace.TrySetResult(ConnectionEnd.Dropped);
            }
        }
    }

    /// <summary>Dispatches one envelope; a failure is logged and left unacknowledged, so Slack delivers it again.</summary>
    private async Task<Reply?> TryDispatchAsync(JsonElement envelope, CancellationToken cancellationToken)
    {
        try
        {
            return new Reply(await DispatchAsync(envelope, cancellationToken));
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(exception, "Socket Mode envelope of type {Type} failed; not acknowledged", envelope.Text("type"));
            return null;
        }
    }

    private sealed record Reply(JsonObject? Payload);

    private async Task<JsonObject?> DispatchAsync(JsonElement envelope, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var payload = envelope.Child("payload");
        switch (envelope.Text("type"))
        {
            case "events_api":
                var retry = envelope.TryGetProperty("retry_attempt", out var attempt) && attempt.ValueKind == JsonValueKind.Number ? attempt.ToString() : null;
                return await services.GetRequiredService<EventDispatcher>().HandleAsync(payload, retry, cancellationToken);
            case "slash_commands":
                var fields = payload.ValueKind == JsonValueKind.Object
                    ? payload.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)
                    : [];
                return await services.GetRequiredService<SlashCommands>().AcceptAsync(fields, cancellationToken);
            case "interactive":
                return await services.GetRequiredService<InteractionDispatcher>().HandleAsync(payload, cancellationToken);
            default:
                return null;
        }
    }

    private static async Task<string?> ReceiveTextAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await CloseQuietlyAsync(socket);
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            }
        }
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "reconnecting", timeout.Token);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // The peer is gone already; a new connection follows either way.
        }
    }

    private enum ConnectionEnd
    {
        Dropped,
        Refresh,
        Disabled,
    }
}
