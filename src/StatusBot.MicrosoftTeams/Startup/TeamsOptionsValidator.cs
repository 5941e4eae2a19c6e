using Microsoft.Extensions.Options;

namespace StatusBot.MicrosoftTeams.Startup;

/// <summary>Checks the Teams settings at start; every message names the key to fix and where to find its value.</summary>
internal sealed class TeamsOptionsValidator : IValidateOptions<TeamsOptions>
{
    public ValidateOptionsResult Validate(string? name, TeamsOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.AppId))
        {
            failures.Add("Teams:AppId is required (Azure Bot → Configuration → Microsoft App ID, a GUID).");
        }
        else if (!Guid.TryParse(options.AppId, out _))
        {
            failures.Add($"Teams:AppId must be the Microsoft App ID, a GUID like 00000000-0000-0000-0000-000000000000 (got '{options.AppId}').");
        }

        if (string.IsNullOrWhiteSpace(options.AppPassword))
        {
            failures.Add("Teams:AppPassword is required (the app registration → Certificates & secrets → a client secret's value).");
        }

        if (string.IsNullOrWhiteSpace(options.TenantId))
        {
            failures.Add("Teams:TenantId is required for a single-tenant bot (Azure Bot → Configuration → App Tenant ID, a GUID).");
        }
        else if (!Guid.TryParse(options.TenantId, out _))
        {
            failures.Add($"Teams:TenantId must be the directory (tenant) id, a GUID (got '{options.TenantId}').");
        }

        if (!IsEndpoint(options.OpenIdMetadataUrl))
        {
            failures.Add($"Teams:OpenIdMetadataUrl must be an absolute https URL (http only on loopback), like {TeamsOptions.DefaultOpenIdMetadataUrl} (got '{options.OpenIdMetadataUrl}').");
        }

        if (!string.IsNullOrWhiteSpace(options.TokenEndpoint) && !IsEndpoint(options.TokenEndpoint))
        {
            failures.Add($"Teams:TokenEndpoint must be an absolute https URL (http only on loopback), or empty for https://login.microsoftonline.com/<Teams:TenantId>/oauth2/v2.0/token (got '{options.TokenEndpoint}').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Keys and tokens must come over TLS; plain http is accepted only for a fake on this machine.</summary>
    internal static bool IsEndpoint(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
        && string.IsNullOrEmpty(uri.UserInfo);
}
