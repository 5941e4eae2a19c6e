using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace StatusBot.Data;

/// <summary>
/// Runs one single-row statement once per row on SQLite's own API, on the session's connection and transaction: the bulk
/// path of a Monday round (<see cref="DapperStoreSession.ExecuteEachAsync"/>, <see cref="DapperStoreSession.CopyManyAsync"/>).
/// Through the ADO.NET command every execution re-binds every parameter (its name marshalled and looked up, each text
/// converted into a new buffer) and builds a data reader, which was a third of a 10,000-member round's time; here a
/// column whose value is the same in every row (a round's "now", its state, its body key) is bound once, and texts are
/// encoded into one reused buffer.
/// </summary>
internal static class SqliteRows
{
    /// <summary>True when every value of the row is of a type bound here exactly as the ADO.NET parameter would bind it.</summary>
    public static bool CanBind(object?[] row) =>
        row.All(value => value is null or DBNull or string or long or int or bool or DateTimeOffset or DateOnly);

    /// <summary>Runs <paramref name="sql"/> (parameters <c>@p0</c>, <c>@p1</c>, … for the rows' values in order) once per row; returns the rows each run changed.</summary>
    public static int[] Execute(sqlite3 db, string sql, IReadOnlyList<object?[]> rows)
    {
        var affected = new int[rows.Count];
        Check(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
        using (statement)
        {
            var width = rows[0].Length;
            var indexes = new int[width];
            for (var i = 0; i < width; i++)
            {
                indexes[i] = raw.sqlite3_bind_parameter_index(statement, "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (indexes[i] == 0)
                {
                    throw new ArgumentException($"The statement has no parameter @p{i} for the rows' value {i}.", nameof(rows));
                }
            }

            var constant = new bool[width];
            for (var i = 0; i < width; i++)
            {
                constant[i] = rows.All(row => Equals(row[i], rows[0][i]));
            }

            var buffer = ArrayPool<byte>.Shared.Rent(256);
            try
            {
                for (var r = 0; r < rows.Count; r++)
                {
                    for (var i = 0; i < width; i++)
                    {
                        if (r == 0 || !constant[i])
                        {
                            Check(Bind(statement, indexes[i], rows[r][i], ref buffer), db);
                        }
                    }

                    var rc = raw.sqlite3_step(statement);
                    if (rc != raw.SQLITE_DONE)
                    {
                        // A constraint failed (a unique key taken: DuplicateEntityException upstream), or the statement returned rows.
                        Check(rc == raw.SQLITE_ROW ? raw.SQLITE_MISUSE : rc, db);
                    }

                    affected[r] = raw.sqlite3_changes(db);
                    Check(raw.sqlite3_reset(statement), db);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        return affected;
    }

    /// <summary>
    /// Runs a query and maps each row with typed reads (<see cref="SqliteRowReader"/>): for the thousands of rows a round
    /// reads, where Dapper's reader boxed every value, allocated a string for every text (also the same workspace and zone
    /// on every row) and parsed instants from those strings. An array parameter is bound as the JSON array that
    /// <see cref="Dialects.SqlDialect.AnyOf"/> unpacks.
    /// </summary>
    public static List<T> Query<T>(sqlite3 db, string sql, IReadOnlyList<(string Name, object? Value)> parameters, Func<SqliteRowReader, T> map)
    {
        Check(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
        using (statement)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(256);
            try
            {
                foreach (var (name, value) in parameters)
                {
                    var index = raw.sqlite3_bind_parameter_index(statement, "@" + name);
                    if (index == 0)
                    {
                        throw new ArgumentException($"The statement has no parameter @{name}.", nameof(parameters));
                    }

                    var bound = (value is long[] or string[]) ? System.Text.Json.JsonSerializer.Serialize(value) : value;
                    Check(Bind(statement, index, bound, ref buffer), db);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            var rows = new List<T>();
            var reader = new SqliteRowReader(statement);
            int rc;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                rows.Add(map(reader));
            }

            Check(rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc, db);
            return rows;
        }
    }

    private static int Bind(sqlite3_stmt statement, int index, object? value, ref byte[] buffer) => value switch
    {
        null or DBNull => raw.sqlite3_bind_null(statement, index),
        long number => raw.sqlite3_bind_int64(statement, index, number),
        int number => raw.sqlite3_bind_int64(statement, index, number),
        bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
        DateTimeOffset instant => BindText(statement, index, DapperTypeHandlers.SqliteInstant(instant), ref buffer),
        DateOnly date => BindText(statement, index, DapperTypeHandlers.SqliteDate(date), ref buffer),
        string text => BindText(statement, index, text, ref buffer),
        _ => throw new ArgumentException($"Cannot bind a {value.GetType().Name}.", nameof(value)),
    };

    private static int BindText(sqlite3_stmt statement, int index, string text, ref byte[] buffer)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (length > buffer.Length)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = ArrayPool<byte>.Shared.Rent(length);
        }

        // SQLite copies the bytes (SQLITE_TRANSIENT), so the buffer is free again as soon as this returns.
        var written = Encoding.UTF8.GetBytes(text, buffer);
        return raw.sqlite3_bind_text(statement, index, buffer.AsSpan(0, written));
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }
}

/// <summary>Typed reads of the current row of a <see cref="SqliteRows.Query"/>, by column position.</summary>
internal sealed class SqliteRowReader(sqlite3_stmt statement)
{
    // The last text read per column with a copy of its bytes: a column that repeats one value on every row (a workspace,
    // a zone) gives one string, not one per row.
    private string?[] _lastText = new string?[16];
    private byte[]?[] _lastBytes = new byte[]?[16];
    private int[] _lastLength = new int[16];

    public long Int64(int column) => raw.sqlite3_column_int64(statement, column);

    public bool Bool(int column) => raw.sqlite3_column_int64(statement, column) != 0;

    // A text column that is never null (a null reads as ""). sqlite3_column_blob of a text value is its UTF-8 bytes (the
    // database's encoding), without a terminator to search for.
    public string Text(int column)
    {
        var bytes = raw.sqlite3_column_blob(statement, column);
        if (column >= _lastText.Length)
        {
            Array.Resize(ref _lastText, column + 1);
            Array.Resize(ref _lastBytes, column + 1);
            Array.Resize(ref _lastLength, column + 1);
        }

        if (_lastText[column] is { } last && bytes.SequenceEqual(_lastBytes[column].AsSpan(0, _lastLength[column])))
        {
            return last;
        }

        var text = Encoding.UTF8.GetString(bytes);
        if (_lastBytes[column] is not { } copy || copy.Length < bytes.Length)
        {
            _lastBytes[column] = copy = new byte[Math.Max(bytes.Length, 64)];
        }

        bytes.CopyTo(copy);
        _lastLength[column] = bytes.Length;
        _lastText[column] = text;
        return text;
    }

    /// <summary>An instant stored by <see cref="DapperTypeHandlers.SqliteInstant"/> (or any form the instant handler reads).</summary>
    public DateTimeOffset Instant(int column)
    {
        var bytes = raw.sqlite3_column_blob(statement, column);
        Span<char> chars = stackalloc char[32];
        return bytes.Length <= chars.Length && Encoding.UTF8.TryGetChars(bytes, chars, out var written) && DapperTypeHandlers.TryParseStored(chars[..written], out var stored)
            ? stored
            : DapperTypeHandlers.ParseInstant(Encoding.UTF8.GetString(bytes));
    }
}
