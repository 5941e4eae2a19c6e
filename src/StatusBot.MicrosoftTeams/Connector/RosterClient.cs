using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace StatusBot.MicrosoftTeams.Connector;

/// <summary>One member of a team's roster: the bot-scoped <c>29:</c> id and the person's Entra object id.</summary>
public sealed record RosterMember(string Id, string? Name, string AadObjectId);

/// <summary>
/// Reads a team's roster page by page with <c>GET /v3/conversations/{teamId}/pagedmembers</c>
/// (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/get-teams-context#fetch-the-roster-or-user-profile):
/// mentions carry only the <c>29:</c> id, the roster maps it to the <c>aadObjectId</c> identities are built from.
/// </summary>
internal sealed class RosterClient(HttpClient http, IBotTokenSource tokens, TimeProvider time)
{
    /// <summary>The largest page Teams serves.</summary>
    public const int PageSize = 500;

    /// <summary>Guards against a service that keeps answering with a continuation token.</summary>
    public const int MaxPages = 200;

    public async Task<IReadOnlyList<RosterMember>> GetMembersAsync(Uri serviceUrl, string teamId, CancellationToken cancellationToken)
    {
        var members = new List<RosterMember>();
        string? continuation = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var query = string.Create(CultureInfo.InvariantCulture, $"v3/conversations/{Uri.EscapeDataString(teamId)}/pagedmembers?pageSize={PageSize}")
                + (continuation is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(continuation));
            var baseUrl = serviceUrl.AbsoluteUri.EndsWith('/') ? serviceUrl : new Uri(serviceUrl.AbsoluteUri + "/");
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, query));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetTokenAsync(cancellationToken));
            using var response = await http.SendAsync(request, cancellationToken);
            if (!ConnectorErrors.IsSuccess(response.StatusCode))
            {
                throw await ConnectorErrors.FromResponseAsync(response, "Reading the team roster", time, cancellationToken);
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var root = document.RootElement;
            if (root.TryGetProperty("members", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var member in list.EnumerateArray())
                {
                    if (Text(member, "id") is { } id && Text(member, "aadObjectId") is { Length: > 0 } aad)
                    {
                        members.Add(new RosterMember(id, Text(member, "name"), aad));
                    }
                }
            }

            continuation = Text(root, "continuationToken");
            if (string.IsNullOrEmpty(continuation))
            {
                return members;
            }
        }

        return members;
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
