namespace StatusBot.Slack.WebApi;

/// <summary>The bot token to call the Web API with for one workspace (configured, or installed through OAuth).</summary>
internal interface ISlackTokenSource
{
    /// <summary>The <c>xoxb-</c> token for the team; throws a permanent <see cref="SlackApiException"/> when the workspace is not installed.</summary>
    ValueTask<string> GetBotTokenAsync(string teamId, CancellationToken cancellationToken);
}
