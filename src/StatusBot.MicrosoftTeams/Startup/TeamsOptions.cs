namespace StatusBot.MicrosoftTeams.Startup;

/// <summary>
/// Configuration section <c>Teams</c>: the Azure Bot registration of a single-tenant bot
/// (https://learn.microsoft.com/azure/bot-service/bot-service-quickstart-registration). The adapter is meant to be
/// registered only when <see cref="AppId"/> is set; the host does not register it yet.
/// </summary>
public sealed class TeamsOptions
{
    public const string Section = "Teams";

    /// <summary>The Bot Framework OpenID metadata that publishes the keys Bot Framework signs inbound requests with.</summary>
    public const string DefaultOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>The scope of the app token the bot presents to the Bot Connector service.</summary>
    public const string ConnectorScope = "https://api.botframework.com/.default";

    /// <summary>The Microsoft App ID of the bot (a GUID): the audience of inbound tokens and the client id of outbound ones.</summary>
    public string? AppId { get; set; }

    /// <summary>The client secret of the app registration.</summary>
    public string? AppPassword { get; set; }

    /// <summary>The directory (tenant) id the single-tenant app is registered in (a GUID).</summary>
    public string? TenantId { get; set; }

    public string OpenIdMetadataUrl { get; set; } = DefaultOpenIdMetadataUrl;

    /// <summary>Where the app token is fetched; empty means Microsoft Entra's endpoint of <see cref="TenantId"/>. Tests point it at a fake.</summary>
    public string? TokenEndpoint { get; set; }

    /// <summary>The token endpoint in effect: <see cref="TokenEndpoint"/>, or the tenant's v2.0 endpoint.</summary>
    public Uri ResolvedTokenEndpoint => string.IsNullOrWhiteSpace(TokenEndpoint)
        ? new Uri($"https://login.microsoftonline.com/{Uri.EscapeDataString(TenantId ?? string.Empty)}/oauth2/v2.0/token")
        : new Uri(TokenEndpoint);
}
