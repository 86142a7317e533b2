namespace SocialCare.Storage.Sqlite;

/// <summary>The ticket store's fixed statements. A conversation key is bound as ?1 channel, ?2 account, ?3 thread, ?4 visibility, ?5 customer.</summary>
internal static class TicketSql
{
    // Reads.
    public static readonly Sql GetTicket = new("SELECT doc, rowid FROM tickets WHERE id = ?1");

    public static readonly Sql FindActive = new("""
        SELECT t.doc, t.rowid FROM active_tickets a JOIN tickets t ON t.id = a.ticket_id
        WHERE a.channel = ?1 AND a.account = ?2 AND a.thread = ?3 AND a.visibility = ?4 AND a.customer = ?5
        """);

    public static readonly Sql FindLatest = new("""
        SELECT t.doc, t.rowid FROM latest_tickets l JOIN tickets t ON t.id = l.ticket_id
        WHERE l.channel = ?1 AND l.account = ?2 AND l.thread = ?3 AND l.visibility = ?4 AND l.customer = ?5
        """);

    public static readonly Sql GetMessages = new("SELECT doc FROM messages WHERE ticket_id = ?1 ORDER BY seq");

    public static readonly Sql FindMessage = new("""
        SELECT m.doc FROM message_network_ids n JOIN messages m ON m.seq = n.message_seq
        WHERE n.channel = ?1 AND n.account = ?2 AND n.network_id = ?3
        """);

    public static readonly Sql GetHistory = new("SELECT doc FROM history WHERE ticket_id = ?1 ORDER BY seq");

    public static readonly Sql IsProcessed = new("SELECT 1 FROM processed_events WHERE channel = ?1 AND account = ?2 AND event_id = ?3");

    public static readonly Sql GetDue = new("SELECT doc FROM tickets WHERE wake_at IS NOT NULL AND wake_at <= ?1 ORDER BY wake_at, id LIMIT ?2");

    public static readonly Sql GetOutbox = new("SELECT doc FROM outbox WHERE message_id = ?1");

    // Writes (on the writer connection, inside a transaction).
    public static readonly Sql InsertProcessed = new("INSERT INTO processed_events (channel, account, event_id) VALUES (?1, ?2, ?3)");

    // The stored version; whether the ticket keeps its conversation and customer; whether it is already the active
    // ticket of its (new) conversation and customer (then the active index needs no write); and whether every other
    // indexed column keeps its value (then the update rewrites only the version and the document, and no index).
    public static readonly Sql SelectTicketForWrite = new("""
        SELECT version,
            channel = ?2 AND account = ?3 AND thread = ?4 AND visibility = ?5 AND customer = ?6,
            EXISTS (SELECT 1 FROM active_tickets a
                    WHERE a.channel = ?2 AND a.account = ?3 AND a.thread = ?4 AND a.visibility = ?5 AND a.customer = ?6 AND a.ticket_id = ?1),
            state = ?7 AND assignee IS ?8 AND created_at = ?9 AND wake_at IS ?10
        FROM tickets WHERE id = ?1
        """);

    public static readonly Sql SelectTicketKey = new("SELECT channel, account, thread, visibility, customer FROM tickets WHERE id = ?1");

    public static readonly Sql SelectActiveId = new("""
        SELECT ticket_id FROM active_tickets
        WHERE channel = ?1 AND account = ?2 AND thread = ?3 AND visibility = ?4 AND customer = ?5
        """);

    public static readonly Sql InsertTicket = new("""
        INSERT INTO tickets (id, channel, account, thread, visibility, customer, state, assignee, created_at, wake_at, version, doc)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
        """);

    public static readonly Sql UpdateTicket = new("""
        UPDATE tickets SET channel = ?2, account = ?3, thread = ?4, visibility = ?5, customer = ?6, state = ?7, assignee = ?8,
            created_at = ?9, wake_at = ?10, version = ?11, doc = ?12
        WHERE id = ?1
        """);

    public static readonly Sql UpdateTicketDocument = new("UPDATE tickets SET version = ?2, doc = ?3 WHERE id = ?1");

    public static readonly Sql UpsertLatest = new("""
        INSERT INTO latest_tickets (channel, account, thread, visibility, customer, ticket_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
        ON CONFLICT (channel, account, thread, visibility, customer) DO UPDATE SET ticket_id = excluded.ticket_id
        """);

    public static readonly Sql UpsertActive = new("""
        INSERT INTO active_tickets (channel, account, thread, visibility, customer, ticket_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
        ON CONFLICT (channel, account, thread, visibility, customer) DO UPDATE SET ticket_id = excluded.ticket_id
        WHERE ticket_id <> excluded.ticket_id
        """);

    public static readonly Sql DeleteActiveIfThis = new("""
        DELETE FROM active_tickets
        WHERE channel = ?1 AND account = ?2 AND thread = ?3 AND visibility = ?4 AND customer = ?5 AND ticket_id = ?6
        """);

    public static readonly Sql SelectMessageSeq = new("SELECT seq FROM messages WHERE id = ?1");

    /// <summary>An updated message's row, and its document when it is redacted (see <see cref="SocialCare.Abstractions.StoreRedaction.KeepRedacted"/>).</summary>
    public static readonly Sql SelectUpdatedMessage = new("SELECT seq, redacted, CASE WHEN redacted <> 0 THEN doc END FROM messages WHERE id = ?1");

    public static readonly Sql InsertMessage = new("INSERT INTO messages (id, ticket_id, doc, sent_at, redacted) VALUES (?1, ?2, ?3, ?4, ?5)");

    public static readonly Sql UpdateMessage = new("UPDATE messages SET ticket_id = ?2, doc = ?3, sent_at = ?4, redacted = ?5 WHERE seq = ?1");

    public static readonly Sql UpsertNetworkId = new("""
        INSERT INTO message_network_ids (channel, account, network_id, message_seq) VALUES (?1, ?2, ?3, ?4)
        ON CONFLICT (channel, account, network_id) DO UPDATE SET message_seq = excluded.message_seq
        """);

    public static readonly Sql InsertHistory = new("INSERT INTO history (ticket_id, doc) VALUES (?1, ?2)");

    public static readonly Sql UpsertOutbox = new("""
        INSERT INTO outbox (message_id, state, next_attempt_at, enqueued_at, message_seq, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
        ON CONFLICT (message_id) DO UPDATE SET state = excluded.state, next_attempt_at = excluded.next_attempt_at,
            enqueued_at = excluded.enqueued_at, message_seq = excluded.message_seq, doc = excluded.doc
        """);

    public static readonly Sql SelectDueOutbox = new("""
        SELECT doc FROM outbox WHERE state = 0 AND next_attempt_at <= ?1
        ORDER BY next_attempt_at, enqueued_at, message_seq, message_id LIMIT ?2
        """);

    public static readonly Sql ClaimOutbox = new("UPDATE outbox SET state = 1, doc = ?2 WHERE message_id = ?1");
}
