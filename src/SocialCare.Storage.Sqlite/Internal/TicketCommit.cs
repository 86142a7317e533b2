using SocialCare.Abstractions;

namespace SocialCare.Storage.Sqlite;

/// <summary>
/// One <see cref="TicketChangeSet"/> on its way to the writer: its documents are serialized by the caller's thread, and
/// <see cref="Run"/> applies it on the writer connection with the checks and indexes of the in-memory store.
/// </summary>
internal sealed class TicketCommit : WriteOperation<CommitOutcome>
{
    private readonly TicketChangeSet _changes;
    private readonly byte[][] _tickets;
    private readonly byte[][] _added;
    private readonly byte[][] _updated;
    private readonly byte[][] _history;
    private readonly byte[][] _outbox;
    private Message?[]? _redactedUpdates;

    public TicketCommit(TicketChangeSet changes, CancellationToken cancellationToken)
        : base(cancellationToken)
    {
        _changes = changes;
        _tickets = Serialize(changes.Tickets, static w => Documents.Write(w.Ticket, Documents.Ticket));
        _added = Serialize(changes.AddedMessages, static m => Documents.Write(m, Documents.Message));
        _updated = Serialize(changes.UpdatedMessages, static m => Documents.Write(m, Documents.Message));
        _history = Serialize(changes.History, static h => Documents.Write(h, Documents.History));
        _outbox = Serialize(changes.Outbox, static o => Documents.Write(o, Documents.Outbox));
    }

    protected override CommitOutcome Run(SqliteDbConnection connection)
    {
        // Every check reads before the first write: a change set that fails a check (or is a duplicate) leaves nothing
        // to undo, so the writer needs no savepoint per change set. The order of the checks decides which error a change
        // set with several problems reports, as in the in-memory store.
        var changes = _changes;
        if (changes.Event is { } key && IsProcessed(connection, key))
        {
            return CommitOutcome.Duplicate;
        }

        var tickets = changes.Tickets;
        Span<byte> found = tickets.Count <= 16 ? stackalloc byte[tickets.Count] : new byte[tickets.Count];
        for (var i = 0; i < tickets.Count; i++)
        {
            found[i] = CheckVersion(connection, tickets[i]);
            if (tickets.Count > 1)
            {
                // Another ticket's save may change the active index first: always write it then.
                found[i] &= 0b1011;
            }
        }

        CheckOneActivePerCustomer(connection, changes);
        var updatedSeqs = FindUpdatedMessages(connection, changes.UpdatedMessages);
        CheckAddedMessages(connection, changes.AddedMessages);
        if (changes.EventDeliveries.Count > 0)
        {
            EventDeliverySql.CheckNew(connection, changes.EventDeliveries);
        }

        // Writes.
        if (changes.Event is { } processed)
        {
            var insert = connection[TicketSql.InsertProcessed];
            insert.Bind(1, processed.Channel.Value);
            insert.Bind(2, processed.Account.Value);
            insert.Bind(3, processed.EventId);
            insert.Execute();
        }

        for (var i = 0; i < tickets.Count; i++)
        {
            SaveTicket(connection, tickets[i], _tickets[i], found[i]);
        }

        AddMessages(connection, changes.AddedMessages);
        for (var i = 0; i < changes.UpdatedMessages.Count; i++)
        {
            var message = _redactedUpdates?[i] ?? changes.UpdatedMessages[i];
            var update = connection[TicketSql.UpdateMessage];
            update.Bind(1, updatedSeqs![i]);
            update.Bind(2, message.TicketId.Value);
            update.Bind(3, _updated[i]);
            update.Bind(4, message.SentAt.UtcTicks);
            update.Bind(5, message.RedactedAt is null ? 0L : 1L);
            update.Execute();
            IndexNetworkId(connection, message, updatedSeqs[i]);
        }

        for (var i = 0; i < changes.History.Count; i++)
        {
            var insert = connection[TicketSql.InsertHistory];
            insert.Bind(1, changes.History[i].TicketId.Value);
            insert.Bind(2, _history[i]);
            insert.Execute();
        }

        for (var i = 0; i < changes.Outbox.Count; i++)
        {
            SaveOutboxEntry(connection, changes.Outbox[i], _outbox[i]);
        }

        EventDeliverySql.Add(connection, changes.EventDeliveries);
        return CommitOutcome.Committed;
    }

