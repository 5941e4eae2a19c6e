using StatusBot.Core.CheckIns;

namespace StatusBot.Core.Programs;

/// <summary>A TPM set the program status by hand; the reason is always shown next to it.</summary>
public sealed record StatusOverride(CheckInStatus Status, string Reason, long SetByPersonId, DateTimeOffset SetAt);
