using Npgsql;
using SocialCare.Abstractions;
using static SocialCare.Storage.PostgreSql.Db;

namespace SocialCare.Storage.PostgreSql;

/// <summary>What a statement's row count must be checked for.</summary>
internal enum CheckKind
{
    /// <summary>The idempotency record: no row means the event was already recorded.</summary>
    Event,

    /// <summary>A version-checked ticket update: no row means another writer saved it first.</summary>
    UpdateTicket,

    /// <summary>A new ticket: no row means its id exists, or another active ticket holds its conversation and customer.</summary>
    InsertTicket,

    /// <summary>A message update: no row means the message is not stored, or was redacted since the change set was read.</summary>
    UpdateMessage,

    /// <summary>A new message: no row means it is already stored (or added twice in the change set).</summary>
    InsertMessage,

    /// <summary>A new event delivery: no row means its id is already stored.</summary>
    InsertDelivery,
}

/// <summary>A statement whose row count decides the change set's fate.</summary>
/// <param name="Command">The statement's index in the batch.</param>
/// <param name="Kind">What a zero count means.</param>
/// <param name="Item">The index of the ticket or message in the change set.</param>
internal readonly record struct Check(int Command, CheckKind Kind, int Item);

/// <summary>
/// A change set on its way to the database: validated and serialized once, then turned into statements for each
/// transaction that tries it.
/// </summary>
internal sealed class PendingCommit
{
    public PendingCommit(TicketChangeSet changes, CancellationToken cancellationToken)
    {
        Changes = changes;
        CancellationToken = cancellationToken;
        TicketDocs = Serialize(changes.Tickets, static w => SocialCareJson.SerializeToUtf8Bytes(w.Ticket));
        AddedDocs = Serialize(changes.AddedMessages, static m => SocialCareJson.SerializeToUtf8Bytes(m));
        UpdatedDocs = Serialize(changes.UpdatedMessages, static m => SocialCareJson.SerializeToUtf8Bytes(m));
        HistoryDocs = Serialize(changes.History, static h => SocialCareJson.SerializeToUtf8Bytes(h));
        OutboxDocs = Serialize(changes.Outbox, static o => SocialCareJson.SerializeToUtf8Bytes(o));
        if (changes.AddedMessages.Count > 1)
        {
            HashSet<MessageId> seen = [];
            foreach (var message in changes.AddedMessages)
            {
                if (!seen.Add(message.Id))
                {
                    (RepeatedAdds ??= []).Add(message.Id);
                }
            }
        }
    }

    public TicketChangeSet Changes { get; }

    public CancellationToken CancellationToken { get; }

    public TaskCompletionSource<CommitOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets or sets how many transactions deferred it after a deadlock or serialization failure.</summary>
    public int Conflicts { get; set; }

    /// <summary>Gets the checks of the statements added by the last <see cref="AddStatements"/>.</summary>
    public List<Check> Checks { get; } = [];

    /// <summary>Gets the index of the first statement added by the last <see cref="AddStatements"/> (its savepoint).</summary>
    public int FirstCommand { get; private set; }

    /// <summary>Gets the index after the last statement added by the last <see cref="AddStatements"/>.</summary>
    public int EndCommand { get; private set; }

    private byte[][] TicketDocs { get; }

    private byte[][] AddedDocs { get; }

    private byte[][] UpdatedDocs { get; }

    private byte[][] HistoryDocs { get; }

    private byte[][] OutboxDocs { get; }

    private HashSet<MessageId>? RepeatedAdds { get; }

    private Message?[]? KeptRedacted { get; set; }

    /// <summary>
    /// Rewrites an updated message that another transaction redacted after the change set was read, so that the next
    /// attempt keeps it redacted (<see cref="StoreRedaction.KeepRedacted"/>).
    /// </summary>
    public void KeepRedacted(int item, Message stored)
    {
        var kept = StoreRedaction.KeepRedacted(Changes.UpdatedMessages[item], stored);
        KeptRedacted ??= new Message?[Changes.UpdatedMessages.Count];
        KeptRedacted[item] = kept;
        UpdatedDocs[item] = SocialCareJson.SerializeToUtf8Bytes(kept);
    }

