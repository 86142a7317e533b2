using SQLitePCL;

namespace SocialCare.Storage.Sqlite;

/// <summary>The database schema: an ordered list of migrations, and the code that brings a file up to date.</summary>
/// <remarks>
/// <para>
/// A migration, once released, never changes: a file created by an older version runs the migrations it lacks, in
/// order, each in the one transaction that also records it in <c>schema_version</c>. New tables, columns and indexes
/// come as new migrations at the end of <see cref="Migrations"/>. A file whose version is newer than the last one here
/// was written by a newer SocialCare and is refused.
/// </para>
/// <para>
/// Conventions: identifiers are TEXT compared with BINARY collation (byte order of UTF-8, which is ordinal order for
/// the ids SocialCare makes); times used for ordering are INTEGER UTC ticks (exact, unlike text); whole model records
/// are BLOB documents of <c>SocialCareJson</c>, which keep the exact <see cref="DateTimeOffset"/> values and offsets;
/// a conversation is keyed by channel, account, thread and visibility (an integer).
/// </para>
/// </remarks>
internal static class SqliteSchema
{
    /// <summary>Migration 1: tickets, their active and latest index, messages, history, processed events, the outbox.</summary>
    public const string Migration1 = """
        CREATE TABLE tickets (
            id TEXT NOT NULL PRIMARY KEY,
            channel TEXT NOT NULL,
            account TEXT NOT NULL,
            thread TEXT NOT NULL,
            visibility INTEGER NOT NULL,
            customer TEXT NOT NULL,
            state INTEGER NOT NULL,
            assignee TEXT,
            created_at INTEGER NOT NULL,
            wake_at INTEGER,
            version INTEGER NOT NULL,
            doc BLOB NOT NULL
        );
        CREATE INDEX tickets_customer ON tickets (customer, id);
        CREATE INDEX tickets_wake_at ON tickets (wake_at, id) WHERE wake_at IS NOT NULL;
        CREATE INDEX tickets_assignee ON tickets (assignee, state) WHERE assignee IS NOT NULL;

        CREATE TABLE active_tickets (
            channel TEXT NOT NULL,
            account TEXT NOT NULL,
            thread TEXT NOT NULL,
            visibility INTEGER NOT NULL,
            customer TEXT NOT NULL,
            ticket_id TEXT NOT NULL,
            PRIMARY KEY (channel, account, thread, visibility, customer)
        ) WITHOUT ROWID;

        CREATE TABLE latest_tickets (
            channel TEXT NOT NULL,
            account TEXT NOT NULL,
            thread TEXT NOT NULL,
            visibility INTEGER NOT NULL,
            customer TEXT NOT NULL,
            ticket_id TEXT NOT NULL,
            PRIMARY KEY (channel, account, thread, visibility, customer)
        ) WITHOUT ROWID;

        CREATE TABLE messages (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            ticket_id TEXT NOT NULL,
            doc BLOB NOT NULL
        );
        CREATE INDEX messages_ticket ON messages (ticket_id, seq);

        CREATE TABLE message_network_ids (
            channel TEXT NOT NULL,
            account TEXT NOT NULL,
            network_id TEXT NOT NULL,
            message_seq INTEGER NOT NULL REFERENCES messages (seq),
            PRIMARY KEY (channel, account, network_id)
        ) WITHOUT ROWID;

        CREATE TABLE history (
            seq INTEGER PRIMARY KEY,
            ticket_id TEXT NOT NULL,
            doc BLOB NOT NULL
        );
        CREATE INDEX history_ticket ON history (ticket_id, seq);

        CREATE TABLE processed_events (
            channel TEXT NOT NULL,
            account TEXT NOT NULL,
            event_id TEXT NOT NULL,
            PRIMARY KEY (channel, account, event_id)
        ) WITHOUT ROWID;

        CREATE TABLE outbox (
            message_id TEXT NOT NULL PRIMARY KEY,
            state INTEGER NOT NULL,
            next_attempt_at INTEGER NOT NULL,
            enqueued_at INTEGER NOT NULL,
            message_seq INTEGER NOT NULL,
            doc BLOB NOT NULL
        );
        CREATE INDEX outbox_queue ON outbox (next_attempt_at, enqueued_at, message_seq, message_id) WHERE state = 0;
        """;

