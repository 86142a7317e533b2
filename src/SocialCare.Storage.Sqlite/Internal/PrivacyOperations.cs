using SocialCare.Abstractions;

namespace SocialCare.Storage.Sqlite;

/// <summary>The statements of a customer's erasure and of the retention policy.</summary>
internal static class PrivacySql
{
    public static readonly Sql SelectCustomerTickets = new("SELECT doc FROM tickets WHERE customer = ?1 ORDER BY id");

    public static readonly Sql SelectTicketMessages = new("SELECT seq, doc FROM messages WHERE ticket_id = ?1 ORDER BY seq");

    public static readonly Sql DeleteLatestIfThis = new("""
        DELETE FROM latest_tickets
        WHERE channel = ?1 AND account = ?2 AND thread = ?3 AND visibility = ?4 AND customer = ?5 AND ticket_id = ?6
        """);

    public static readonly Sql DeleteNetworkIds = new("DELETE FROM message_network_ids WHERE message_seq = ?1");

    public static readonly Sql SelectOutboxForMessage = new("SELECT doc FROM outbox WHERE message_id = ?1");

    public static readonly Sql UpdateOutbox = new("UPDATE outbox SET state = ?2, doc = ?3 WHERE message_id = ?1");

    public static readonly Sql SelectUndated = new("SELECT seq, doc FROM messages WHERE sent_at IS NULL LIMIT 500");

    public static readonly Sql SetSentAt = new("UPDATE messages SET sent_at = ?2, redacted = ?3 WHERE seq = ?1");

    public static readonly Sql SelectExpired = new("""
        SELECT seq, doc FROM messages WHERE redacted = 0 AND sent_at < ?1 ORDER BY sent_at, seq LIMIT ?2
        """);

    public static readonly Sql RedactMessage = new("UPDATE messages SET doc = ?2, redacted = 1 WHERE seq = ?1");
}

/// <summary>Erases a customer (see <see cref="ITicketStore.EraseCustomerAsync"/>): every ticket of theirs, in one transaction.</summary>
internal sealed class CustomerErasure(CustomerId customer, DateTimeOffset at, CancellationToken cancellationToken)
    : WriteOperation<ErasureCount>(cancellationToken)
{
    protected override ErasureCount Run(SqliteDbConnection connection)
    {
        List<Ticket> tickets = [];
        var select = connection[PrivacySql.SelectCustomerTickets];
        try
        {
            select.Bind(1, customer.Value);
            while (select.Step())
            {
                tickets.Add(Documents.Read(select.GetBlob(0), Documents.Ticket));
            }
        }
        finally
        {
            select.Reset();
        }

        var erasedTickets = 0;
        var erasedMessages = 0;
        foreach (var ticket in tickets)
        {
            var deliveries = connection[EventDeliverySql.DeleteOfTicket];
            deliveries.Bind(1, ticket.Id.Value);
            deliveries.Execute();

            var conversation = StoreRedaction.ErasedConversation(ticket);
            if (ticket.ErasedAt is null || ticket.Conversation != conversation)
            {
                Unindex(connection, TicketSql.DeleteActiveIfThis, ticket);
                Unindex(connection, PrivacySql.DeleteLatestIfThis, ticket);

                // A new version, so that a writer holding the old one fails its commit and reads the erased ticket.
                var erased = StoreRedaction.EraseTicket(ticket, at) with { Version = ticket.Version + 1 };
                var save = connection[TicketSql.UpdateTicket];
                save.Bind(1, erased.Id.Value);
                TicketCommit.BindKey(save, erased.Conversation, erased.Customer, first: 2);
                save.Bind(7, (long)erased.State);
                save.Bind(8, erased.Assignee?.Value);
                save.Bind(9, erased.CreatedAt.UtcTicks);
                save.Bind(10, erased.WakeAt?.UtcTicks);
                save.Bind(11, erased.Version);
                save.Bind(12, Documents.Write(erased, Documents.Ticket));
                save.Execute();
                erasedTickets++;
            }

            erasedMessages += EraseMessages(connection, ticket.Id, conversation);
        }

        return new ErasureCount(erasedTickets, erasedMessages);
    }

    private int EraseMessages(SqliteDbConnection connection, TicketId ticket, ConversationRef conversation)
    {
        List<(long Seq, Message Message)> messages = [];
        var select = connection[PrivacySql.SelectTicketMessages];
        try
        {
            select.Bind(1, ticket.Value);
            while (select.Step())
            {
                messages.Add((select.GetInt64(0), Documents.Read(select.GetBlob(1), Documents.Message)));
            }
        }
        finally
        {
            select.Reset();
        }

        var count = 0;
        foreach (var (seq, message) in messages)
        {
            if (message.RedactedAt is not null && message.Parts.Count == 0 && message.Sender is null && message.Referral is null
                && message.Conversation == conversation)
            {
                continue;
            }

            var erased = StoreRedaction.EraseMessage(message, conversation, at);
            var update = connection[TicketSql.UpdateMessage];
            update.Bind(1, seq);
            update.Bind(2, erased.TicketId.Value);
            update.Bind(3, Documents.Write(erased, Documents.Message));
            update.Bind(4, erased.SentAt.UtcTicks);
            update.Bind(5, 1L);
            update.Execute();

            var forget = connection[PrivacySql.DeleteNetworkIds];
            forget.Bind(1, seq);
            forget.Execute();

            if (ReadOutbox(connection, message.Id) is { } entry)
            {
                var redacted = StoreRedaction.EraseOutboxEntry(entry, conversation);
                var save = connection[PrivacySql.UpdateOutbox];
                save.Bind(1, redacted.MessageId.Value);
                save.Bind(2, (long)redacted.State);
                save.Bind(3, Documents.Write(redacted, Documents.Outbox));
                save.Execute();
            }

            count++;
        }

        return count;
    }

    private static void Unindex(SqliteDbConnection connection, Sql sql, Ticket ticket)
    {
        var delete = connection[sql];
        TicketCommit.BindKey(delete, ticket.Conversation, ticket.Customer, first: 1);
        delete.Bind(6, ticket.Id.Value);
        delete.Execute();
    }

    internal static OutboxEntry? ReadOutbox(SqliteDbConnection connection, MessageId id)
    {
        var select = connection[PrivacySql.SelectOutboxForMessage];
        try
        {
            select.Bind(1, id.Value);
            return select.Step() ? Documents.Read(select.GetBlob(0), Documents.Outbox) : null;
        }
        finally
        {
            select.Reset();
        }
    }
}

