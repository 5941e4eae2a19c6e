using StatusBot.Core.Messages;

namespace StatusBot.Slack.Rendering;

/// <summary>The emoji shown for each status badge: colour plus shape, so it reads without colour vision too.</summary>
internal static class StatusBadges
{
    public static string Emoji(StatusBadge badge) => badge switch
    {
        StatusBadge.OnTrack => ":large_green_circle:",
        StatusBadge.AtRisk => ":large_yellow_circle:",
        StatusBadge.OffTrack => ":red_circle:",
        StatusBadge.Done => ":white_check_mark:",
        _ => ":white_circle:",
    };
}