    /// <summary>Migration 2: the customer directory (customers and their channel identities).</summary>
    public const string Migration2 = """
        CREATE TABLE customers (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            doc BLOB NOT NULL
        );

        CREATE TABLE customer_identities (
            channel TEXT NOT NULL,
            account TEXT NOT NULL,
            user_key TEXT NOT NULL,
            customer_seq INTEGER NOT NULL REFERENCES customers (seq),
            phone TEXT,
            PRIMARY KEY (channel, account, user_key)
        ) WITHOUT ROWID;
        CREATE INDEX customer_identities_phone ON customer_identities (channel, account, phone) WHERE phone IS NOT NULL;
        """;

    /// <summary>
    /// Migration 3: what the retention policy needs to find old content: a message's <c>sent_at</c> (UTC ticks; left NULL
    /// on rows of older files, which the retention operation fills in from their documents before it selects) and whether
    /// it is <c>redacted</c>.
    /// </summary>
    public const string Migration3 = """
        ALTER TABLE messages ADD COLUMN sent_at INTEGER;
        ALTER TABLE messages ADD COLUMN redacted INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX messages_retention ON messages (sent_at, seq) WHERE redacted = 0;
        """;

    /// <summary>
    /// Migration 4: the event-webhook queue. Times are UTC ticks; <c>state</c> is 0 pending, 1 dead. The partial indexes
    /// find the oldest pending delivery of an endpoint and ticket, and the due ones.
    /// </summary>
    public const string Migration4 = """
        CREATE TABLE event_deliveries (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            endpoint TEXT NOT NULL,
            ticket_id TEXT NOT NULL,
            event_type TEXT NOT NULL,
            payload TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            state INTEGER NOT NULL,
            attempts INTEGER NOT NULL,
            next_attempt_at INTEGER NOT NULL,
            claimed_until INTEGER,
            dead_at INTEGER,
            last_error TEXT
        );
        CREATE INDEX event_deliveries_heads ON event_deliveries (endpoint, ticket_id, seq) WHERE state = 0;
        CREATE INDEX event_deliveries_due ON event_deliveries (next_attempt_at, seq) WHERE state = 0;
        CREATE INDEX event_deliveries_ticket ON event_deliveries (ticket_id);
        """;

    /// <summary>The migrations, in order: migration <c>n</c> is at index <c>n - 1</c>. Append only.</summary>
    public static readonly IReadOnlyList<string> Migrations = [Migration1, Migration2, Migration3, Migration4];

    /// <summary>Gets the newest schema version this code knows.</summary>
    public static int CurrentVersion => Migrations.Count;

    private const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version INTEGER NOT NULL PRIMARY KEY
        );
        """;

    /// <summary>
    /// Brings the file up to <see cref="CurrentVersion"/> in one write transaction (other processes wait on the lock).
    /// </summary>
    /// <param name="db">The writer connection, outside any transaction.</param>
    /// <returns>The version the file had before (0 for a new file).</returns>
    /// <exception cref="InvalidOperationException">The file has a newer schema than this code knows.</exception>
    public static int Migrate(sqlite3 db)
    {
        SqliteNative.Exec(db, "BEGIN IMMEDIATE");
        try
        {
            SqliteNative.Exec(db, CreateVersionTable);
            var found = (int)SqliteNative.QueryInt64(db, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
            if (found > CurrentVersion)
            {
                throw new InvalidOperationException(
                    $"The SQLite database file is at schema version {found}, but this version of SocialCare.Storage.Sqlite supports schema versions up to {CurrentVersion}: it was written by a newer SocialCare. Upgrade the package, or use another file ({SqliteStoreOptions.ConfigurationSection}:ConnectionString).");
            }

            for (var version = found + 1; version <= CurrentVersion; version++)
            {
                SqliteNative.Exec(db, Migrations[version - 1]);
                SqliteNative.Exec(db, $"INSERT INTO schema_version (version) VALUES ({version})");
            }

            SqliteNative.Exec(db, "COMMIT");
            return found;
        }
        catch
        {
            if (raw.sqlite3_get_autocommit(db) == 0)
            {
                _ = raw.sqlite3_exec(db, "ROLLBACK");
            }

            throw;
        }
    }

    /// <summary>Reads the file's schema version without changing anything (0 when it has none).</summary>
    public static int ReadVersion(sqlite3 db)
        => SqliteNative.QueryInt64(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'") == 0
            ? 0
            : (int)SqliteNative.QueryInt64(db, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
}