/// <summary>Redacts the content of messages written before a time, oldest first (see <see cref="ITicketStore.RedactMessagesBeforeAsync"/>).</summary>
internal sealed class MessageRedaction(DateTimeOffset before, DateTimeOffset at, int limit, CancellationToken cancellationToken)
    : WriteOperation<int>(cancellationToken)
{
    protected override int Run(SqliteDbConnection connection)
    {
        DateUndatedRows(connection);

        List<(long Seq, Message Message)> expired = [];
        var select = connection[PrivacySql.SelectExpired];
        try
        {
            select.Bind(1, before.UtcTicks);
            select.Bind(2, limit);
            while (select.Step())
            {
                expired.Add((select.GetInt64(0), Documents.Read(select.GetBlob(1), Documents.Message)));
            }
        }
        finally
        {
            select.Reset();
        }

        foreach (var (seq, message) in expired)
        {
            var update = connection[PrivacySql.RedactMessage];
            update.Bind(1, seq);
            update.Bind(2, Documents.Write(StoreRedaction.RedactContent(message, at), Documents.Message));
            update.Execute();

            if (CustomerErasure.ReadOutbox(connection, message.Id) is { State: OutboxState.Sent or OutboxState.Failed } entry)
            {
                var save = connection[PrivacySql.UpdateOutbox];
                save.Bind(1, entry.MessageId.Value);
                save.Bind(2, (long)entry.State);
                save.Bind(3, Documents.Write(StoreRedaction.RedactOutboxEntry(entry), Documents.Outbox));
                save.Execute();
            }
        }

        return expired.Count;
    }

    // Rows written before migration 3 have no sent_at: it is read from their documents, 500 at a time, once.
    private static void DateUndatedRows(SqliteDbConnection connection)
    {
        while (true)
        {
            List<(long Seq, long SentAt, bool Redacted)> rows = [];
            var select = connection[PrivacySql.SelectUndated];
            try
            {
                while (select.Step())
                {
                    var message = Documents.Read(select.GetBlob(1), Documents.Message);
                    rows.Add((select.GetInt64(0), message.SentAt.UtcTicks, message.RedactedAt is not null));
                }
            }
            finally
            {
                select.Reset();
            }

            if (rows.Count == 0)
            {
                return;
            }

            foreach (var (seq, sentAt, redacted) in rows)
            {
                var update = connection[PrivacySql.SetSentAt];
                update.Bind(1, seq);
                update.Bind(2, sentAt);
                update.Bind(3, redacted ? 1L : 0L);
                update.Execute();
            }
        }
    }
}
