using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;
using SocialCare.Abstractions;
using static SocialCare.Storage.PostgreSql.Db;

namespace SocialCare.Storage.PostgreSql;

/// <summary>
/// A <see cref="ITicketStore"/> in PostgreSQL, shared by every instance of an app behind a load balancer: tickets,
/// messages, history, idempotency records, the outbox and SLA wake-up times.
/// </summary>
/// <remarks>
/// <para>
/// Thread-safe; one instance per app instance (a singleton). Register it with
/// <c>AddSocialCare().UsePostgreSql(connectionString)</c>, which also migrates the schema when the host starts; created
/// directly, it migrates on first use. Several instances (in one process or many) may use one schema at once:
/// </para>
/// <list type="bullet">
/// <item>an event is applied once: its idempotency record is inserted first, and a change set whose record exists (or is
/// being inserted by another transaction, which it waits for) applies nothing and returns <see cref="CommitOutcome.Duplicate"/>;</item>
/// <item>a ticket update is checked against the version it was read at, and a new ticket's id and its conversation's
/// single active ticket are guarded by unique indexes: a conflict throws <see cref="TicketConcurrencyException"/>;</item>
/// <item>outbox entries are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so each is claimed by exactly one caller.</item>
/// </list>
/// <para>
/// Concurrent commits share transactions (group commit, see <see cref="PostgreSqlStoreOptions.GroupCommit"/>).
/// Connection failures, deadlocks and serialization failures are retried up to
/// <see cref="PostgreSqlStoreOptions.MaxRetries"/> times; then the operation fails with an <see cref="NpgsqlException"/>
/// that names it and says how many attempts it made. Orderings are those of the in-memory store: identifiers compare
/// ordinally, times to the tick.
/// </para>
/// </remarks>
public sealed partial class PostgreSqlTicketStore : ITicketStore, IEventDeliveryStore, IAsyncDisposable, IDisposable
{
    // Ticket states are 0 to Merged.
    private const int StateCount = (int)TicketState.Merged + 1;

    private readonly PostgreSqlDatabase _db;
    private readonly bool _ownsDatabase;
    private readonly StoreSql _sql;
    private readonly CommitExecutor _commits;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlTicketStore"/> class with its own connection pool.</summary>
    /// <param name="options">The connection string, schema and commit settings.</param>
    /// <param name="loggerFactory">Where to log; optional.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">An option is invalid; the message names it.</exception>
    public PostgreSqlTicketStore(PostgreSqlStoreOptions options, ILoggerFactory? loggerFactory = null)
        : this(new PostgreSqlDatabase(options, loggerFactory), ownsDatabase: true)
    {
    }

    internal PostgreSqlTicketStore(PostgreSqlDatabase database, bool ownsDatabase)
    {
        _db = database;
        _ownsDatabase = ownsDatabase;
        _sql = new StoreSql(database.QuotedSchema);
        _commits = new CommitExecutor(database, _sql);
    }

    /// <summary>Gets how many database transactions committed change sets (for tests of group commit).</summary>
    internal long TransactionCount => _commits.Transactions;

    /// <summary>Gets how many change sets wait for a transaction (for tests of group commit).</summary>
    internal int WaitingCommits => _commits.Waiting;

    internal PostgreSqlDatabase Database => _db;

    /// <inheritdoc/>
    public Task<Ticket?> GetAsync(TicketId id, CancellationToken cancellationToken)
        => _db.RunAsync(
            "ticket read",
            (Sql: _sql.GetTicket, Id: id.Value),
            static async (s, dataSource, ct) =>
            {
                using var command = Command(dataSource, s.Sql, Text(s.Id));
                return await ReadOneAsync<Ticket>(command, ct).ConfigureAwait(false);
            },
            cancellationToken);

