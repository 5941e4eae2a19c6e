namespace StatusBot.Core.Workspaces;

/// <summary>
/// The nonces of install (OAuth) states already used, shared by every instance: the first callback with a state wins,
/// a replay of it (from any browser, on any instance) is refused.
/// </summary>
public interface IInstallStateLog
{
    /// <summary>True when <paramref name="nonce"/> had not been used; it is used from now on. Forgets uses older than <paramref name="keepSince"/>.</summary>
    Task<bool> TryUseAsync(string nonce, DateTimeOffset now, DateTimeOffset keepSince, CancellationToken cancellationToken);
}
