using StatusBot.Core.Inbound;
using StatusBot.Core.People;
using StatusBot.Core.Storage;
using StatusBot.Core.Workspaces;

namespace StatusBot.Core.Commands;

/// <summary>
/// First contact registers the caller: their workspace (if the adapter has not already) and their person
/// record, with the display name and zone the platform gave (UTC when it gave none or an unknown zone).
/// Runs in its own short session so that registering happens even when the command itself fails.
/// </summary>
public sealed class CallerRegistration(IStatusBotStore store, TimeProvider time)
{
    public async Task<Person> RegisterAsync(Caller caller, CancellationToken cancellationToken)
    {
        var identity = PersonIdentity.Parse(caller.Identity);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await TryRegisterAsync(caller, identity, cancellationToken);
            }
            catch (Storage.DuplicateEntityException) when (attempt == 0)
            {
                // Two first messages of the same person raced; the other one registered them, so read again.
            }
        }
    }

    private async Task<Person> TryRegisterAsync(Caller caller, PersonIdentity identity, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginAsync(cancellationToken);
        var changed = false;
        var zone = caller.TimeZone is { } given && Commands.Parsing.Values.TryZone(given, out var valid, out _) ? valid : null;
        // The person first: a known person's workspace exists (people reference it), so every message after the first
        // costs one read here, not two.
        var person = await session.People.FindByIdentityAsync(caller.Identity, cancellationToken);
        if (person is null)
        {
            if (await session.Workspaces.GetAsync(identity.WorkspaceId, cancellationToken) is null)
            {
                await session.Workspaces.UpsertAsync(
                    new Workspace { Id = identity.WorkspaceId, Platform = identity.Platform, Name = identity.WorkspaceId, CreatedAt = time.GetUtcNow() },
                    cancellationToken);
            }

            person = await session.People.AddAsync(
                new Person
                {
                    WorkspaceId = identity.WorkspaceId,
                    Identity = caller.Identity,
                    DisplayName = string.IsNullOrWhiteSpace(caller.DisplayName) ? identity.UserId : caller.DisplayName.Trim(),
                    TimeZone = zone ?? "UTC",
                    CreatedAt = time.GetUtcNow(),
                },
                cancellationToken);
            changed = true;
        }
        else if ((!string.IsNullOrWhiteSpace(caller.DisplayName) && caller.DisplayName.Trim() != person.DisplayName) || (zone is not null && zone != person.TimeZone))
        {
            person = person with
            {
                DisplayName = string.IsNullOrWhiteSpace(caller.DisplayName) ? person.DisplayName : caller.DisplayName.Trim(),
                TimeZone = zone ?? person.TimeZone,
            };
            await session.People.UpdateAsync(person, cancellationToken);
            changed = true;
        }

        if (changed)
        {
            await session.CommitAsync(cancellationToken);
        }

        return person;
    }
}