    /// <summary>
    /// Adds a savepoint and the change set's statements to a batch, in the order the in-memory store checks them: the
    /// idempotency record, ticket updates (version-checked), new tickets, message updates, new messages; then the
    /// network-id index, history and outbox.
    /// </summary>
    public void AddStatements(NpgsqlBatch batch, StoreSql sql)
    {
        var commands = batch.BatchCommands;
        Checks.Clear();
        FirstCommand = commands.Count;
        commands.Add(new NpgsqlBatchCommand(CommitExecutor.Savepoint));
        var changes = Changes;
        if (changes.Event is { } key)
        {
            Checks.Add(new Check(commands.Count, CheckKind.Event, 0));
            commands.Add(BatchCommand(sql.RecordEvent, Text(key.Channel.Value), Text(key.Account.Value), Text(key.EventId)));
        }

        // Updates first: a change set that closes the active ticket and opens a new one frees the unique index in time.
        for (var i = 0; i < changes.Tickets.Count; i++)
        {
            var write = changes.Tickets[i];
            if (write.ExpectedVersion != 0)
            {
                Checks.Add(new Check(commands.Count, CheckKind.UpdateTicket, i));
                commands.Add(BatchCommand(sql.UpdateTicket, [.. TicketColumns(write.Ticket, TicketDocs[i]), Bigint(write.ExpectedVersion)]));
            }
        }

        for (var i = 0; i < changes.Tickets.Count; i++)
        {
            var write = changes.Tickets[i];
            if (write.ExpectedVersion == 0)
            {
                Checks.Add(new Check(commands.Count, CheckKind.InsertTicket, i));
                commands.Add(BatchCommand(sql.InsertTicket, TicketColumns(write.Ticket, TicketDocs[i])));
            }
        }

        for (var i = 0; i < changes.UpdatedMessages.Count; i++)
        {
            var message = KeptRedacted?[i] ?? changes.UpdatedMessages[i];
            Checks.Add(new Check(commands.Count, CheckKind.UpdateMessage, i));
            commands.Add(BatchCommand(
                sql.UpdateMessage,
                Text(message.Id.Value),
                Text(message.TicketId.Value),
                Bytea(UpdatedDocs[i]),
                Boolean(message.RedactedAt is not null)));
        }

        // A new message's network id is indexed by the same statement (one row when the message was new); updated
        // messages' network ids come after, as the in-memory store indexes them: the last one recorded wins.
        for (var i = 0; i < changes.AddedMessages.Count; i++)
        {
            var message = changes.AddedMessages[i];
            Checks.Add(new Check(commands.Count, CheckKind.InsertMessage, i));
            commands.Add(message.NetworkId is { } networkId
                ? BatchCommand(
                    sql.InsertMessageWithNetworkId,
                    Text(message.Id.Value),
                    Text(message.TicketId.Value),
                    Bytea(AddedDocs[i]),
                    Text(message.Conversation.Channel.Value),
                    Text(message.Conversation.Account.Value),
                    Text(networkId.Value),
                    Bigint(Ticks(message.SentAt)),
                    Boolean(message.RedactedAt is not null))
                : BatchCommand(
                    sql.InsertMessage,
                    Text(message.Id.Value),
                    Text(message.TicketId.Value),
                    Bytea(AddedDocs[i]),
                    Bigint(Ticks(message.SentAt)),
                    Boolean(message.RedactedAt is not null)));
        }

        AddNetworkIds(commands, sql, changes.UpdatedMessages);

        for (var i = 0; i < changes.History.Count; i++)
        {
            commands.Add(BatchCommand(sql.InsertHistory, Text(changes.History[i].TicketId.Value), Bytea(HistoryDocs[i])));
        }

        for (var i = 0; i < changes.Outbox.Count; i++)
        {
            var entry = changes.Outbox[i];
            commands.Add(BatchCommand(
                sql.SaveOutbox,
                Text(entry.MessageId.Value),
                Text(entry.TicketId.Value),
                Smallint((short)entry.State),
                Integer(entry.Attempts),
                Bigint(Ticks(entry.NextAttemptAt)),
                Bigint(Ticks(entry.EnqueuedAt)),
                NullableBigint(entry.ClaimedUntil is { } until ? Ticks(until) : null),
                NullableSmallint(entry.ClaimedUntil is { } claimed ? (short)claimed.Offset.TotalMinutes : null),
                Bytea(OutboxDocs[i])));
        }

        for (var i = 0; i < changes.EventDeliveries.Count; i++)
        {
            var delivery = changes.EventDeliveries[i];
            Checks.Add(new Check(commands.Count, CheckKind.InsertDelivery, i));
            commands.Add(BatchCommand(
                sql.InsertDelivery,
                Text(delivery.Id),
                Text(delivery.Endpoint),
                Text(delivery.TicketId.Value),
                Text(delivery.EventType),
                Text(delivery.Payload),
                Bigint(Ticks(delivery.CreatedAt)),
                Bigint(Ticks(delivery.NextAttemptAt))));
        }

        EndCommand = commands.Count;
    }

