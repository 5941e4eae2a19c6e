using Microsoft.IdentityModel.Tokens;

namespace StatusBot.MicrosoftTeams.Auth;

/// <summary>A signing key from the Bot Framework JWKS with the channels it is endorsed for (its <c>endorsements</c> array).</summary>
internal sealed record EndorsedKey(string KeyId, SecurityKey Key, IReadOnlySet<string> Endorsements);
