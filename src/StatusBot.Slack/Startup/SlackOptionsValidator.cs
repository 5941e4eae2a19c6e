using Microsoft.Extensions.Options;

namespace StatusBot.Slack.Startup;

/// <summary>Checks the Slack settings at start; every message names the key to fix.</summary>
internal sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.SigningSecret))
        {
            failures.Add("Slack:SigningSecret is required (Basic Information → App Credentials → Signing Secret).");
        }

        if (!options.MultiWorkspace && string.IsNullOrWhiteSpace(options.BotToken))
        {
            failures.Add("Slack:BotToken is required in single-workspace mode (a bot token starting with xoxb-); set Slack:ClientId for multi-workspace OAuth instead.");
        }
        else if (!string.IsNullOrWhiteSpace(options.BotToken) && !options.BotToken.StartsWith("xoxb-", StringComparison.Ordinal))
        {
            failures.Add("Slack:BotToken must be a bot token starting with xoxb-.");
        }

        if (options.SocketMode && !options.AppToken!.StartsWith("xapp-", StringComparison.Ordinal))
        {
            failures.Add("Slack:AppToken must be an app-level token starting with xapp- (with the connections:write scope).");
        }

        if (options.MultiWorkspace)
        {
            if (string.IsNullOrWhiteSpace(options.ClientSecret))
            {
                failures.Add("Slack:ClientSecret is required when Slack:ClientId is set.");
            }

            if (!IsAesKey(options.TokenEncryptionKey))
            {
                failures.Add("Slack:TokenEncryptionKey must be the base64 of 32 random bytes when Slack:ClientId is set (installed tokens are encrypted with it).");
            }
        }

        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var baseUrl)
            || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp)
            || !options.ApiBaseUrl.EndsWith('/'))
        {
            failures.Add($"Slack:ApiBaseUrl must be an absolute http(s) URL ending with '/', like {SlackOptions.DefaultApiBaseUrl} (got '{options.ApiBaseUrl}').");
        }

        if (options.TokenCacheLifetime < TimeSpan.Zero || options.TokenCacheLifetime > TimeSpan.FromHours(1))
        {
            failures.Add($"Slack:TokenCacheLifetime must be between 00:00:00 and 01:00:00 (got {options.TokenCacheLifetime}); it bounds how long another instance uses a replaced token.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsAesKey(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var buffer = new byte[64];
        return Convert.TryFromBase64String(value, buffer, out var length) && length == 32;
    }
}
