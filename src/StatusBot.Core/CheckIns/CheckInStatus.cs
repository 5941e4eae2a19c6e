namespace StatusBot.Core.CheckIns;

/// <summary>The traffic light an engineer reports: on_track, at_risk, off_track.</summary>
public enum CheckInStatus
{
    OnTrack,
    AtRisk,
    OffTrack,
}