    /// <inheritdoc/>
    public Task<Ticket?> FindActiveAsync(ConversationRef conversation, CustomerId customer, CancellationToken cancellationToken)
        => FindAsync("active ticket lookup", _sql.FindActive, conversation, customer, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>The most recently created ticket is the one inserted last (an identity column records the order).</remarks>
    public Task<Ticket?> FindLatestAsync(ConversationRef conversation, CustomerId customer, CancellationToken cancellationToken)
        => FindAsync("latest ticket lookup", _sql.FindLatest, conversation, customer, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<Message>> GetMessagesAsync(TicketId id, CancellationToken cancellationToken)
        => ListAsync<Message>("timeline read", _sql.GetMessages, id, cancellationToken);

    /// <inheritdoc/>
    public Task<Message?> FindMessageAsync(ChannelId channel, ChannelAccountId account, NetworkMessageId networkId, CancellationToken cancellationToken)
        => _db.RunAsync(
            "message lookup",
            (Sql: _sql.FindMessage, Channel: channel.Value, Account: account.Value, NetworkId: networkId.Value),
            static async (s, dataSource, ct) =>
            {
                using var command = Command(dataSource, s.Sql, Text(s.Channel), Text(s.Account), Text(s.NetworkId));
                return await ReadOneAsync<Message>(command, ct).ConfigureAwait(false);
            },
            cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<TicketHistoryEntry>> GetHistoryAsync(TicketId id, CancellationToken cancellationToken)
        => ListAsync<TicketHistoryEntry>("history read", _sql.GetHistory, id, cancellationToken);

    /// <inheritdoc/>
    public Task<bool> IsProcessedAsync(IdempotencyKey key, CancellationToken cancellationToken)
        => _db.RunAsync(
            "idempotency check",
            (Sql: _sql.IsProcessed, Key: key),
            static async (s, dataSource, ct) =>
            {
                using var command = Command(dataSource, s.Sql, Text(s.Key.Channel.Value), Text(s.Key.Account.Value), Text(s.Key.EventId));
                return (bool)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
            },
            cancellationToken);

    /// <inheritdoc/>
    /// <remarks>
    /// Tickets are ordered by <see cref="TicketId.Value"/>, compared ordinally (<c>COLLATE "C"</c>, the primary key's
    /// order), so a page is read from the primary key index.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="TicketQuery.Limit"/> is less than 1.</exception>
    public Task<IReadOnlyList<Ticket>> QueryTicketsAsync(TicketQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, "The query's limit must be at least 1.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var sql = new StringBuilder(_sql.QueryTickets);
        List<NpgsqlParameter> parameters = [];
        void Filter(string condition, NpgsqlParameter parameter)
        {
            parameters.Add(parameter);
            sql.Append(" AND ").Append(condition).Append(" $").Append(parameters.Count);
        }

        if (query.States is { } states)
        {
            Filter("state = ANY(", SmallintArray(StateArray(states)));
            sql.Append(')');
        }

        if (query.Customer is { } customer)
        {
            Filter("customer_id =", Text(customer.Value));
        }

        if (query.Assignee is { } assignee)
        {
            Filter("assignee =", Text(assignee.Value));
        }

        if (query.UnassignedOnly)
        {
            sql.Append(" AND assignee IS NULL");
        }

        if (query.Channel is { } channel)
        {
            Filter("channel =", Text(channel.Value));
        }

        if (query.CreatedFrom is { } from)
        {
            Filter("created_at >=", Bigint(Ticks(from)));
        }

        if (query.CreatedBefore is { } before)
        {
            Filter("created_at <", Bigint(Ticks(before)));
        }

        if (query.After is { } after)
        {
            Filter(query.NewestFirst ? "id <" : "id >", Text(after.Value));
        }

        parameters.Add(Integer(query.Limit));
        sql.Append(query.NewestFirst ? " ORDER BY id DESC" : " ORDER BY id").Append(" LIMIT $").Append(parameters.Count);
        return _db.RunAsync(
            "ticket query",
            (Sql: sql.ToString(), Parameters: parameters),
            static async (s, dataSource, ct) =>
            {
                using var command = Command(dataSource, s.Sql, [.. s.Parameters.Select(p => p.Clone())]);
                return await ReadListAsync<Ticket>(command, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="states"/> is <see langword="null"/>.</exception>
    public Task<IReadOnlyDictionary<AgentId, int>> CountByAssigneeAsync(IReadOnlyCollection<TicketState> states, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(states);
        cancellationToken.ThrowIfCancellationRequested();
        return _db.RunAsync(
            "load count",
            (Sql: _sql.CountByAssignee, States: StateArray(states)),
            static async (s, dataSource, ct) =>
            {
                using var command = Command(dataSource, s.Sql, SmallintArray(s.States));
                var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var result = new Dictionary<AgentId, int>();
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        result.Add(new AgentId(reader.GetString(0)), reader.GetInt32(1));
                    }

                    return (IReadOnlyDictionary<AgentId, int>)result;
                }
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>Tickets with the same <see cref="Ticket.WakeAt"/> come in <see cref="TicketId.Value"/> order (ordinal); read from a partial index on the wake-up time.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is less than 1.</exception>
    public Task<IReadOnlyList<Ticket>> GetDueTicketsAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        return _db.RunAsync(
            "due ticket read",
            (Sql: _sql.DueTickets, Until: Ticks(until), Limit: limit),
            static async (s, dataSource, ct) =>
            {
                using var command = Command(dataSource, s.Sql, Bigint(s.Until), Integer(s.Limit));
                return await ReadListAsync<Ticket>(command, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<OutboxEntry?> GetOutboxEntryAsync(MessageId messageId, CancellationToken cancellationToken)
        => _db.RunAsync(
            "outbox read",
            (Sql: _sql.GetOutbox, Id: messageId.Value),
            static async (s, dataSource, ct) =>
            {
                using var command = Command(dataSource, s.Sql, Text(s.Id));
                var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    if (!await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        return null;
                    }

                    // The claim's fields live in columns (a claim changes only them); the document holds the rest.
                    DateTimeOffset? claimedUntil = reader.IsDBNull(3)
                        ? null
                        : FromTicks(reader.GetInt64(3), reader.IsDBNull(4) ? (short)0 : reader.GetInt16(4));
                    return Read<OutboxEntry>(reader, 0) with
                    {
                        State = (OutboxState)reader.GetInt16(1),
                        Attempts = reader.GetInt32(2),
                        ClaimedUntil = claimedUntil,
                    };
                }
            },
            cancellationToken);

    /// <inheritdoc/>
    /// <remarks>
    /// One statement: <c>UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED) … RETURNING</c>, so that concurrent claimers on
    /// any instance skip each other's rows and each entry is claimed once. Entries come in
    /// <see cref="OutboxEntry.NextAttemptAt"/> order, then <see cref="OutboxEntry.EnqueuedAt"/>, then the order their
    /// messages were recorded, then <see cref="MessageId.Value"/> (ordinal). Only <see cref="OutboxState.Queued"/>
    /// entries are claimed: an entry whose claim ran out stays <see cref="OutboxState.Sending"/> until a commit queues it again.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="limit"/> is less than 1, or <paramref name="lease"/> is not positive or does not fit after <paramref name="now"/>.
    /// </exception>
    public Task<IReadOnlyList<OutboxEntry>> ClaimOutboxAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        CheckClaim(now, lease, limit);

        cancellationToken.ThrowIfCancellationRequested();
        var claimedUntil = now + lease;
        return _db.RunAsync(
            "outbox claim",
            (Sql: _sql.ClaimOutbox, Now: Ticks(now), Limit: limit, ClaimedUntil: claimedUntil),
            static async (s, dataSource, ct) =>
            {
                using var command = Command(
                    dataSource,
                    s.Sql,
                    Bigint(s.Now),
                    Integer(s.Limit),
                    Bigint(Ticks(s.ClaimedUntil)),
                    Smallint((short)s.ClaimedUntil.Offset.TotalMinutes));
                var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                List<(long NextAttemptAt, long EnqueuedAt, long Sequence, string Id, OutboxEntry Entry)> claimed = [];
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        var entry = Read<OutboxEntry>(reader, 0) with
                        {
                            State = OutboxState.Sending,
                            Attempts = reader.GetInt32(1),
                            ClaimedUntil = s.ClaimedUntil,
                        };
                        claimed.Add((reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetString(5), entry));
                    }
                }

                // RETURNING has no order: put the claimed entries back in queue order.
                claimed.Sort(static (a, b) =>
                {
                    var order = a.NextAttemptAt.CompareTo(b.NextAttemptAt);
                    order = order != 0 ? order : a.EnqueuedAt.CompareTo(b.EnqueuedAt);
                    order = order != 0 ? order : a.Sequence.CompareTo(b.Sequence);
                    return order != 0 ? order : string.CompareOrdinal(a.Id, b.Id);
                });
                return (IReadOnlyList<OutboxEntry>)[.. claimed.Select(c => c.Entry)];
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// With <see cref="PostgreSqlStoreOptions.GroupCommit"/> on, the change set shares a transaction with the commits
    /// that arrive while another transaction is in flight, under its own savepoint: its failure rolls back only its own
    /// changes, and only this call sees it. Cancellation is honoured until the change set is sent to the database.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="changes"/> is <see langword="null"/>.</exception>
    /// <exception cref="NpgsqlException">The database could not be reached, or failed, after every retry; the message says which operation gave up after how many attempts.</exception>
    public async Task<CommitOutcome> CommitAsync(TicketChangeSet changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();
        changes.Validate();

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (changes.Event is null && changes.Tickets.Count == 0 && changes.AddedMessages.Count == 0 && changes.UpdatedMessages.Count == 0
            && changes.History.Count == 0 && changes.Outbox.Count == 0 && changes.EventDeliveries.Count == 0)
        {
            return CommitOutcome.Committed;
        }

        await _db.EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        var pending = new PendingCommit(changes, cancellationToken);
        return await _commits.CommitAsync(pending).ConfigureAwait(false);
    }

    /// <summary>Waits for the commits in flight, then closes the connection pool when the store owns it.</summary>
    /// <returns>A task that completes when the store is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _commits.DrainAsync().ConfigureAwait(false);
        if (_ownsDatabase)
        {
            await _db.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes the connection pool when the store owns it; prefer <see cref="DisposeAsync"/>, which first waits for commits in flight.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_ownsDatabase)
        {
            _db.Dispose();
        }
    }

    internal static DateTimeOffset FromTicks(long utcTicks, short offsetMinutes)
        => new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes));

    private static short[] StateArray(IEnumerable<TicketState> states)
    {
        // States outside the enum match no stored ticket (commits refuse them), so they are left out.
        var mask = new bool[StateCount];
        foreach (var state in states)
        {
            if ((int)state is >= 0 and < StateCount)
            {
                mask[(int)state] = true;
            }
        }

        List<short> result = [];
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i])
            {
                result.Add((short)i);
            }
        }

        return [.. result];
    }

    private Task<Ticket?> FindAsync(string operation, string sql, ConversationRef conversation, CustomerId customer, CancellationToken cancellationToken)
        => _db.RunAsync(
            operation,
            (Sql: sql, Conversation: conversation, Customer: customer.Value),
            static async (s, dataSource, ct) =>
            {
                using var command = Command(
                    dataSource,
                    s.Sql,
                    Text(s.Conversation.Channel.Value),
                    Text(s.Conversation.Account.Value),
                    Text(s.Conversation.Thread.Value),
                    Smallint((short)s.Conversation.Visibility),
                    Text(s.Customer));
                return await ReadOneAsync<Ticket>(command, ct).ConfigureAwait(false);
            },
            cancellationToken);

    private Task<IReadOnlyList<T>> ListAsync<T>(string operation, string sql, TicketId id, CancellationToken cancellationToken)
        where T : class
        => _db.RunAsync(
            operation,
            (Sql: sql, Id: id.Value),
            static async (s, dataSource, ct) =>
            {
                using var command = Command(dataSource, s.Sql, Text(s.Id));
                return await ReadListAsync<T>(command, ct).ConfigureAwait(false);
            },
            cancellationToken);

    /// <inheritdoc/>
    /// <remarks>
    /// One transaction for the whole customer, retried as a whole after a transient failure (erasure is idempotent). The
    /// tickets are locked first, so a commit in flight on another instance either lands before (and is erased) or fails
    /// its version check and reads the erased ticket.
    /// </remarks>
    public Task<ErasureCount> EraseCustomerAsync(CustomerId customer, DateTimeOffset at, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _db.RunAsync(
            "customer erasure",
            (Store: this, Customer: customer, At: at),
            static (s, dataSource, ct) => s.Store.EraseOnceAsync(dataSource, s.Customer, s.At, ct),
            cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Rows are locked with <c>FOR UPDATE SKIP LOCKED</c>, so that instances applying the policy at once share the work.
    /// Messages stored before schema version 3 are dated from their documents, 500 at a time, before the first batch.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is less than 1.</exception>
    public Task<int> RedactMessagesBeforeAsync(DateTimeOffset before, DateTimeOffset at, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        return _db.RunAsync(
            "retention",
            (Store: this, Before: before, At: at, Limit: limit),
            static (s, dataSource, ct) => s.Store.RedactOnceAsync(dataSource, s.Before, s.At, s.Limit, ct),
            cancellationToken);
    }

    private static async Task<List<OutboxEntry>> ReadOutboxAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        List<OutboxEntry> entries = [];
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                DateTimeOffset? claimedUntil = reader.IsDBNull(3)
                    ? null
                    : FromTicks(reader.GetInt64(3), reader.IsDBNull(4) ? (short)0 : reader.GetInt16(4));
                entries.Add(Read<OutboxEntry>(reader, 0) with
                {
                    State = (OutboxState)reader.GetInt16(1),
                    Attempts = reader.GetInt32(2),
                    ClaimedUntil = claimedUntil,
                });
            }
        }

        return entries;
    }

    private static NpgsqlBatchCommand RewriteOutbox(StoreSql sql, OutboxEntry entry)
        => BatchCommand(
            sql.RewriteOutbox,
            Text(entry.MessageId.Value),
            Smallint((short)entry.State),
            NullableBigint(entry.ClaimedUntil is { } until ? Ticks(until) : null),
            NullableSmallint(entry.ClaimedUntil is { } claimed ? (short)claimed.Offset.TotalMinutes : null),
            Bytea(SocialCareJson.SerializeToUtf8Bytes(entry)));

    private async Task<ErasureCount> EraseOnceAsync(NpgsqlDataSource dataSource, CustomerId customer, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            IReadOnlyList<Ticket> tickets;
            using (var select = Command(connection, _sql.CustomerTickets, Text(customer.Value)))
            {
                select.Transaction = transaction;
                tickets = await ReadListAsync<Ticket>(select, cancellationToken).ConfigureAwait(false);
            }

            var erasedTickets = 0;
            var erasedMessages = 0;
            foreach (var ticket in tickets)
            {
                var conversation = StoreRedaction.ErasedConversation(ticket);
                using var batch = new NpgsqlBatch(connection, transaction);
                batch.BatchCommands.Add(BatchCommand(_sql.DeleteTicketDeliveries, Text(ticket.Id.Value)));
                if (ticket.ErasedAt is null || ticket.Conversation != conversation)
                {
                    // A new version, so that a writer holding the old one fails its commit and reads the erased ticket.
                    var erased = StoreRedaction.EraseTicket(ticket, at) with { Version = ticket.Version + 1 };
                    batch.BatchCommands.Add(BatchCommand(
                        _sql.UpdateTicket,
                        [.. PendingCommit.TicketColumns(erased, SocialCareJson.SerializeToUtf8Bytes(erased)), Bigint(ticket.Version)]));
                    erasedTickets++;
                }

                IReadOnlyList<Message> messages;
                using (var select = Command(connection, _sql.TicketMessages, Text(ticket.Id.Value)))
                {
                    select.Transaction = transaction;
                    messages = await ReadListAsync<Message>(select, cancellationToken).ConfigureAwait(false);
                }

                foreach (var message in messages)
                {
                    if (message.RedactedAt is not null && message.Parts.Count == 0 && message.Sender is null && message.Referral is null
                        && message.Conversation == conversation)
                    {
                        continue;
                    }

                    var erased = StoreRedaction.EraseMessage(message, conversation, at);
                    batch.BatchCommands.Add(BatchCommand(_sql.EraseMessage, Text(erased.Id.Value), Bytea(SocialCareJson.SerializeToUtf8Bytes(erased))));
                    batch.BatchCommands.Add(BatchCommand(_sql.ForgetNetworkIds, Text(erased.Id.Value)));
                    erasedMessages++;
                }

                List<OutboxEntry> outbox;
                using (var select = Command(connection, _sql.TicketOutbox, Text(ticket.Id.Value)))
                {
                    select.Transaction = transaction;
                    outbox = await ReadOutboxAsync(select, cancellationToken).ConfigureAwait(false);
                }

                foreach (var entry in outbox)
                {
                    var erased = StoreRedaction.EraseOutboxEntry(entry, conversation);
                    if (erased != entry)
                    {
                        batch.BatchCommands.Add(RewriteOutbox(_sql, erased));
                    }
                }

                if (batch.BatchCommands.Count > 0)
                {
                    await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new ErasureCount(erasedTickets, erasedMessages);
        }
    }

    private async Task<int> RedactOnceAsync(NpgsqlDataSource dataSource, DateTimeOffset before, DateTimeOffset at, int limit, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        await DateUndatedMessagesAsync(connection, cancellationToken).ConfigureAwait(false);

        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            IReadOnlyList<Message> expired;
            using (var select = Command(connection, _sql.ExpiredMessages, Bigint(Ticks(before)), Integer(limit)))
            {
                select.Transaction = transaction;
                expired = await ReadListAsync<Message>(select, cancellationToken).ConfigureAwait(false);
            }

            if (expired.Count == 0)
            {
                return 0;
            }

            using var batch = new NpgsqlBatch(connection, transaction);
            var ids = new string[expired.Count];
            for (var i = 0; i < expired.Count; i++)
            {
                var redacted = StoreRedaction.RedactContent(expired[i], at);
                ids[i] = redacted.Id.Value;
                batch.BatchCommands.Add(BatchCommand(_sql.EraseMessage, Text(ids[i]), Bytea(SocialCareJson.SerializeToUtf8Bytes(redacted))));
            }

            using (var select = Command(connection, _sql.MessagesOutbox, new NpgsqlParameter<string[]> { TypedValue = ids }))
            {
                select.Transaction = transaction;
                foreach (var entry in await ReadOutboxAsync(select, cancellationToken).ConfigureAwait(false))
                {
                    batch.BatchCommands.Add(RewriteOutbox(_sql, StoreRedaction.RedactOutboxEntry(entry)));
                }
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return expired.Count;
        }
    }

    // Rows written before schema version 3 have no sent_at: it is read from their documents, 500 at a time, once.
    private async Task DateUndatedMessagesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        while (true)
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                IReadOnlyList<Message> undated;
                using (var select = Command(connection, _sql.UndatedMessages))
                {
                    select.Transaction = transaction;
                    undated = await ReadListAsync<Message>(select, cancellationToken).ConfigureAwait(false);
                }

                if (undated.Count == 0)
                {
                    return;
                }

                using var batch = new NpgsqlBatch(connection, transaction);
                foreach (var message in undated)
                {
                    batch.BatchCommands.Add(BatchCommand(
                        _sql.DateMessage,
                        Text(message.Id.Value),
                        Bigint(Ticks(message.SentAt)),
                        Boolean(message.RedactedAt is not null)));
                }

                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
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
