using StatusBot.Core.CheckIns;

namespace StatusBot.Core.Programs;

/// <summary>
/// A team's status for a week is the worst status any of its members reported (off track &gt; at risk &gt; on track):
/// one engineer who is stuck is news, and averaging would hide it. No answer at all → null (unknown).
/// </summary>
public static class TeamStatusRule
{
    public static CheckInStatus? Of(IEnumerable<CheckInStatus> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        CheckInStatus? worst = null;
        foreach (var status in answers)
        {
            if (worst is null || status > worst)
            {
                worst = status;
            }
        }

        return worst;
    }

    /// <summary>The worst status per team of a list of answers.</summary>
    public static Dictionary<long, CheckInStatus> PerTeam(IEnumerable<TeamAnswer> answers) =>
        answers.GroupBy(a => a.TeamId).ToDictionary(g => g.Key, g => TeamStatusRule.Of(g.Select(a => a.Status))!.Value);
}
