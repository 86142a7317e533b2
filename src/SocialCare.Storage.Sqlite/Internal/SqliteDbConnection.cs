using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace SocialCare.Storage.Sqlite;

/// <summary>A fixed SQL text with a slot number, so that every connection keeps its prepared statement in an array.</summary>
internal sealed class Sql
{
    private static int s_count;

    public Sql(string text)
    {
        Text = text;
        Slot = Interlocked.Increment(ref s_count) - 1;
    }

    public static int Count => Volatile.Read(ref s_count);

    public string Text { get; }

    public int Slot { get; }
}

/// <summary>One open SQLite connection and the statements prepared on it.</summary>
/// <remarks>Not thread-safe: the writer thread owns the write connection; a reader is rented by one caller at a time.</remarks>
internal sealed class SqliteDbConnection : IDisposable
{
    private const int MaxDynamicStatements = 64;
    private const long MmapSize = 1L << 30;

    private readonly SqliteConnection _connection;
    private Statement?[] _statements;
    private Dictionary<string, Statement>? _dynamic;

    private SqliteDbConnection(SqliteConnection connection)
    {
        _connection = connection;
        Handle = connection.Handle ?? throw new InvalidOperationException("The SQLite connection has no native handle.");
        _statements = new Statement?[Math.Max(Sql.Count, 64)];
    }

    public sqlite3 Handle { get; }

    /// <summary>Gets the statement for a fixed SQL text, preparing it on first use.</summary>
    public Statement this[Sql sql]
    {
        get
        {
            var statements = _statements;
            if ((uint)sql.Slot < (uint)statements.Length && statements[sql.Slot] is { } prepared)
            {
                return prepared;
            }

            return Prepare(sql);
        }
    }

    /// <summary>
    /// Switches the file to WAL. Two connections doing so on a new file at once (two stores, or two processes, starting
    /// together) can each hold a shared lock while wanting the exclusive one: SQLite then answers <c>SQLITE_BUSY</c> at
    /// once rather than call the busy handler (waiting would deadlock), so the switch is tried again until the busy timeout.
    /// </summary>
    private static string? SwitchToWal(sqlite3 db, TimeSpan busyTimeout)
    {
        const int SqliteBusy = 5;
        var started = Environment.TickCount64;
        while (true)
        {
            try
            {
                return SqliteNative.QueryString(db, "PRAGMA journal_mode = WAL");
            }
            catch (SqliteException exception) when (exception.SqliteErrorCode == SqliteBusy
                && Environment.TickCount64 - started < busyTimeout.TotalMilliseconds)
            {
                // Opening runs once per connection, off the request path: a short sleep lets the other opener finish.
                Thread.Sleep(5);
            }
        }
    }

    /// <summary>Opens a connection and sets the pragmas every SocialCare connection has.</summary>
    /// <param name="connectionString">The connection string, with pooling off (this class keeps its own connections).</param>
    /// <param name="options">The options.</param>
    /// <param name="writer">Whether this is the writer (durability pragmas) or a reader (query only).</param>
    public static SqliteDbConnection Open(string connectionString, SqliteStoreOptions options, bool writer)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            var opened = new SqliteDbConnection(connection);
            var db = opened.Handle;
            SqliteNative.Check(raw.sqlite3_busy_timeout(db, (int)Math.Min(int.MaxValue, options.BusyTimeout.TotalMilliseconds)), db);

            // Memory-mapped reads: in WAL mode a connection's page cache is dropped whenever another connection has
            // committed since its last read, so under steady ingestion every read would otherwise copy its B-tree pages
            // in again with read() calls. (Address space only; SQLite writes through the file as usual.)
            SqliteNative.Exec(db, "PRAGMA mmap_size = " + MmapSize.ToString(CultureInfo.InvariantCulture));
            if (writer)
            {
                // WAL: readers never block the writer nor each other, and a commit appends to the log (one fsync).
                var mode = SwitchToWal(db, options.BusyTimeout);
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException(
                        $"The SQLite database could not be switched to WAL mode (it is in '{mode}' mode); the file system may not support it ({SqliteStoreOptions.ConfigurationSection}:ConnectionString).");
                }

                SqliteNative.Exec(db, "PRAGMA synchronous = " + ((int)options.Synchronous).ToString(CultureInfo.InvariantCulture));
                SqliteNative.Exec(db, "PRAGMA foreign_keys = ON");

                // The writer's cache survives its own commits: 16 MiB keeps the hot index pages of a busy store.
                SqliteNative.Exec(db, "PRAGMA cache_size = -16384");
            }
            else
            {
                SqliteNative.Exec(db, "PRAGMA query_only = ON");

                // A reader's cache is dropped whenever the writer has committed since its last read, and dropping walks
                // the whole cache: keep it small (the pages come from the memory map anyway).
                SqliteNative.Exec(db, "PRAGMA cache_size = -1024");
            }

            return opened;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Gets a statement for SQL text built at run time (the ticket query's filters), kept for reuse.</summary>
    public Statement Dynamic(string text)
    {
        _dynamic ??= new Dictionary<string, Statement>(StringComparer.Ordinal);
        if (_dynamic.TryGetValue(text, out var statement))
        {
            return statement;
        }

        if (_dynamic.Count >= MaxDynamicStatements)
        {
            foreach (var old in _dynamic.Values)
            {
                old.Dispose();
            }

            _dynamic.Clear();
        }

        statement = new Statement(Handle, text);
        _dynamic.Add(text, statement);
        return statement;
    }

    public bool InTransaction => raw.sqlite3_get_autocommit(Handle) == 0;

    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(Handle);

    /// <summary>Gets how many rows the connection's completed statements have changed since it opened.</summary>
    public int TotalChanges => raw.sqlite3_total_changes(Handle);

    public void Dispose()
    {
        foreach (var statement in _statements)
        {
            statement?.Dispose();
        }

        if (_dynamic is not null)
        {
            foreach (var statement in _dynamic.Values)
            {
                statement.Dispose();
            }
        }

        _connection.Dispose();
    }

    private Statement Prepare(Sql sql)
    {
        if (sql.Slot >= _statements.Length)
        {
            Array.Resize(ref _statements, Math.Max(sql.Slot + 1, _statements.Length * 2));
        }

        var statement = new Statement(Handle, sql.Text);
        _statements[sql.Slot] = statement;
        return statement;
    }
}
