namespace StatusBot.Host;

/// <summary>The landing page at <c>/</c>: where to go next.</summary>
internal static class HomePage
{
    /// <param name="schedulerDashboard">The caller may open the scheduler's operator dashboard (see <c>SchedulerDashboardAccess</c>).</param>
    public static string Html(bool playground, bool schedulerDashboard = false) => $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>StatusBot</title>
        <style>body{font:15px/1.5 system-ui,sans-serif;max-width:640px;margin:48px auto;color:#1d2330}a{color:#3b5bdb}</style></head>
        <body>
        <h1>StatusBot</h1>
        <p>The weekly status loop of a multi-team program, in Slack and Microsoft Teams.</p>
        <ul>
        {{(playground ? "<li><a href=\"/playground\">Open the playground</a>: try the bot in your browser, no Slack or Teams needed.</li>" : "")}}
        <li><a href="/healthz">/healthz</a> and <a href="/readyz">/readyz</a>: liveness and readiness.</li>
        {{(schedulerDashboard ? "<li><a href=\"/hangfire\">Scheduler dashboard</a>: the check-in, reminder, close and digest jobs (operators).</li>" : "")}}
        </ul>
        </body></html>
        """;
}
