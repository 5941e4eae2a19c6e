using StatusBot.Core.CheckIns;
using StatusBot.Core.Storage;
using StatusBot.Core.Teams;
using StatusBot.Testing;

namespace StatusBot.Data.Tests.Teams;

public sealed class TeamStoreTests : StoreTest
{
    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_team_round_trips_pauses_and_names_are_unique_per_program(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var (apollo, gemini) = await InSession(db, async s =>
        {
            await Seed.WorkspaceAsync(s);
            return (await Seed.ProgramAsync(s, "Apollo"), await Seed.ProgramAsync(s, "Gemini"));
        });
        var team = await InSession(db, s => Seed.TeamAsync(s, apollo.Id, "Payments"));
        await InSession(db, s => Seed.TeamAsync(s, gemini.Id, "Payments"));

        await InSession(db, s => s.Teams.UpdateAsync(team with { Paused = true }, Ct));
        await Assert.ThrowsAsync<DuplicateEntityException>(() => InSession(db, s => Seed.TeamAsync(s, apollo.Id, "PAYMENTS")));

        var stored = await InSession(db, s => s.Teams.FindByNameAsync(apollo.Id, "payments", Ct));
        Assert.Equal(team with { Paused = true }, stored);
        Assert.Equal(stored, await InSession(db, s => s.Teams.GetAsync(team.Id, Ct)));
        Assert.NotNull(stored);
        Assert.Equal([stored!], await InSession(db, s => s.Teams.ListAsync(apollo.Id, Ct)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Members_are_added_once_updated_and_removed(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var (team, ada, bob) = await InSession(db, async s =>
        {
            await Seed.WorkspaceAsync(s);
            var program = await Seed.ProgramAsync(s);
            return (await Seed.TeamAsync(s, program.Id), await Seed.PersonAsync(s, "U1"), await Seed.PersonAsync(s, "U2"));
        });
        var adaMember = new TeamMembership { TeamId = team.Id, PersonId = ada.Id, JoinedAt = Seed.Now };
        var bobLead = new TeamMembership { TeamId = team.Id, PersonId = bob.Id, IsLead = true, JoinedAt = Seed.Now };

        await InSession(db, async s =>
        {
            await s.Teams.AddMemberAsync(adaMember, Ct);
            await s.Teams.AddMemberAsync(bobLead, Ct);
            await s.Teams.AddMemberAsync(adaMember with { IsLead = true, JoinedAt = Seed.Now.AddDays(3) }, Ct);
        });

        Assert.Equal([adaMember with { IsLead = true }, bobLead], await InSession(db, s => s.Teams.ListMembersAsync(team.Id, Ct)));
        Assert.Equal([bobLead], await InSession(db, s => s.Teams.ListMembershipsOfAsync(bob.Id, Ct)));
        Assert.True(await InSession(db, s => s.Teams.RemoveMemberAsync(team.Id, bob.Id, Ct)));
        Assert.False(await InSession(db, s => s.Teams.RemoveMemberAsync(team.Id, bob.Id, Ct)));
        Assert.Single(await InSession(db, s => s.Teams.ListMembersAsync(team.Id, Ct)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_schedule_is_set_replaced_and_read_back(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var team = await InSession(db, async s =>
        {
            await Seed.WorkspaceAsync(s);
            return await Seed.TeamAsync(s, (await Seed.ProgramAsync(s)).Id);
        });
        var monday = new CheckInSchedule
        {
            TeamId = team.Id,
            Day = DayOfWeek.Monday,
            LocalTime = new TimeOnly(9, 0),
            TimeZone = "America/New_York",
            WindowMinutes = 1440,
            ReminderMinutesBeforeClose = 240,
            UpdatedAt = Seed.Now,
        };
        var thursday = monday with { Day = DayOfWeek.Thursday, LocalTime = new TimeOnly(14, 30), TimeZone = "Australia/Lord_Howe", WindowMinutes = 600, ReminderMinutesBeforeClose = 0, UpdatedAt = Seed.Now.AddDays(1) };

        await InSession(db, s => s.Teams.SetScheduleAsync(monday, Ct));
        Assert.Equal(monday, await InSession(db, s => s.Teams.GetScheduleAsync(team.Id, Ct)));
        await InSession(db, s => s.Teams.SetScheduleAsync(thursday, Ct));
        var stored = await InSession(db, s => s.Teams.GetScheduleAsync(team.Id, Ct));

        Assert.Equal(thursday, stored);
        Assert.Equal(TimeSpan.FromHours(10), stored!.AnswerWindow);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Deleting_a_team_removes_its_members_schedule_and_skipped_weeks(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var team = await InSession(db, async s =>
        {
            await Seed.WorkspaceAsync(s);
            var created = await Seed.TeamAsync(s, (await Seed.ProgramAsync(s)).Id);
            var person = await Seed.PersonAsync(s, "U1");
            await s.Teams.AddMemberAsync(new TeamMembership { TeamId = created.Id, PersonId = person.Id, JoinedAt = Seed.Now }, Ct);
            await s.Teams.SetScheduleAsync(new CheckInSchedule { TeamId = created.Id, Day = DayOfWeek.Monday, LocalTime = new(9, 0), TimeZone = "UTC", UpdatedAt = Seed.Now }, Ct);
            await s.Teams.AddSkippedWeekAsync(new SkippedWeek { TeamId = created.Id, WeekOf = new(2026, 12, 28), Reason = "holidays" }, Ct);
            return created;
        });
        Assert.Equal(
            [new SkippedWeek { TeamId = team.Id, WeekOf = new(2026, 12, 28), Reason = "holidays" }],
            await InSession(db, s => s.Teams.ListSkippedWeeksAsync(team.Id, Ct)));

        Assert.True(await InSession(db, s => s.Teams.DeleteAsync(team.Id, Ct)));

        Assert.Null(await InSession(db, s => s.Teams.GetAsync(team.Id, Ct)));
        Assert.Empty(await InSession(db, s => s.Teams.ListMembersAsync(team.Id, Ct)));
        Assert.Null(await InSession(db, s => s.Teams.GetScheduleAsync(team.Id, Ct)));
        Assert.Empty(await InSession(db, s => s.Teams.ListSkippedWeeksAsync(team.Id, Ct)));
        Assert.False(await InSession(db, s => s.Teams.DeleteAsync(team.Id, Ct)));
    }
}
