namespace StatusBot.MicrosoftTeams.Connector;

/// <summary>The app token the bot presents to the Bot Connector service.</summary>
public interface IBotTokenSource
{
    Task<string> GetTokenAsync(CancellationToken cancellationToken);
}
