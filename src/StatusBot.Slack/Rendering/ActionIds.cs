namespace StatusBot.Slack.Rendering;

/// <summary>
/// Slack wants action ids unique within a block, while core buttons may share one (same action, different value).
/// A repeated id gets a <c>#n</c> suffix on the way out, removed again when the press comes back.
/// </summary>
internal static class ActionIds
{
    private const char Separator = '#';

    public static string Disambiguate(string actionId, int index) => $"{actionId}{Separator}{index}";

    public static string Restore(string actionId)
    {
        var separator = actionId.LastIndexOf(Separator);
        if (separator <= 0 || separator == actionId.Length - 1)
        {
            return actionId;
        }

        return actionId[(separator + 1)..].All(char.IsAsciiDigit) ? actionId[..separator] : actionId;
    }
}
