using System.Diagnostics;
using StatusBot.Data.Dialects;

namespace StatusBot.Data;

/// <summary>
/// One span per store session (unit of work), from begin to commit or rollback: enough to see where a request's time
/// goes without a span per statement. A source of its own (<see cref="Name"/>) so an operator can leave it out.
/// </summary>
public static class StoreTelemetry
{
    public const string Name = "StatusBot.Store";

    private static readonly ActivitySource Source = new(Name);

    /// <summary>
    /// Starts the session's span as a child of the caller's current one, without making it current: the session outlives
    /// the method that begins it, and what the caller does next is not inside the store.
    /// </summary>
    internal static Activity? Start(SqlDialect dialect)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var previous = Activity.Current;
        var activity = Source.StartActivity("store session", ActivityKind.Client);
        Activity.Current = previous;
        activity?.SetTag("db.system.name", dialect.Provider == StorageProvider.Postgres ? "postgresql" : "sqlite");
        return activity;
    }

    internal static void Stop(Activity? activity, bool committed)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("statusbot.store.outcome", committed ? "committed" : "rolled back");
        var current = Activity.Current;
        activity.Stop();
        Activity.Current = current;
    }

    internal static void Fail(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        var current = Activity.Current;
        activity.Stop();
        Activity.Current = current;
    }
}
