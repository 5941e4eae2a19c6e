using System.Diagnostics;
using System.Diagnostics.Metrics;
using StatusBot.Core.Delivery;
using StatusBot.Core.Workspaces;

namespace StatusBot.Core.Observability;

/// <summary>
/// The bot's own metrics and traces, recorded where things happen with <c>System.Diagnostics</c> only; the host decides
/// whether anything listens (OpenTelemetry, exporters and <c>/metrics</c> live in <c>StatusBot.Host</c>, nowhere else).
/// Labels are bounded sets (platform, message kind, verb, reason), never ids or names, so a series count stays small.
/// The list with meanings is in the README's Operations section; keep both in step.
/// </summary>
public static class StatusBotTelemetry
{
    /// <summary>Name of the <see cref="Meter"/> and the <see cref="ActivitySource"/> of the core, adapters and scheduler.</summary>
    public const string Name = "StatusBot";

    public static readonly Meter Meter = new(Name);

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Counter<long> OutboxEnqueued = Meter.CreateCounter<long>(
        "statusbot.outbox.enqueued", "{message}", "Outbox messages queued (committed), by platform and message kind (checkin.prompt is a check-in prompt).");

    private static readonly Counter<long> OutboxSent = Meter.CreateCounter<long>(
        "statusbot.outbox.sent", "{message}", "Outbox messages the platform accepted, by platform and message kind.");

    private static readonly Counter<long> OutboxFailed = Meter.CreateCounter<long>(
        "statusbot.outbox.failed", "{message}", "Outbox messages given up on (refused by the platform, or out of attempts), by platform and message kind.");

    private static readonly Counter<long> RateLimitWaits = Meter.CreateCounter<long>(
        "statusbot.ratelimit.waits", "{call}", "Platform calls the client-side limiter held back: waited (then sent) or deferred (back to the outbox), by platform.");

    private static readonly Histogram<double> RateLimitWait = Meter.CreateHistogram<double>(
        "statusbot.ratelimit.wait.duration", "s", "How long a platform call waited for the client-side limiter before it was sent, by platform.");

    private static readonly Counter<long> Throttled = Meter.CreateCounter<long>(
        "statusbot.ratelimit.throttled", "{response}", "HTTP 429 answers from the platform, by platform.");

    private static readonly Counter<long> AnswersRecorded = Meter.CreateCounter<long>(
        "statusbot.answers.recorded", "{answer}", "Check-in answers stored (revisions included), by timing: on_time or late (after the close).");

    private static readonly Histogram<double> CommandDuration = Meter.CreateHistogram<double>(
        "statusbot.command.duration", "s", "Time to run one command, reply included, by verb and outcome.");

    private static readonly Histogram<double> SlotLateness = Meter.CreateHistogram<double>(
        "statusbot.checkin.slot_lateness", "s", "From a team's check-in slot being due to its cycle being opened by the scheduled job.");

    private static readonly Counter<long> InboundRefused = Meter.CreateCounter<long>(
        "statusbot.inbound.refused", "{request}", "Inbound platform requests refused before use, by platform and reason: signature, token or size.");

    private static readonly Histogram<double> DigestBuild = Meter.CreateHistogram<double>(
        "statusbot.digest.build.duration", "s", "Time to build a program digest from the store, by kind: preview (status, digest preview) or publish.");

    /// <summary>The bounded platform label of a workspace id: <c>slack</c>, <c>teams</c>, <c>playground</c> or <c>unknown</c>.</summary>
    public static string PlatformLabel(string workspaceId) => OutboxDrainer.PlatformOf(workspaceId) is { } platform ? PlatformLabel(platform) : "unknown";

    public static string PlatformLabel(ChatPlatform platform) => platform switch
    {
        ChatPlatform.Slack => "slack",
        ChatPlatform.Teams => "teams",
        _ => "playground",
    };

    public static void RecordEnqueued(string workspaceId, string kind) =>
        OutboxEnqueued.Add(1, new("platform", PlatformLabel(workspaceId)), new("kind", kind));

    public static void RecordSent(string workspaceId, string kind) =>
        OutboxSent.Add(1, new("platform", PlatformLabel(workspaceId)), new("kind", kind));

    public static void RecordFailed(string workspaceId, string kind) =>
        OutboxFailed.Add(1, new("platform", PlatformLabel(workspaceId)), new("kind", kind));

    /// <summary>A limiter reservation: <paramref name="granted"/> with a wait is a held-back call; not granted is a deferral.</summary>
    public static void RecordRateLimitReservation(ChatPlatform platform, bool granted, TimeSpan wait)
    {
        if (granted && wait <= TimeSpan.Zero)
        {
            return;
        }

        var label = new KeyValuePair<string, object?>("platform", PlatformLabel(platform));
        RateLimitWaits.Add(1, label, new("outcome", granted ? "waited" : "deferred"));
        if (granted)
        {
            RateLimitWait.Record(wait.TotalSeconds, label);
        }
    }

    public static void RecordThrottled(ChatPlatform platform) => Throttled.Add(1, new KeyValuePair<string, object?>("platform", PlatformLabel(platform)));

    public static void RecordAnswer(bool late) => AnswersRecorded.Add(1, new KeyValuePair<string, object?>("timing", late ? "late" : "on_time"));

    public static void RecordCommand(string verb, string outcome, TimeSpan elapsed) =>
        CommandDuration.Record(elapsed.TotalSeconds, new("verb", verb), new("outcome", outcome));

    public static void RecordSlotLateness(TimeSpan lateness) => SlotLateness.Record(Math.Max(0, lateness.TotalSeconds));

    /// <param name="reason"><c>signature</c>, <c>token</c> or <c>size</c>.</param>
    public static void RecordInboundRefused(ChatPlatform platform, string reason) =>
        InboundRefused.Add(1, new("platform", PlatformLabel(platform)), new("reason", reason));

    /// <param name="kind"><c>preview</c> or <c>publish</c>.</param>
    public static void RecordDigestBuild(string kind, TimeSpan elapsed) => DigestBuild.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("kind", kind));
}