    /// <summary>Tells whether an event's idempotency record is stored, on the given connection (the writer's or a reader's).</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="key">The event's key.</param>
    /// <returns><see langword="true"/> when the event was processed.</returns>
    internal static bool IsProcessed(SqliteDbConnection connection, IdempotencyKey key)
    {
        var select = connection[TicketSql.IsProcessed];
        try
        {
            select.Bind(1, key.Channel.Value);
            select.Bind(2, key.Account.Value);
            select.Bind(3, key.EventId);
            return select.Step();
        }
        finally
        {
            select.Reset();
        }
    }

    private static void CheckAddedMessages(SqliteDbConnection connection, IReadOnlyList<Message> added)
    {
        HashSet<MessageId>? seen = added.Count > 1 ? [] : null;
        foreach (var message in added)
        {
            if (FindMessageSeq(connection, message.Id) is not null)
            {
                throw new ArgumentException($"Message {message.Id} is added but already stored.", "changes");
            }

            if (seen is not null && !seen.Add(message.Id))
            {
                throw new ArgumentException($"Message {message.Id} is added more than once in one change set.", "changes");
            }
        }
    }

    // Found flags: 1 when the ticket is stored, 2 when it stays under the same conversation and customer, 4 when it is
    // already the active ticket of that conversation and customer, 8 when its other indexed columns keep their values.
    private static byte CheckVersion(SqliteDbConnection connection, TicketWrite write)
    {
        var ticket = write.Ticket;
        var select = connection[TicketSql.SelectTicketForWrite];
        long actual = 0;
        var sameKey = false;
        var indexedActive = false;
        var sameIndexed = false;
        try
        {
            select.Bind(1, ticket.Id.Value);
            BindKey(select, ticket.Conversation, ticket.Customer, first: 2);
            select.Bind(7, (long)ticket.State);
            select.Bind(8, ticket.Assignee?.Value);
            select.Bind(9, ticket.CreatedAt.UtcTicks);
            select.Bind(10, ticket.WakeAt?.UtcTicks);
            if (select.Step())
            {
                actual = select.GetInt64(0);
                sameKey = select.GetInt64(1) != 0;
                indexedActive = select.GetInt64(2) != 0;
                sameIndexed = select.GetInt64(3) != 0;
            }
        }
        finally
        {
            select.Reset();
        }

        if (actual != write.ExpectedVersion)
        {
            throw new TicketConcurrencyException(ticket.Id, write.ExpectedVersion, actual);
        }

        return (byte)((actual > 0 ? 1 : 0) | (sameKey ? 2 : 0) | (indexedActive ? 4 : 0) | (sameIndexed ? 8 : 0));
    }

    // At most one active ticket per customer and conversation: a new active ticket may not join a stored active one
    // (unless this change set makes that one inactive), nor another new active one of the same change set.
    private static void CheckOneActivePerCustomer(SqliteDbConnection connection, TicketChangeSet changes)
    {
        Dictionary<(ConversationRef, CustomerId), TicketId>? created = null;
        foreach (var write in changes.Tickets)
        {
            var ticket = write.Ticket;
            if (write.ExpectedVersion != 0 || !ticket.IsActive)
            {
                continue;
            }

            if (changes.Tickets.Count > 1)
            {
                created ??= [];
                var key = (ticket.Conversation, ticket.Customer);
                if (!created.TryAdd(key, ticket.Id))
                {
                    throw ActiveConflict(ticket, created[key]);
                }
            }

            var select = connection[TicketSql.SelectActiveId];
            string? stored;
            try
            {
                BindKey(select, ticket.Conversation, ticket.Customer, first: 1);
                stored = select.Step() ? select.GetString(0) : null;
            }
            finally
            {
                select.Reset();
            }

            if (stored is not null
                && !string.Equals(stored, ticket.Id.Value, StringComparison.Ordinal)
                && !changes.Tickets.Any(w => string.Equals(w.Ticket.Id.Value, stored, StringComparison.Ordinal) && !w.Ticket.IsActive))
            {
                throw ActiveConflict(ticket, new TicketId(stored));
            }
        }
    }

    private static TicketConcurrencyException ActiveConflict(Ticket created, TicketId active)
        => new($"Customer {created.Customer} already has active ticket {active} in this conversation, so ticket {created.Id} cannot be created active; read the active ticket and add to it.");

