using StatusBot.Slack.Tests.Fakes;

namespace StatusBot.Slack.Tests.Reliability;

/// <summary>What the reliability tests check about the faults the fake Slack injected.</summary>
internal static class FaultChecks
{
    /// <summary>The outbox's shortest backoff after a failed send: half of Outbox:BaseRetryDelay (0.5 s in <see cref="SlackWorld.HostArgs"/>), with equal jitter.</summary>
    public static readonly TimeSpan ShortestBackoff = TimeSpan.FromSeconds(0.25);

    /// <summary>How long before a SIGKILL a post of the killed host may still hold its row: the hosts' Outbox:Lease (10 s) and Outbox:SendTimeout (4 s).</summary>
    public static readonly TimeSpan KilledSendersRows = TimeSpan.FromSeconds(14);

    /// <summary>
    /// Every message whose post met an injected fault was posted again and accepted (nothing lost), and not sooner than the
    /// fault asked: after a 429 its Retry-After (1 s), after a 500, a reset or a timeout the outbox's shortest backoff.
    /// With <paramref name="requireEveryKind"/>, each of the four kinds met at least one post.
    /// </summary>
    /// <param name="killed">
    /// A host SIGKILLed during the run and when: a fault its own post met shortly before (within <see cref="KilledSendersRows"/>)
    /// may not have been sent again yet when the test ends, since the dead sender's rows wait for their lease to expire
    /// (that they do reach everyone is what the test's own completeness checks assert).
    /// </param>
    public static void AssertPostsRetriedWithBackoff(FakeSlack slack, bool requireEveryKind, (string Caller, DateTimeOffset At)? killed = null)
    {
        var posts = slack.Requests.Where(r => r.Method == "chat.postMessage").ToList();
        var faulted = slack.Faults.Where(f => f.Method == "chat.postMessage").ToList();
        if (requireEveryKind)
        {
            Assert.Equal(new[] { "429", "500", "reset", "timeout" }, faulted.Select(f => f.Kind).Distinct().Order(StringComparer.Ordinal));
        }

        foreach (var fault in faulted)
        {
            var body = fault.Body.ToJsonString();
            var later = posts.Where(r => r.At > fault.At && r.Team == fault.Team && r.Body.ToJsonString() == body).OrderBy(r => r.At).ToList();
            if (later.Count == 0 && killed is { } kill && fault.Caller == kill.Caller && fault.At >= kill.At - KilledSendersRows && fault.At <= kill.At)
            {
                continue;
            }

            Assert.True(later.Count > 0, $"the post to {fault.Channel} answered {fault.Kind} at {fault.At:HH:mm:ss.fff} was never sent again");
            Assert.Contains(later, r => r.Outcome is "ok" or "timeout");
            var minimum = fault.Kind == "429" ? TimeSpan.FromSeconds(1) : ShortestBackoff;
            Assert.True(
                later[0].At - fault.At >= minimum,
                $"the post to {fault.Channel} answered {fault.Kind} at {fault.At:HH:mm:ss.fff} was sent again at {later[0].At:HH:mm:ss.fff}, before {minimum.TotalSeconds} s");
        }
    }
}
