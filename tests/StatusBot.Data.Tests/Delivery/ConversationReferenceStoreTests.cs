using StatusBot.Core.Delivery;
using StatusBot.Testing;

namespace StatusBot.Data.Tests.Delivery;

/// <summary>Where a Teams person or channel is reached later: stored from activities and rosters, on both stores.</summary>
public sealed class ConversationReferenceStoreTests : StoreTest
{
    private const string ServiceUrl = "https://smba.trafficmanager.net/emea/";

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_reference_round_trips_and_an_unknown_address_is_null(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var reference = new ConversationReference
        {
            Address = "teams:tenant-1:channel:19:abc@thread.tacv2",
            ServiceUrl = ServiceUrl,
            ConversationId = "19:abc@thread.tacv2",
            UpdatedAt = Seed.Now,
        };

        await InSession(db, s => s.ConversationReferences.UpsertAsync(reference, Ct));

        Assert.Equal(reference, await InSession(db, s => s.ConversationReferences.GetAsync(reference.Address, Ct)));
        Assert.Null(await InSession(db, s => s.ConversationReferences.GetAsync("teams:tenant-1:someone-else", Ct)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_roster_entry_without_a_conversation_keeps_the_one_a_message_gave_and_takes_the_new_service_url(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var fromMessage = new ConversationReference
        {
            Address = "teams:tenant-1:aad-ada",
            ServiceUrl = ServiceUrl,
            ConversationId = "a:1on1-ada",
            PlatformUserId = "29:ada",
            UpdatedAt = Seed.Now,
        };
        var fromRoster = fromMessage with
        {
            ServiceUrl = "https://smba.trafficmanager.net/amer/",
            ConversationId = null,
            UpdatedAt = Seed.Now.AddHours(1),
        };

        await InSession(db, s => s.ConversationReferences.UpsertAsync(fromMessage, Ct));
        await InSession(db, s => s.ConversationReferences.UpsertAsync(fromRoster, Ct));

        var stored = await InSession(db, s => s.ConversationReferences.GetAsync("teams:tenant-1:aad-ada", Ct));
        Assert.Equal(fromRoster with { ConversationId = "a:1on1-ada" }, stored);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_mentioned_platform_user_id_resolves_to_the_identity_within_its_tenant_only(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await InSession(db, async s =>
        {
            await s.ConversationReferences.UpsertAsync(Member("teams:tenant-1:aad-ada", "29:ada"), Ct);
            await s.ConversationReferences.UpsertAsync(Member("teams:tenant-1:aad-bo", "29:bo"), Ct);
            await s.ConversationReferences.UpsertAsync(Member("teams:tenant-2:aad-cy", "29:cy"), Ct);
        });

        var ada = await InSession(db, s => s.ConversationReferences.FindByPlatformUserIdAsync("teams:tenant-1:", "29:ada", Ct));
        var otherTenant = await InSession(db, s => s.ConversationReferences.FindByPlatformUserIdAsync("teams:tenant-1:", "29:cy", Ct));
        var unknown = await InSession(db, s => s.ConversationReferences.FindByPlatformUserIdAsync("teams:tenant-1:", "29:nobody", Ct));

        Assert.Equal("teams:tenant-1:aad-ada", ada?.Address);
        Assert.Null(otherTenant);
        Assert.Null(unknown);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_reference_written_in_a_session_that_is_not_committed_is_not_stored(StoreKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var session = await db.Store.BeginAsync(Ct))
        {
            await session.ConversationReferences.UpsertAsync(Member("teams:tenant-1:aad-ada", "29:ada"), Ct);
        }

        Assert.Null(await InSession(db, s => s.ConversationReferences.GetAsync("teams:tenant-1:aad-ada", Ct)));
    }

    private static ConversationReference Member(string address, string platformUserId) => new()
    {
        Address = address,
        ServiceUrl = ServiceUrl,
        PlatformUserId = platformUserId,
        UpdatedAt = Seed.Now,
    };
}
