using Microsoft.Extensions.Time.Testing;
using StatusBot.Core.Blockers;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Dependencies;
using StatusBot.Core.Messages;
using StatusBot.Testing;

namespace StatusBot.Core.Tests.Time;

/// <summary>
/// Dates and weeks are the team's own, at UTC−8 (Los Angeles), UTC+5:30 (Kolkata) and UTC+14 (Kiritimati), around
/// local midnight and the Monday that starts a week: the need-by day, a blocker's age and "new this week", a cycle's week.
/// </summary>
public sealed class TeamLocalTimeTests : StoreTest
{
    private const string LosAngeles = "America/Los_Angeles", Kolkata = "Asia/Kolkata", Kiritimati = "Pacific/Kiritimati";

    private static readonly DateOnly NeedBy = new(2026, 12, 1); // a Tuesday
    private static readonly DateOnly Week = new(2026, 11, 30), PreviousWeek = new(2026, 11, 23);

    /// <summary>The UTC instant of a wall-clock time in a zone.</summary>
    private static DateTimeOffset Local(string zone, int day, int hour, int minute = 0) =>
        CheckInClock.ToInstant(new DateTime(2026, 12, day, hour, minute, 0), TimeZones.Resolve(zone));

    private static DateTimeOffset LocalNov(string zone, int day, int hour, int minute = 0) =>
        CheckInClock.ToInstant(new DateTime(2026, 11, day, hour, minute, 0), TimeZones.Resolve(zone));

    // Checkout (the consumer, in the given zone) needs "Refund API" from Payments (Berlin) by 2026-12-01.
    private static async Task<(long ProgramId, long DependencyId)> SeedAsync(TestDatabase db, string consumerZone) =>
        await InSession(db, async s =>
        {
            await Seed.WorkspaceAsync(s);
            var program = await Seed.ProgramAsync(s);
            var checkout = await Seed.TeamAsync(s, program.Id, "Checkout");
            var payments = await Seed.TeamAsync(s, program.Id, "Payments");
            await s.Teams.SetScheduleAsync(new CheckInSchedule { TeamId = checkout.Id, Day = DayOfWeek.Monday, LocalTime = new(9, 0), TimeZone = consumerZone }, Ct);
            await s.Teams.SetScheduleAsync(new CheckInSchedule { TeamId = payments.Id, Day = DayOfWeek.Monday, LocalTime = new(9, 0), TimeZone = "Europe/Berlin" }, Ct);
            var tpm = await Seed.PersonAsync(s, "U-tpm");
            var dependency = await s.Dependencies.AddAsync(new Dependency
            {
                ProgramId = program.Id,
                ConsumerTeamId = checkout.Id,
                ProviderTeamId = payments.Id,
                What = "Refund API",
                NeedBy = NeedBy,
                Eta = NeedBy,
                CreatedByPersonId = tpm.Id,
                CreatedAt = Seed.Now,
            }, Ct);
            return (program.Id, dependency.Id);
        });

    private static async Task<DependencyState> StateAtAsync(TestDatabase db, long programId, long dependencyId, DateTimeOffset now)
    {
        await new EvaluateDependencies(db.Store, new FakeTimeProvider(now), new SlipRuleOptions()).EvaluateAsync(programId, Ct);
        return (await InSession(db, s => s.Dependencies.GetAsync(dependencyId, Ct)))!.State;
    }

    public static TheoryData<StoreKind, string> StoresAndZones()
    {
        var data = new TheoryData<StoreKind, string>();
        foreach (var store in new[] { StoreKind.Sqlite, StoreKind.Postgres })
        {
            foreach (var zone in new[] { LosAngeles, Kolkata, Kiritimati })
            {
                data.Add(store, zone);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StoresAndZones))]
    public async Task A_dependency_slips_at_the_consumer_teams_local_midnight_after_its_need_by_day(StoreKind kind, string zone)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var (programId, dependencyId) = await SeedAsync(db, zone);

        // The last minute of the need-by day, local: still on time (it can still be delivered that day), wherever UTC is.
        Assert.Equal(DependencyState.OnTime, await StateAtAsync(db, programId, dependencyId, Local(zone, 1, 23, 59)));
        // A minute past local midnight: slipped, one day.
        Assert.Equal(DependencyState.Slipped, await StateAtAsync(db, programId, dependencyId, Local(zone, 2, 0, 1)));
        Assert.Equal(1, (await InSession(db, s => s.Dependencies.GetAsync(dependencyId, Ct)))!.SlipDays);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_us_pacific_dependency_no_longer_slips_at_16_00_local_on_its_need_by_day(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var (programId, dependencyId) = await SeedAsync(db, LosAngeles);

        // 16:00 in Los Angeles on the need-by day is already the next day in UTC.
        var fourPm = Local(LosAngeles, 1, 16, 0);
        Assert.Equal(new DateOnly(2026, 12, 2), DateOnly.FromDateTime(fourPm.UtcDateTime));

        Assert.Equal(DependencyState.OnTime, await StateAtAsync(db, programId, dependencyId, fourPm));
    }

