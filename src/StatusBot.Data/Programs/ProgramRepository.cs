using StatusBot.Core;
using StatusBot.Core.CheckIns;
using StatusBot.Core.Programs;

namespace StatusBot.Data.Programs;

internal sealed class ProgramRepository(DapperStoreSession db) : IProgramRepository
{
    public async Task<Program> AddAsync(Program program, CancellationToken cancellationToken)
    {
        var row = await db.QuerySingleAsync<ProgramRow>(
            """
            insert into programs (workspace_id, name, name_key, digest_day, digest_time, digest_zone,
                                  override_status, override_reason, override_by, override_at, note_text, note_by, note_at, created_at)
            values (@WorkspaceId, @Name, @NameKey, @DigestDay, @DigestTime, @DigestZone,
                    @OverrideStatus, @OverrideReason, @OverrideBy, @OverrideAt, @NoteText, @NoteBy, @NoteAt, @CreatedAt)
            returning *
            """,
            ProgramRow.From(program),
            cancellationToken);
        return row.ToProgram();
    }

    public async Task<Program?> GetAsync(long id, CancellationToken cancellationToken) =>
        (await db.QuerySingleOrDefaultAsync<ProgramRow>("select * from programs where id = @id", new { id }, cancellationToken))?.ToProgram();

    public async Task<Program?> FindByNameAsync(string workspaceId, string name, CancellationToken cancellationToken) =>
        (await db.QuerySingleOrDefaultAsync<ProgramRow>(
            "select * from programs where workspace_id = @workspaceId and name_key = @nameKey",
            new { workspaceId, nameKey = NameKey.Of(name) },
            cancellationToken))?.ToProgram();

    public async Task<IReadOnlyList<Program>> ListAsync(string workspaceId, CancellationToken cancellationToken) =>
        (await db.QueryAsync<ProgramRow>("select * from programs where workspace_id = @workspaceId order by name_key", new { workspaceId }, cancellationToken))
        .Select(row => row.ToProgram())
        .ToList();

    public Task UpdateAsync(Program program, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            update programs set name = @Name, name_key = @NameKey, digest_day = @DigestDay, digest_time = @DigestTime,
                digest_zone = @DigestZone, override_status = @OverrideStatus, override_reason = @OverrideReason,
                override_by = @OverrideBy, override_at = @OverrideAt, note_text = @NoteText, note_by = @NoteBy, note_at = @NoteAt
            where id = @Id
            """,
            ProgramRow.From(program),
            cancellationToken);

    public Task GrantAsync(ProgramRole role, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "insert into program_roles (program_id, person_id, role) values (@ProgramId, @PersonId, @Role) on conflict do nothing",
            new { role.ProgramId, role.PersonId, Role = role.Role.ToString() },
            cancellationToken);

    public Task RevokeAsync(ProgramRole role, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "delete from program_roles where program_id = @ProgramId and person_id = @PersonId and role = @Role",
            new { role.ProgramId, role.PersonId, Role = role.Role.ToString() },
            cancellationToken);

    public Task<IReadOnlyList<ProgramRole>> ListRolesAsync(long programId, CancellationToken cancellationToken) =>
        db.QueryAsync<ProgramRole>("select * from program_roles where program_id = @programId order by person_id, role", new { programId }, cancellationToken);

    public Task<ProgramChannel> AddChannelAsync(ProgramChannel channel, CancellationToken cancellationToken) =>
        db.QuerySingleAsync<ProgramChannel>(
            """
            insert into program_channels (program_id, channel_ref, display_name, created_at)
            values (@ProgramId, @ChannelRef, @DisplayName, @CreatedAt)
            returning *
            """,
            channel,
            cancellationToken);

    public Task<IReadOnlyList<ProgramChannel>> ListChannelsAsync(long programId, CancellationToken cancellationToken) =>
        db.QueryAsync<ProgramChannel>("select * from program_channels where program_id = @programId order by id", new { programId }, cancellationToken);

    public async Task<bool> RemoveChannelAsync(long programId, string channelRef, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            "delete from program_channels where program_id = @programId and channel_ref = @channelRef",
            new { programId, channelRef },
            cancellationToken) > 0;

    /// <summary>The flat shape of a program row; the digest slot and override are value objects in the core.</summary>
    private sealed class ProgramRow
    {
        public long Id { get; init; }
        public string WorkspaceId { get; init; } = "";
        public string Name { get; init; } = "";
        public string NameKey { get; init; } = "";
        public int? DigestDay { get; init; }
        public TimeOnly? DigestTime { get; init; }
        public string? DigestZone { get; init; }
        public string? OverrideStatus { get; init; }
        public string? OverrideReason { get; init; }
        public long? OverrideBy { get; init; }
        public DateTimeOffset? OverrideAt { get; init; }
        public string? NoteText { get; init; }
        public long? NoteBy { get; init; }
        public DateTimeOffset? NoteAt { get; init; }
        public DateTimeOffset CreatedAt { get; init; }

        public static ProgramRow From(Program program) => new()
        {
            Id = program.Id,
            WorkspaceId = program.WorkspaceId,
            Name = program.Name,
            NameKey = Data.NameKey.Of(program.Name),
            DigestDay = program.DigestSlot is { } slot ? (int)slot.Day : null,
            DigestTime = program.DigestSlot?.LocalTime,
            DigestZone = program.DigestSlot?.TimeZone,
            OverrideStatus = program.StatusOverride?.Status.ToString(),
            OverrideReason = program.StatusOverride?.Reason,
            OverrideBy = program.StatusOverride?.SetByPersonId,
            OverrideAt = program.StatusOverride?.SetAt,
            NoteText = program.StatusNote?.Text,
            NoteBy = program.StatusNote?.SetByPersonId,
            NoteAt = program.StatusNote?.SetAt,
            CreatedAt = program.CreatedAt,
        };

        public Program ToProgram() => new()
        {
            Id = Id,
            WorkspaceId = WorkspaceId,
            Name = Name,
            DigestSlot = DigestDay is { } day && DigestTime is { } time && DigestZone is { } zone
                ? new WeeklySlot((DayOfWeek)day, time, zone)
                : null,
            StatusOverride = OverrideStatus is { } status && OverrideBy is { } by && OverrideAt is { } at
                ? new StatusOverride(Enum.Parse<CheckInStatus>(status), OverrideReason ?? string.Empty, by, at)
                : null,
            StatusNote = NoteText is { } note && NoteBy is { } noteBy && NoteAt is { } noteAt ? new StatusNote(note, noteBy, noteAt) : null,
            CreatedAt = CreatedAt,
        };
    }
}
