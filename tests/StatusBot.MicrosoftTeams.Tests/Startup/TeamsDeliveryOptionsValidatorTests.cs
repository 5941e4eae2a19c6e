using StatusBot.MicrosoftTeams.Startup;

namespace StatusBot.MicrosoftTeams.Tests.Startup;

public sealed class TeamsDeliveryOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new TeamsDeliveryOptionsValidator().Validate(null, new TeamsDeliveryOptions()).Succeeded);
    }

    [Fact]
    public void A_negative_client_wait_and_a_zero_timeout_are_refused_naming_each_key()
    {
        var result = new TeamsDeliveryOptionsValidator().Validate(null, new TeamsDeliveryOptions { MaxClientWait = TimeSpan.FromSeconds(-1), HttpTimeout = TimeSpan.Zero });

        Assert.Equal(
            ["Teams:MaxClientWait must be between 00:00:00 and 00:01:00 (got -00:00:01).", "Teams:HttpTimeout must be positive and at most 00:02:00 (got 00:00:00)."],
            result.Failures);
    }
}