    /// <summary>Explains a zero row count: the outcome or the exception the caller gets.</summary>
    public ArgumentException? ArgumentFailure(Check check) => check.Kind switch
    {
        CheckKind.UpdateMessage => new ArgumentException($"Message {Changes.UpdatedMessages[check.Item].Id} is updated but not stored.", "changes"),
        CheckKind.InsertMessage when RepeatedAdds?.Contains(Changes.AddedMessages[check.Item].Id) == true
            => new ArgumentException($"Message {Changes.AddedMessages[check.Item].Id} is added more than once in one change set.", "changes"),
        CheckKind.InsertMessage => new ArgumentException($"Message {Changes.AddedMessages[check.Item].Id} is added but already stored.", "changes"),
        CheckKind.InsertDelivery => new ArgumentException($"Event delivery {Changes.EventDeliveries[check.Item].Id} is queued but already stored.", "changes"),
        _ => null,
    };

    /// <summary>The document of the first ticket written, to tell after a lost connection whether the change set was committed.</summary>
    public byte[]? FirstTicketDoc => TicketDocs.Length > 0 ? TicketDocs[0] : null;

    internal static NpgsqlParameter[] TicketColumns(Ticket ticket, byte[] doc)
    {
        var conversation = ticket.Conversation;
        return
        [
            Text(ticket.Id.Value),
            Text(conversation.Channel.Value),
            Text(conversation.Account.Value),
            Text(conversation.Thread.Value),
            Smallint((short)conversation.Visibility),
            Text(ticket.Customer.Value),
            Smallint((short)ticket.State),
            Boolean(ticket.IsActive),
            NullableText(ticket.Assignee?.Value),
            Bigint(Ticks(ticket.CreatedAt)),
            NullableBigint(ticket.WakeAt is { } wakeAt ? Ticks(wakeAt) : null),
            Bigint(ticket.Version),
            Bytea(doc),
        ];
    }

    private static void AddNetworkIds(NpgsqlBatchCommandCollection commands, StoreSql sql, IReadOnlyList<Message> messages)
    {
        foreach (var message in messages)
        {
            if (message.NetworkId is { } networkId)
            {
                commands.Add(BatchCommand(
                    sql.IndexNetworkId,
                    Text(message.Conversation.Channel.Value),
                    Text(message.Conversation.Account.Value),
                    Text(networkId.Value),
                    Text(message.Id.Value)));
            }
        }
    }

    private static byte[][] Serialize<T>(IReadOnlyList<T> items, Func<T, byte[]> serialize)
    {
        if (items.Count == 0)
        {
            return [];
        }

        var docs = new byte[items.Count][];
        for (var i = 0; i < docs.Length; i++)
        {
            docs[i] = serialize(items[i]);
        }

        return docs;
    }
}
