using StatusBot.Core.People;
using StatusBot.Core.Storage;
using StatusBot.Testing;

namespace StatusBot.Data.Tests.People;

public sealed class PersonStoreTests : StoreTest
{
    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_person_round_trips_by_id_and_identity_and_updates(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var person = new Person
        {
            WorkspaceId = "slack:T1",
            Identity = "slack:T1:U1",
            DisplayName = "Ada Lovelace",
            TimeZone = "Europe/London",
            IsAdmin = true,
            CreatedAt = Seed.Now,
        };

        var added = await InSession(db, async s =>
        {
            await Seed.WorkspaceAsync(s);
            return await s.People.AddAsync(person, Ct);
        });
        await InSession(db, s => s.People.UpdateAsync(added with { DisplayName = "Ada", TimeZone = "America/New_York", Active = false }, Ct));

        Assert.True(added.Id > 0);
        Assert.Equal(person with { Id = added.Id }, added);
        var byIdentity = await InSession(db, s => s.People.FindByIdentityAsync("slack:T1:U1", Ct));
        Assert.Equal(added with { DisplayName = "Ada", TimeZone = "America/New_York", Active = false }, byIdentity);
        Assert.Equal(byIdentity, await InSession(db, s => s.People.GetAsync(added.Id, Ct)));
        Assert.Single(await InSession(db, s => s.People.ListAsync("slack:T1", Ct)));
        Assert.Empty(await InSession(db, s => s.People.ListAsync("slack:T2", Ct)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_second_person_with_the_same_identity_is_refused_and_the_first_is_kept(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await InSession(db, async s =>
        {
            await Seed.WorkspaceAsync(s);
            await Seed.PersonAsync(s, "U1");
        });

        await Assert.ThrowsAsync<DuplicateEntityException>(() => InSession(db, s => Seed.PersonAsync(s, "U1", zone: "Asia/Tokyo")));

        var kept = await InSession(db, s => s.People.FindByIdentityAsync("slack:T1:U1", Ct));
        Assert.Equal("Europe/Berlin", kept!.TimeZone);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Leave_periods_round_trip_in_date_order(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var person = await InSession(db, async s =>
        {
            await Seed.WorkspaceAsync(s);
            return await Seed.PersonAsync(s, "U1");
        });

        var later = await InSession(db, s => s.People.AddLeaveAsync(
            new LeavePeriod { PersonId = person.Id, FirstDay = new(2026, 12, 21), LastDay = new(2027, 1, 4), CreatedAt = Seed.Now }, Ct));
        var earlier = await InSession(db, s => s.People.AddLeaveAsync(
            new LeavePeriod { PersonId = person.Id, FirstDay = new(2026, 12, 1), LastDay = new(2026, 12, 1), CreatedAt = Seed.Now }, Ct));

        var leave = await InSession(db, s => s.People.ListLeaveAsync(person.Id, Ct));
        Assert.Equal([earlier, later], leave);
        Assert.True(leave[1].Covers(new DateOnly(2027, 1, 1)));
        Assert.False(leave[1].Covers(new DateOnly(2027, 1, 5)));
    }
}
