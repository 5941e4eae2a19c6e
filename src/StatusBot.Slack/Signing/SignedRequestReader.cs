using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using StatusBot.Core.Observability;
using StatusBot.Core.Workspaces;

namespace StatusBot.Slack.Signing;

/// <summary>Reads the raw body once and verifies it; the endpoints parse form or JSON from that same string.</summary>
internal sealed class SignedRequestReader(SlackSignatureVerifier verifier, ILogger<SignedRequestReader> logger)
{
    /// <summary>Largest body accepted; Slack's payloads are far smaller.</summary>
    private const int MaxBodyBytes = 1024 * 1024;

    public static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            StatusBotTelemetry.RecordInboundRefused(ChatPlatform.Slack, "size");
            return null;
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(cancellationToken);
        if (body.Length > MaxBodyBytes)
        {
            StatusBotTelemetry.RecordInboundRefused(ChatPlatform.Slack, "size");
            return null;
        }

        return body;
    }

    /// <summary>True when the request carries a valid, fresh Slack signature for <paramref name="body"/>.</summary>
    public bool IsVerified(HttpRequest request, string body)
    {
        var check = verifier.Verify(
            request.Headers["X-Slack-Request-Timestamp"].ToString(),
            request.Headers["X-Slack-Signature"].ToString(),
            body);
        if (check != SignatureCheck.Valid)
        {
            logger.LogWarning("Refused a Slack request to {Path}: signature {Check}", request.Path, check);
            StatusBotTelemetry.RecordInboundRefused(ChatPlatform.Slack, "signature");
            return false;
        }

        return true;
    }

    /// <summary>A form-encoded body as single values (Slack never repeats a field).</summary>
    public static Dictionary<string, string> ParseForm(string body) =>
        QueryHelpers.ParseQuery(body).ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.Ordinal);
}