    private long[]? FindUpdatedMessages(SqliteDbConnection connection, IReadOnlyList<Message> updated)
    {
        if (updated.Count == 0)
        {
            return null;
        }

        var seqs = new long[updated.Count];
        var select = connection[TicketSql.SelectUpdatedMessage];
        for (var i = 0; i < updated.Count; i++)
        {
            var message = updated[i];
            try
            {
                select.Bind(1, message.Id.Value);
                if (!select.Step())
                {
                    throw new ArgumentException($"Message {message.Id} is updated but not stored.", "changes");
                }

                seqs[i] = select.GetInt64(0);
                if (select.GetInt64(1) != 0 && message.RedactedAt is null)
                {
                    // Read before erasure or retention redacted it: the update keeps the message redacted.
                    var kept = StoreRedaction.KeepRedacted(message, Documents.Read(select.GetBlob(2), Documents.Message));
                    _updated[i] = Documents.Write(kept, Documents.Message);
                    _redactedUpdates ??= new Message[updated.Count];
                    _redactedUpdates[i] = kept;
                }
            }
            finally
            {
                select.Reset();
            }
        }

        return seqs;
    }

    private static void SaveTicket(SqliteDbConnection connection, TicketWrite write, byte[] document, byte found)
    {
        var ticket = write.Ticket;
        var stored = (found & 1) != 0;
        if (stored && (found & 2) == 0)
        {
            // The ticket moves to another customer or conversation: it is no longer the active one of its old pair.
            ForgetOldActive(connection, ticket.Id);
        }

        if (stored && (found & 0b1010) == 0b1010)
        {
            // Only the document and the version change: SQLite then leaves the table's indexes alone.
            var update = connection[TicketSql.UpdateTicketDocument];
            update.Bind(1, ticket.Id.Value);
            update.Bind(2, ticket.Version);
            update.Bind(3, document);
            update.Execute();
        }
        else
        {
            SaveTicketRow(connection, ticket, document, stored);
        }

        if (write.ExpectedVersion == 0)
        {
            var latest = connection[TicketSql.UpsertLatest];
            BindKey(latest, ticket.Conversation, ticket.Customer, first: 1);
            latest.Bind(6, ticket.Id.Value);
            latest.Execute();
        }

        // The active index names this ticket already (and still should): no write. (Flag 4 is only kept for change sets
        // of one ticket, where nothing else touches the index before this save.)
        if (!ticket.IsActive || (found & 4) == 0)
        {
            var active = connection[ticket.IsActive ? TicketSql.UpsertActive : TicketSql.DeleteActiveIfThis];
            BindKey(active, ticket.Conversation, ticket.Customer, first: 1);
            active.Bind(6, ticket.Id.Value);
            active.Execute();
        }
    }

    private static void SaveTicketRow(SqliteDbConnection connection, Ticket ticket, byte[] document, bool stored)
    {
        var save = connection[stored ? TicketSql.UpdateTicket : TicketSql.InsertTicket];
        save.Bind(1, ticket.Id.Value);
        BindKey(save, ticket.Conversation, ticket.Customer, first: 2);
        save.Bind(7, (long)ticket.State);
        save.Bind(8, ticket.Assignee?.Value);
        save.Bind(9, ticket.CreatedAt.UtcTicks);
        save.Bind(10, ticket.WakeAt?.UtcTicks);
        save.Bind(11, ticket.Version);
        save.Bind(12, document);
        save.Execute();
    }

    private static void ForgetOldActive(SqliteDbConnection connection, TicketId id)
    {
        var select = connection[TicketSql.SelectTicketKey];
        string channel, account, thread, customer;
        long visibility;
        try
        {
            select.Bind(1, id.Value);
            if (!select.Step())
            {
                return;
            }

            channel = select.GetString(0);
            account = select.GetString(1);
            thread = select.GetString(2);
            visibility = select.GetInt64(3);
            customer = select.GetString(4);
        }
        finally
        {
            select.Reset();
        }

        var delete = connection[TicketSql.DeleteActiveIfThis];
        delete.Bind(1, channel);
        delete.Bind(2, account);
        delete.Bind(3, thread);
        delete.Bind(4, visibility);
        delete.Bind(5, customer);
        delete.Bind(6, id.Value);
        delete.Execute();
    }

