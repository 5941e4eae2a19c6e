using NpgsqlTypes;

namespace StatusBot.Data;

/// <summary>A column of a bulk insert (<see cref="DapperStoreSession.InsertManyAsync(string, IReadOnlyList{BulkColumn}, string, IReadOnlyList{object}[], CancellationToken)"/>): its name and its PostgreSQL type.</summary>
internal sealed record BulkColumn(string Name, BulkType Type)
{
    public static BulkColumn BigInt(string name) => new(name, BulkType.BigInt);

    public static BulkColumn Text(string name) => new(name, BulkType.Text);

    public static BulkColumn Instant(string name) => new(name, BulkType.Instant);

    public static BulkColumn Date(string name) => new(name, BulkType.Date);

    /// <summary>The column's values as one typed PostgreSQL array parameter (instants truncated as every other write does).</summary>
    public Npgsql.NpgsqlParameter ArrayParameter(string name, IReadOnlyList<object?[]> rows, int index) => Type switch
    {
        BulkType.BigInt => new Npgsql.NpgsqlParameter<long?[]>(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint)
        {
            TypedValue = rows.Select(r => r[index] is null ? (long?)null : Convert.ToInt64(r[index], System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        },
        BulkType.Text => new Npgsql.NpgsqlParameter<string?[]>(name, NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            TypedValue = rows.Select(r => (string?)r[index]).ToArray(),
        },
        BulkType.Instant => new Npgsql.NpgsqlParameter<DateTimeOffset?[]>(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            TypedValue = rows.Select(r => r[index] is DateTimeOffset at ? DapperTypeHandlers.TruncateToMicroseconds(at) : (DateTimeOffset?)null).ToArray(),
        },
        BulkType.Date => new Npgsql.NpgsqlParameter<DateOnly?[]>(name, NpgsqlDbType.Array | NpgsqlDbType.Date)
        {
            TypedValue = rows.Select(r => (DateOnly?)r[index]).ToArray(),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(rows), Type, "Unknown column type"),
    };

    /// <summary>Writes the column's value of one row to a binary <c>COPY</c> (instants truncated as every other write does).</summary>
    public Task WriteAsync(Npgsql.NpgsqlBinaryImporter import, object? value, CancellationToken cancellationToken) => value switch
    {
        null => import.WriteNullAsync(cancellationToken),
        _ => Type switch
        {
            BulkType.BigInt => import.WriteAsync(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), NpgsqlDbType.Bigint, cancellationToken),
            BulkType.Text => import.WriteAsync((string)value, NpgsqlDbType.Text, cancellationToken),
            BulkType.Instant => import.WriteAsync(DapperTypeHandlers.TruncateToMicroseconds((DateTimeOffset)value), NpgsqlDbType.TimestampTz, cancellationToken),
            BulkType.Date => import.WriteAsync((DateOnly)value, NpgsqlDbType.Date, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(value), Type, "Unknown column type"),
        },
    };
}

internal enum BulkType
{
    BigInt,
    Text,
    Instant,
    Date,
}
