using StatusBot.Core.Messages;

namespace StatusBot.MicrosoftTeams.Rendering;

/// <summary>A badge as colour, shape and word, so it reads without colour vision and in every Teams theme.</summary>
internal static class StatusBadges
{
    public static string Text(StatusBadge badge) => badge switch
    {
        StatusBadge.OnTrack => "🟢 On track",
        StatusBadge.AtRisk => "🟡 At risk",
        StatusBadge.OffTrack => "🔴 Off track",
        StatusBadge.Done => "✅ Done",
        _ => "⚪ No answer",
    };

    /// <summary>An Adaptive Card <c>TextBlock</c> colour.</summary>
    public static string Color(StatusBadge badge) => badge switch
    {
        StatusBadge.OnTrack => "Good",
        StatusBadge.AtRisk => "Warning",
        StatusBadge.OffTrack => "Attention",
        StatusBadge.Done => "Good",
        _ => "Default",
    };
}
