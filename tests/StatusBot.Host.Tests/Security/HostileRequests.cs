using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace StatusBot.Host.Tests.Security;

/// <summary>
/// Seeded generators of hostile request bodies and headers: malformed, truncated, 1,000 levels deep, huge, not UTF-8,
/// the wrong format (JSON for a form and the reverse), unknown types and ids of another workspace.
/// </summary>
public sealed class HostileRequests(Random random)
{
    public static readonly string[] ContentTypes =
    [
        "application/json", "application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=xyz", "application/xml",
        "application/json; charset=latin1", "a/b;;;=", string.Empty,
    ];

    private static readonly string[] Junk =
    [
        "", " ", "\u0000", "null", "true", "-1", "1e309", "99999999999999999999999", "\"", "{", "}", "[", "]", "<script>alert(1)</script>", "../../etc/passwd",
        "%00", "%ZZ", "&&&", "===", "\uFFFF", "\uD800", "\U0001F534", "T2", "T1", "slack:T2:UADMIN", "playground:tina", "' or 1=1 --", new string('a', 5000),
    ];

    public Random Random => random;

    public T Pick<T>(IReadOnlyList<T> values) => values[random.Next(values.Count)];

    public string JunkValue() => Pick(Junk);

    /// <summary>Junk a header can carry (HTTP allows no control characters or non-ASCII there; clients refuse to send them).</summary>
    public string HeaderJunk()
    {
        var value = JunkValue();
        return value.All(c => c is >= ' ' and <= '~') ? value : "%" + value.Length.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A hostile variant of <paramref name="body"/>; <paramref name="what"/> says which, for the failure report.</summary>
    public byte[] Mutate(string body, bool isForm, out string what)
    {
        var kind = random.Next(12);
        what = kind switch
        {
            0 => "as generated",
            1 => "truncated",
            2 => "1,000 levels deep",
            3 => "huge",
            4 => "random bytes",
            5 => "invalid UTF-8 inside",
            6 => isForm ? "JSON instead of a form" : "a form instead of JSON",
            7 => "empty",
            8 => "a character flipped",
            9 => "repeated",
            10 => "nulls and arrays in place of values",
            _ => "junk appended",
        };
        return kind switch
        {
            0 => Encoding.UTF8.GetBytes(body),
            1 => Encoding.UTF8.GetBytes(body[..random.Next(body.Length + 1)]),
            2 => Encoding.UTF8.GetBytes(Deep(isForm)),
            3 => Encoding.UTF8.GetBytes(body + new string('x', random.Next(10_000, 300_000))),
            4 => RandomBytes(random.Next(1, 2000)),
            5 => [.. Encoding.UTF8.GetBytes(body[..(body.Length / 2)]), 0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80, .. Encoding.UTF8.GetBytes(body[(body.Length / 2)..])],
            6 => Encoding.UTF8.GetBytes(isForm ? "{\"payload\":" + body.Length + ",\"command\":\"/statusbot\",\"text\":\"help\"}" : "payload=" + WebUtility.UrlEncode(body) + "&type=event_callback"),
            7 => [],
            8 => Flip(body),
            9 => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(body, random.Next(2, 50)))),
            10 => Encoding.UTF8.GetBytes(body.Replace("\"T1\"", "null", StringComparison.Ordinal).Replace("\"U", "[\"U", StringComparison.Ordinal)),
            _ => Encoding.UTF8.GetBytes(body + JunkValue()),
        };
    }

    /// <summary>1,000 levels of nesting: JSON arrays and objects, or form keys of nested brackets.</summary>
    public string Deep(bool isForm) => random.Next(3) switch
    {
        0 => new string('[', 1000) + new string(']', 1000),
        1 => string.Concat(Enumerable.Repeat("{\"a\":", 1000)) + "1" + new string('}', 1000),
        _ => isForm ? "payload=" + WebUtility.UrlEncode(string.Concat(Enumerable.Repeat("{\"type\":", 1000)) + "1" + new string('}', 1000)) : string.Concat(Enumerable.Repeat("a[", 1000)) + "=1",
    };

    public string Id(string prefix) => random.Next(4) switch
    {
        0 => prefix + "1",
        1 => prefix + "2",
        2 => JunkValue(),
        _ => prefix + random.Next(1000).ToString(CultureInfo.InvariantCulture),
    };

    public JsonNode? Value() => random.Next(6) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next()),
        2 => new JsonArray(JsonValue.Create(JunkValue())),
        3 => new JsonObject { ["id"] = JunkValue() },
        _ => JsonValue.Create(JunkValue()),
    };

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private byte[] Flip(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        if (bytes.Length > 0)
        {
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        }

        return bytes;
    }
}