    private void AddMessages(SqliteDbConnection connection, IReadOnlyList<Message> added)
    {
        for (var i = 0; i < added.Count; i++)
        {
            var message = added[i];
            var insert = connection[TicketSql.InsertMessage];
            insert.Bind(1, message.Id.Value);
            insert.Bind(2, message.TicketId.Value);
            insert.Bind(3, _added[i]);
            insert.Bind(4, message.SentAt.UtcTicks);
            insert.Bind(5, message.RedactedAt is null ? 0L : 1L);
            insert.Execute();

            // The rowid is the recording order: one more than the largest, and messages are never deleted.
            IndexNetworkId(connection, message, connection.LastInsertRowId);
        }
    }

    private static void IndexNetworkId(SqliteDbConnection connection, Message message, long seq)
    {
        if (message.NetworkId is not { } networkId)
        {
            return;
        }

        var upsert = connection[TicketSql.UpsertNetworkId];
        upsert.Bind(1, message.Conversation.Channel.Value);
        upsert.Bind(2, message.Conversation.Account.Value);
        upsert.Bind(3, networkId.Value);
        upsert.Bind(4, seq);
        upsert.Execute();
    }

    // Entries due at the same time go in the order their messages were recorded (an entry whose message is not stored
    // goes after those that are), so that replies reach a customer in order.
    private static void SaveOutboxEntry(SqliteDbConnection connection, OutboxEntry entry, byte[] document)
    {
        var seq = FindMessageSeq(connection, entry.MessageId) ?? long.MaxValue;
        var upsert = connection[TicketSql.UpsertOutbox];
        upsert.Bind(1, entry.MessageId.Value);
        upsert.Bind(2, (long)entry.State);
        upsert.Bind(3, entry.NextAttemptAt.UtcTicks);
        upsert.Bind(4, entry.EnqueuedAt.UtcTicks);
        upsert.Bind(5, seq);
        upsert.Bind(6, document);
        upsert.Execute();
    }

    private static long? FindMessageSeq(SqliteDbConnection connection, MessageId id)
    {
        var select = connection[TicketSql.SelectMessageSeq];
        try
        {
            select.Bind(1, id.Value);
            return select.Step() ? select.GetInt64(0) : null;
        }
        finally
        {
            select.Reset();
        }
    }

    internal static void BindKey(Statement statement, ConversationRef conversation, CustomerId customer, int first)
    {
        statement.Bind(first, conversation.Channel.Value);
        statement.Bind(first + 1, conversation.Account.Value);
        statement.Bind(first + 2, conversation.Thread.Value);
        statement.Bind(first + 3, (long)conversation.Visibility);
        statement.Bind(first + 4, customer.Value);
    }

    private static byte[][] Serialize<T>(IReadOnlyList<T> items, Func<T, byte[]> write)
    {
        if (items.Count == 0)
        {
            return [];
        }

        var documents = new byte[items.Count][];
        for (var i = 0; i < items.Count; i++)
        {
            documents[i] = write(items[i]);
        }

        return documents;
    }
}

/// <summary>Claims due outbox entries on the writer, so that no other claimer (or process) gets them.</summary>
internal sealed class OutboxClaim(DateTimeOffset now, DateTimeOffset claimedUntil, int limit, CancellationToken cancellationToken)
    : WriteOperation<IReadOnlyList<OutboxEntry>>(cancellationToken)
{
    protected override IReadOnlyList<OutboxEntry> Run(SqliteDbConnection connection)
    {
        var due = new List<OutboxEntry>();
        var select = connection[TicketSql.SelectDueOutbox];
        try
        {
            select.Bind(1, now.UtcTicks);
            select.Bind(2, limit);
            while (select.Step())
            {
                due.Add(Documents.Read(select.GetBlob(0), Documents.Outbox));
            }
        }
        finally
        {
            select.Reset();
        }

        var claimed = new List<OutboxEntry>(due.Count);
        foreach (var stored in due)
        {
            var entry = stored with { State = OutboxState.Sending, Attempts = stored.Attempts + 1, ClaimedUntil = claimedUntil };
            var update = connection[TicketSql.ClaimOutbox];
            update.Bind(1, entry.MessageId.Value);
            update.Bind(2, Documents.Write(entry, Documents.Outbox));
            update.Execute();
            claimed.Add(entry);
        }

        return claimed;
    }
}