    [Theory]
    [InlineData(LosAngeles)]
    [InlineData(Kolkata)]
    [InlineData(Kiritimati)]
    public void A_blocker_raised_at_this_weeks_monday_check_in_is_new_and_one_check_in_old(string zone)
    {
        var teamZone = TimeZones.Resolve(zone);
        // Raised at 00:30 local on Monday: in Kolkata and Kiritimati that is still Sunday in UTC, the previous UTC week.
        var blocker = new Blocker { TeamId = 1, PersonId = 1, Text = "Waiting on PCI review", OpenedAt = LocalNov(zone, 30, 0, 30) };
        var cycleWeeks = new[] { PreviousWeek, Week };

        Assert.Equal(Week, BlockerAge.OpenedWeek(blocker, teamZone));
        Assert.True(BlockerAge.IsNew(blocker, Week, teamZone));
        var age = BlockerAge.CyclesOpen(blocker, cycleWeeks, Week, teamZone);
        Assert.Equal(1, age);
        Assert.False(BlockerAge.IsEscalated(age, new BlockerOptions()));
    }

    [Fact]
    public void In_utc_weeks_the_same_kiritimati_blocker_was_two_check_ins_old_and_escalated_at_once()
    {
        // The bug this guards against: Monday 09:00 in Kiritimati is Sunday 19:00 UTC, so the UTC week was the previous one.
        var blocker = new Blocker { TeamId = 1, PersonId = 1, Text = "x", OpenedAt = LocalNov(Kiritimati, 30, 9, 0) };

        Assert.Equal(2, BlockerAge.CyclesOpen(blocker, [PreviousWeek, Week], Week, TimeZoneInfo.Utc));
        Assert.Equal(1, BlockerAge.CyclesOpen(blocker, [PreviousWeek, Week], Week, TimeZones.Resolve(Kiritimati)));
    }

    [Theory]
    [InlineData(LosAngeles)]
    [InlineData(Kolkata)]
    [InlineData(Kiritimati)]
    public void A_blocker_raised_on_sunday_night_local_belongs_to_the_week_that_ends_then(string zone)
    {
        var teamZone = TimeZones.Resolve(zone);
        // 23:59 on Sunday local; in Los Angeles that is already Monday in UTC, the next UTC week.
        var blocker = new Blocker { TeamId = 1, PersonId = 1, Text = "x", OpenedAt = LocalNov(zone, 29, 23, 59) };

        Assert.Equal(PreviousWeek, BlockerAge.OpenedWeek(blocker, teamZone));
        Assert.False(BlockerAge.IsNew(blocker, Week, teamZone));
        Assert.Equal(2, BlockerAge.CyclesOpen(blocker, [PreviousWeek, Week], Week, teamZone));
    }

    [Theory]
    [InlineData(LosAngeles)]
    [InlineData(Kolkata)]
    [InlineData(Kiritimati)]
    public void A_cycle_started_just_after_local_midnight_on_monday_belongs_to_that_local_week(string zone)
    {
        var schedule = new CheckInSchedule { TeamId = 1, Day = DayOfWeek.Monday, LocalTime = new(9, 0), TimeZone = zone };
        var startedAt = LocalNov(zone, 30, 0, 5);

        Assert.Equal(Week, CheckInClock.StartingAt(schedule, startedAt).WeekOf);
        // A minute before local midnight is the previous week, whatever day it is in UTC.
        Assert.Equal(PreviousWeek, CheckInClock.StartingAt(schedule, LocalNov(zone, 29, 23, 59)).WeekOf);
    }

    [Theory]
    [InlineData(LosAngeles, "Mon 2026-11-30 09:00 (America/Los_Angeles)")]
    [InlineData(Kolkata, "Mon 2026-11-30 22:30 (Asia/Kolkata)")]
    [InlineData(Kiritimati, "Tue 2026-12-01 07:00 (Pacific/Kiritimati)")]
    public void An_instant_is_written_for_a_zone_with_the_zone_named(string zone, string expected)
    {
        var at = new DateTimeOffset(2026, 11, 30, 17, 0, 0, TimeSpan.Zero);

        var span = Assert.Single(InlineMarkup.Parse(InlineMarkup.Instant(at, zone)));

        Assert.Equal((InlineKind.Instant, expected, at), (span.Kind, span.Text, span.At!.Value));
        Assert.Equal($"closes {expected}.", InlineMarkup.ToPlainText($"closes {InlineMarkup.Instant(at, zone)}."));
    }
}
