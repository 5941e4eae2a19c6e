using StatusBot.Core.Messages;

namespace StatusBot.Core.CheckIns;

/// <summary>How a check-in status shows in messages: its badge and its words. One place, so every message agrees.</summary>
public static class CheckInStatusDisplay
{
    public static StatusBadge Badge(CheckInStatus status) => status switch
    {
        CheckInStatus.OnTrack => StatusBadge.OnTrack,
        CheckInStatus.AtRisk => StatusBadge.AtRisk,
        _ => StatusBadge.OffTrack,
    };

    public static string Words(CheckInStatus status) => status switch
    {
        CheckInStatus.OnTrack => "On track",
        CheckInStatus.AtRisk => "At risk",
        _ => "Off track",
    };
}
