using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace StatusBot.Host.Observability;

/// <summary>
/// Who may read operator details (<c>/metrics</c>, the reasons in <c>/readyz</c>): a caller on this machine (a loopback
/// connection carrying no forwarding header, which would mean a proxy on this machine relays someone else), or anyone
/// presenting the configured token as <c>Authorization: Bearer …</c>.
/// </summary>
public static class OperatorAccess
{
    public static bool IsLocal(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("Forwarded") || headers.ContainsKey("X-Real-IP")
            || headers.ContainsKey("X-Original-For"))
        {
            return false;
        }

        return context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);
    }

    public static bool HasToken(HttpContext context, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        var value = context.Request.Headers.Authorization.ToString();
        if (!value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(value["Bearer ".Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }

    public static bool Allows(HttpContext context, string? token) => IsLocal(context) || HasToken(context, token);
}
