using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace SocialCare.Storage.Sqlite;

/// <summary>
/// One prepared statement on one connection, used through the native API so that the hot paths bind and read without
/// allocating (ids bound as UTF-16 spans, JSON documents read as spans of the page cache).
/// </summary>
/// <remarks>
/// Not thread-safe: a statement belongs to one connection, which one caller uses at a time. Call <see cref="Reset"/>
/// after every use (the callers do it in <c>finally</c>): a statement left stepping keeps its read transaction, and with
/// it an old snapshot of the database, open.
/// </remarks>
internal sealed class Statement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;

    public Statement(sqlite3 db, string sql)
    {
        _db = db;
        var rc = raw.sqlite3_prepare_v3(db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _stmt);
        SqliteNative.Check(rc, db);
    }

    public void Bind(int index, string? value)
    {
        var rc = value is null ? raw.sqlite3_bind_null(_stmt, index) : raw.sqlite3_bind_text16(_stmt, index, value.AsSpan());
        SqliteNative.Check(rc, _db);
    }

    public void Bind(int index, long value) => SqliteNative.Check(raw.sqlite3_bind_int64(_stmt, index, value), _db);

    public void Bind(int index, long? value)
        => SqliteNative.Check(value is { } v ? raw.sqlite3_bind_int64(_stmt, index, v) : raw.sqlite3_bind_null(_stmt, index), _db);

    public void Bind(int index, ReadOnlySpan<byte> blob) => SqliteNative.Check(raw.sqlite3_bind_blob(_stmt, index, blob), _db);

    /// <summary>Steps once.</summary>
    /// <returns><see langword="true"/> when a row is ready to read; <see langword="false"/> when the statement is done.</returns>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_stmt);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc == raw.SQLITE_DONE)
        {
            return false;
        }

        SqliteNative.Throw(rc, _db);
        return false;
    }

    /// <summary>Runs a statement that returns no rows, then resets it.</summary>
    /// <returns>How many rows it changed.</returns>
    public int Execute()
    {
        try
        {
            while (Step())
            {
            }

            return raw.sqlite3_changes(_db);
        }
        finally
        {
            Reset();
        }
    }

    public bool IsNull(int column) => raw.sqlite3_column_type(_stmt, column) == raw.SQLITE_NULL;

    public long GetInt64(int column) => raw.sqlite3_column_int64(_stmt, column);

    public string GetString(int column) => raw.sqlite3_column_text(_stmt, column).utf8_to_string();

    public string? GetStringOrNull(int column) => IsNull(column) ? null : GetString(column);

    /// <summary>Reads a blob column; the span is valid until the next step or reset.</summary>
    public ReadOnlySpan<byte> GetBlob(int column) => raw.sqlite3_column_blob(_stmt, column);

    public void Reset()
    {
        // Both return the last step's error, already reported; they cannot fail otherwise.
        _ = raw.sqlite3_reset(_stmt);
        _ = raw.sqlite3_clear_bindings(_stmt);
    }

    public void Dispose() => _stmt.Dispose();
}

internal static class SqliteNative
{
    public static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK)
        {
            Throw(rc, db);
        }
    }

    [DoesNotReturn]
    public static void Throw(int rc, sqlite3 db)
    {
        SqliteException.ThrowExceptionForRC(rc, db);

        // ThrowExceptionForRC returns only for success codes, which never reach here.
        throw new SqliteException($"SQLite error {rc}.", rc);
    }

    /// <summary>Runs SQL text (one or more statements, no parameters); for DDL, pragmas and rare statements.</summary>
    public static void Exec(sqlite3 db, string sql) => Check(raw.sqlite3_exec(db, sql), db);

    /// <summary>Runs a query that returns one integer (a pragma, a count).</summary>
    public static long QueryInt64(sqlite3 db, string sql)
    {
        using var statement = new Statement(db, sql);
        try
        {
            return statement.Step() ? statement.GetInt64(0) : 0;
        }
        finally
        {
            statement.Reset();
        }
    }

    /// <summary>Runs a query that returns one text value (a pragma).</summary>
    public static string? QueryString(sqlite3 db, string sql)
    {
        using var statement = new Statement(db, sql);
        try
        {
            return statement.Step() ? statement.GetStringOrNull(0) : null;
        }
        finally
        {
            statement.Reset();
        }
    }
}
