using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using SocialCare.Abstractions;

namespace SocialCare.Storage.Sqlite;

/// <summary>A durable <see cref="ITicketStore"/> in one SQLite file: the embedded default for one machine.</summary>
/// <remarks>
/// <para>
/// Thread-safe; one instance per file per process (register it with <c>AddSocialCare().UseSqlite(…)</c>, which shares
/// the file with <see cref="SqliteCustomerDirectory"/>). The file is opened, and its schema created or migrated, at
/// host start-up when registered through <c>UseSqlite</c>, otherwise on first use.
/// </para>
/// <para>
/// Writes go through one writer connection: concurrent <see cref="CommitAsync"/> calls are grouped into one
/// transaction (one fsync), yet each change set succeeds or fails alone (it makes all its checks before its first write). A commit's task
/// completes only after the transaction is durable (<see cref="SqliteStoreOptions.Synchronous"/>). Reads use a pool of
/// WAL read connections and see every commit that returned before they began. Another instance (another process) on
/// the same file stays correct: writers take SQLite's write lock in turn, waiting up to
/// <see cref="SqliteStoreOptions.BusyTimeout"/>.
/// </para>
/// <para>
/// Orderings match the in-memory store: identifiers sort by their UTF-8 bytes (ordinal order for the ASCII ids
/// SocialCare makes), times by their UTC instant.
/// </para>
/// </remarks>
public sealed partial class SqliteTicketStore : ITicketStore, IEventDeliveryStore, IAsyncDisposable, IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly bool _ownsDatabase;

    /// <summary>Initializes a new instance of the <see cref="SqliteTicketStore"/> class over its own connections to a file.</summary>
    /// <param name="options">The file and the settings; copied, so later changes have no effect.</param>
    /// <param name="loggerFactory">Where to log; optional.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    /// <remarks>Nothing is opened until the first call. Dispose the store to close the file.</remarks>
    public SqliteTicketStore(SqliteStoreOptions options, ILoggerFactory? loggerFactory = null)
        : this(new SqliteDatabase(options, loggerFactory), ownsDatabase: true)
    {
    }

    internal SqliteTicketStore(SqliteDatabase database, bool ownsDatabase)
    {
        _database = database;
        _ownsDatabase = ownsDatabase;
    }

    /// <summary>Gets the shared database (the write transaction counter, for tests).</summary>
    internal SqliteDatabase Database => _database;

    /// <inheritdoc/>
    public async Task<Ticket?> GetAsync(TicketId id, CancellationToken cancellationToken)
    {
        var connection = await _database.RentReaderAsync(cancellationToken).ConfigureAwait(false);
        var select = connection[TicketSql.GetTicket];
        try
        {
            select.Bind(1, id.Value);
            return select.Step() ? _database.Tickets.Read(select.GetInt64(1), select.GetBlob(0)) : null;
        }
        finally
        {
            select.Reset();
            _database.Return(connection);
        }
    }

    /// <inheritdoc/>
    public Task<Ticket?> FindActiveAsync(ConversationRef conversation, CustomerId customer, CancellationToken cancellationToken)
        => FindTicketAsync(TicketSql.FindActive, conversation, customer, cancellationToken);

    /// <inheritdoc/>
    public Task<Ticket?> FindLatestAsync(ConversationRef conversation, CustomerId customer, CancellationToken cancellationToken)
        => FindTicketAsync(TicketSql.FindLatest, conversation, customer, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<Message>> GetMessagesAsync(TicketId id, CancellationToken cancellationToken)
        => ReadListAsync(TicketSql.GetMessages, id, Documents.Message, cancellationToken);

    /// <inheritdoc/>
    public async Task<Message?> FindMessageAsync(ChannelId channel, ChannelAccountId account, NetworkMessageId networkId, CancellationToken cancellationToken)
    {
        var connection = await _database.RentReaderAsync(cancellationToken).ConfigureAwait(false);
        var select = connection[TicketSql.FindMessage];
        try
        {
            select.Bind(1, channel.Value);
            select.Bind(2, account.Value);
            select.Bind(3, networkId.Value);
            return select.Step() ? Documents.Read(select.GetBlob(0), Documents.Message) : null;
        }
        finally
        {
            select.Reset();
            _database.Return(connection);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<TicketHistoryEntry>> GetHistoryAsync(TicketId id, CancellationToken cancellationToken)
        => ReadListAsync(TicketSql.GetHistory, id, Documents.History, cancellationToken);

    /// <inheritdoc/>
    public async Task<bool> IsProcessedAsync(IdempotencyKey key, CancellationToken cancellationToken)
    {
        var connection = await _database.RentReaderAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return TicketCommit.IsProcessed(connection, key);
        }
        finally
        {
            _database.Return(connection);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Tickets are ordered by <see cref="TicketId.Value"/> (BINARY collation: ordinal for ASCII ids). With
    /// <see cref="TicketQuery.Customer"/> set, only that customer's tickets are read (an index); the other filters scan
    /// the tickets in id order until the page is full.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="TicketQuery.Limit"/> is less than 1.</exception>
    public async Task<IReadOnlyList<Ticket>> QueryTicketsAsync(TicketQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, "The query's limit must be at least 1.");
        }

        var sql = new StringBuilder("SELECT doc FROM tickets WHERE 1 = 1");
        if (query.States is not null)
        {
            if (!AppendStates(sql, query.States))
            {
                return [];
            }
        }

        if (query.Customer is not null)
        {
            sql.Append(" AND customer = ?");
        }

        if (query.Assignee is not null)
        {
            sql.Append(" AND assignee = ?");
        }

        if (query.UnassignedOnly)
        {
            sql.Append(" AND assignee IS NULL");
        }

        if (query.Channel is not null)
        {
            sql.Append(" AND channel = ?");
        }

        if (query.CreatedFrom is not null)
        {
            sql.Append(" AND created_at >= ?");
        }

        if (query.CreatedBefore is not null)
        {
            sql.Append(" AND created_at < ?");
        }

        if (query.After is not null)
        {
            sql.Append(query.NewestFirst ? " AND id < ?" : " AND id > ?");
        }

        sql.Append(query.NewestFirst ? " ORDER BY id DESC LIMIT ?" : " ORDER BY id LIMIT ?");

        var connection = await _database.RentReaderAsync(cancellationToken).ConfigureAwait(false);
        var select = connection.Dynamic(sql.ToString());
        try
        {
            var index = 1;
            if (query.Customer is { } customer)
            {
                select.Bind(index++, customer.Value);
            }

            if (query.Assignee is { } assignee)
            {
                select.Bind(index++, assignee.Value);
            }

            if (query.Channel is { } channel)
            {
                select.Bind(index++, channel.Value);
            }

            if (query.CreatedFrom is { } from)
            {
                select.Bind(index++, from.UtcTicks);
            }

            if (query.CreatedBefore is { } before)
            {
                select.Bind(index++, before.UtcTicks);
            }

            if (query.After is { } after)
            {
                select.Bind(index++, after.Value);
            }

            select.Bind(index, query.Limit);
            var result = new List<Ticket>();
            while (select.Step())
            {
                result.Add(Documents.Read(select.GetBlob(0), Documents.Ticket));
            }

            return result;
        }
        finally
        {
            select.Reset();
            _database.Return(connection);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="states"/> is <see langword="null"/>.</exception>
    public async Task<IReadOnlyDictionary<AgentId, int>> CountByAssigneeAsync(IReadOnlyCollection<TicketState> states, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(states);
        var sql = new StringBuilder("SELECT assignee, COUNT(*) FROM tickets WHERE assignee IS NOT NULL");
        if (!AppendStates(sql, states))
        {
            return new Dictionary<AgentId, int>();
        }

        sql.Append(" GROUP BY assignee");
        var connection = await _database.RentReaderAsync(cancellationToken).ConfigureAwait(false);
        var select = connection.Dynamic(sql.ToString());
        try
        {
            var result = new Dictionary<AgentId, int>();
            while (select.Step())
            {
                result.Add(new AgentId(select.GetString(0)), (int)select.GetInt64(1));
            }

            return result;
        }
        finally
        {
            select.Reset();
            _database.Return(connection);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Tickets with the same <see cref="Ticket.WakeAt"/> come in <see cref="TicketId.Value"/> order; an index serves the query.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is less than 1.</exception>
    public async Task<IReadOnlyList<Ticket>> GetDueTicketsAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var connection = await _database.RentReaderAsync(cancellationToken).ConfigureAwait(false);
        var select = connection[TicketSql.GetDue];
        try
        {
            select.Bind(1, until.UtcTicks);
            select.Bind(2, limit);
            var result = new List<Ticket>();
            while (select.Step())
            {
                result.Add(Documents.Read(select.GetBlob(0), Documents.Ticket));
            }

            return result;
        }
        finally
        {
            select.Reset();
            _database.Return(connection);
        }
    }

    /// <inheritdoc/>
    public async Task<OutboxEntry?> GetOutboxEntryAsync(MessageId messageId, CancellationToken cancellationToken)
    {
        var connection = await _database.RentReaderAsync(cancellationToken).ConfigureAwait(false);
        var select = connection[TicketSql.GetOutbox];
        try
        {
            select.Bind(1, messageId.Value);
            return select.Step() ? Documents.Read(select.GetBlob(0), Documents.Outbox) : null;
        }
        finally
        {
            select.Reset();
            _database.Return(connection);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Runs on the writer, inside a write transaction, so that no other claimer, in this process or another, gets the
    /// same entries. Entries come in <see cref="OutboxEntry.NextAttemptAt"/> order, then <see cref="OutboxEntry.EnqueuedAt"/>,
    /// then the order their messages were recorded, then <see cref="MessageId.Value"/>. Only
    /// <see cref="OutboxState.Queued"/> entries are claimed.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="limit"/> is less than 1, or <paramref name="lease"/> is not positive or does not fit after <paramref name="now"/>.
    /// </exception>
    public Task<IReadOnlyList<OutboxEntry>> ClaimOutboxAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        CheckClaim(now, lease, limit);

        return _database.WriteAsync(new OutboxClaim(now, now + lease, limit, cancellationToken), cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The change set's documents are serialized on the caller's thread; the writer then checks and applies it within a
    /// transaction shared with the other pending change sets (or its own transaction when
    /// <see cref="SqliteStoreOptions.GroupCommit"/> is off); a change set that fails its checks writes nothing. The task completes after the transaction committed. Cancelling before the writer starts the change set
    /// cancels it; after that it runs to the end.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="changes"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public Task<CommitOutcome> CommitAsync(TicketChangeSet changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();
        changes.Validate();
        return _database.WriteAsync(new TicketCommit(changes, cancellationToken), cancellationToken);
    }

    /// <summary>Closes the file, after the writes already queued are committed.</summary>
    /// <returns>A task that completes when the file is closed.</returns>
    /// <remarks>When the store shares its file through <c>UseSqlite</c>, the service provider closes the file instead.</remarks>
    public ValueTask DisposeAsync() => _ownsDatabase ? _database.DisposeAsync() : ValueTask.CompletedTask;

    /// <summary>Closes the file synchronously, after the writes already queued are committed; prefer <see cref="DisposeAsync"/>.</summary>
    /// <remarks>When the file is shared through <c>UseSqlite</c>, the service provider closes it instead.</remarks>
    public void Dispose()
    {
        if (_ownsDatabase)
        {
            _database.Dispose();
        }
    }

    private static bool AppendStates(StringBuilder sql, IEnumerable<TicketState> states)
    {
        // States outside the enum match no stored ticket (commits refuse them), so they are left out.
        Span<bool> mask = stackalloc bool[(int)TicketState.Merged + 1];
        var any = false;
        foreach (var state in states)
        {
            if (state is >= TicketState.New and <= TicketState.Merged)
            {
                mask[(int)state] = true;
                any = true;
            }
        }

        if (!any)
        {
            return false;
        }

        sql.Append(" AND state IN (");
        var first = true;
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i])
            {
                sql.Append(first ? string.Empty : ", ").Append(i.ToString(CultureInfo.InvariantCulture));
                first = false;
            }
        }

        sql.Append(')');
        return true;
    }

    private async Task<Ticket?> FindTicketAsync(Sql sql, ConversationRef conversation, CustomerId customer, CancellationToken cancellationToken)
    {
        var connection = await _database.RentReaderAsync(cancellationToken).ConfigureAwait(false);
        var select = connection[sql];
        try
        {
            TicketCommit.BindKey(select, conversation, customer, first: 1);
            return select.Step() ? _database.Tickets.Read(select.GetInt64(1), select.GetBlob(0)) : null;
        }
        finally
        {
            select.Reset();
            _database.Return(connection);
        }
    }

    private async Task<IReadOnlyList<T>> ReadListAsync<T>(Sql sql, TicketId id, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info, CancellationToken cancellationToken)
    {
        var connection = await _database.RentReaderAsync(cancellationToken).ConfigureAwait(false);
        var select = connection[sql];
        try
        {
            select.Bind(1, id.Value);
            List<T>? result = null;
            while (select.Step())
            {
                (result ??= []).Add(Documents.Read(select.GetBlob(0), info));
            }

            return result is null ? [] : result;
        }
        finally
        {
            select.Reset();
            _database.Return(connection);
        }
    }

    /// <inheritdoc />
    /// <remarks>Runs on the writer, all of the customer's tickets in one transaction. A second call finds nothing left to change and returns zeros.</remarks>
    public Task<ErasureCount> EraseCustomerAsync(CustomerId customer, DateTimeOffset at, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _database.WriteAsync(new CustomerErasure(customer, at, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Runs on the writer, one batch per transaction, through an index on the messages' send time.</remarks>
    public Task<int> RedactMessagesBeforeAsync(DateTimeOffset before, DateTimeOffset at, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        return _database.WriteAsync(new MessageRedaction(before, at, limit, cancellationToken), cancellationToken);
    }

    /// <summary>The argument checks of a claim (outbox entries or event deliveries).</summary>
    private static void CheckClaim(DateTimeOffset now, TimeSpan lease, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        if (lease > DateTimeOffset.MaxValue - now)
        {
            throw new ArgumentOutOfRangeException(nameof(lease), lease, "The claim would end after the latest representable time.");
        }
    }
}
