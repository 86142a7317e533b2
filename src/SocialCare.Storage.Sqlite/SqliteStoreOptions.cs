namespace SocialCare.Storage.Sqlite;

/// <summary>How hard SQLite works to make a commit survive a power cut (its <c>PRAGMA synchronous</c>).</summary>
public enum SqliteSynchronousMode
{
    /// <summary>No fsync at all: a power cut or an operating system crash may lose or corrupt recent commits. Not for production.</summary>
    Off = 0,

    /// <summary>
    /// In WAL mode, fsync at checkpoints only: a commit survives a crash of the process, but a power cut may undo the
    /// latest commits (never corrupts the file).
    /// </summary>
    Normal = 1,

    /// <summary>fsync of the write-ahead log at every commit: a commit that returned survives a power cut.</summary>
    Full = 2,

    /// <summary>Like <see cref="Full"/>, and the directory too is synced; for file systems that need it.</summary>
    Extra = 3,
}

/// <summary>Settings of the SQLite store: the database file, durability, group commit and connection counts.</summary>
/// <remarks>
/// Bind from configuration under <see cref="ConfigurationSection"/> or set in code through
/// <c>UseSqlite(connectionString, o => …)</c>. Invalid settings fail at start-up with a message naming the option.
/// </remarks>
public sealed class SqliteStoreOptions
{
    /// <summary>The configuration section the options are usually bound from, and the prefix of validation messages.</summary>
    public const string ConfigurationSection = "SocialCare:Storage:Sqlite";

    /// <summary>
    /// Gets or sets the Microsoft.Data.Sqlite connection string, such as <c>Data Source=socialcare.db</c>. The file is
    /// created when missing (its directory must exist). In-memory databases are refused: each connection would see its own.
    /// </summary>
    /// <value>The default is empty, which fails validation.</value>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets a value indicating whether concurrent commits share one transaction (one fsync): each change set
    /// still succeeds or fails alone. Turn it off only to compare.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool GroupCommit { get; set; } = true;

    /// <summary>Gets or sets the largest number of change sets one group transaction takes.</summary>
    /// <value>The default is 256. Between 1 and 10,000.</value>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>Gets or sets the durability of a commit (SQLite's <c>PRAGMA synchronous</c>).</summary>
    /// <value>The default is <see cref="SqliteSynchronousMode.Full"/>: a commit that returned survives a power cut.</value>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Full;

    /// <summary>
    /// Gets or sets how long a connection waits for a lock held by another connection (another process on the same
    /// file, a checkpoint) before it fails with <c>SQLITE_BUSY</c>.
    /// </summary>
    /// <value>The default is 30 seconds. Between 0 and 10 minutes.</value>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many read connections are pooled; in WAL mode they read while the writer writes.</summary>
    /// <value>The default is 8. Between 1 and 64.</value>
    public int ReadConnections { get; set; } = 8;
}
