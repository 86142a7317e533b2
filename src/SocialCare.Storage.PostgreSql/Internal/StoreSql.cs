namespace SocialCare.Storage.PostgreSql;

/// <summary>The statements of the ticket store and customer directory for one schema; built once per instance.</summary>
/// <remarks>Positional parameters (<c>$1</c>…) so that Npgsql sends them as they are and prepares them automatically.</remarks>
internal sealed class StoreSql
{
    public StoreSql(string s)
    {
        const string TicketKey = "channel = $1 AND account = $2 AND thread = $3 AND visibility = $4 AND customer_id = $5";
        GetTicket = $"SELECT doc FROM {s}.tickets WHERE id = $1";
        FindActive = $"SELECT doc FROM {s}.tickets WHERE {TicketKey} AND active";
        FindLatest = $"SELECT doc FROM {s}.tickets WHERE {TicketKey} ORDER BY seq DESC LIMIT 1";
        GetMessages = $"SELECT doc FROM {s}.messages WHERE ticket_id = $1 ORDER BY seq";
        FindMessage = $"SELECT m.doc FROM {s}.message_network_ids n JOIN {s}.messages m ON m.id = n.message_id WHERE n.channel = $1 AND n.account = $2 AND n.network_id = $3";
        GetHistory = $"SELECT doc FROM {s}.history WHERE ticket_id = $1 ORDER BY seq";
        IsProcessed = $"SELECT EXISTS (SELECT 1 FROM {s}.processed_events WHERE channel = $1 AND account = $2 AND event_id = $3)";
        CountByAssignee = $"SELECT assignee, count(*)::integer FROM {s}.tickets WHERE assignee IS NOT NULL AND state = ANY($1) GROUP BY assignee";
        DueTickets = $"SELECT doc FROM {s}.tickets WHERE wake_at <= $1 ORDER BY wake_at, id LIMIT $2";
        GetOutbox = $"SELECT doc, state, attempts, claimed_until, claimed_until_offset FROM {s}.outbox WHERE message_id = $1";
        ClaimOutbox = $"""
            UPDATE {s}.outbox o SET state = 1, attempts = o.attempts + 1, claimed_until = $3, claimed_until_offset = $4
            FROM (SELECT message_id FROM {s}.outbox WHERE state = 0 AND next_attempt_at <= $1
                  ORDER BY next_attempt_at, enqueued_at, message_seq, message_id LIMIT $2 FOR UPDATE SKIP LOCKED) due
            WHERE o.message_id = due.message_id
            RETURNING o.doc, o.attempts, o.next_attempt_at, o.enqueued_at, o.message_seq, o.message_id
            """;
        QueryTickets = $"SELECT doc FROM {s}.tickets WHERE true";

        RecordEvent = $"INSERT INTO {s}.processed_events (channel, account, event_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
        UpdateTicket = $"""
            UPDATE {s}.tickets SET channel = $2, account = $3, thread = $4, visibility = $5, customer_id = $6, state = $7, active = $8,
                assignee = $9, created_at = $10, wake_at = $11, version = $12, doc = $13
            WHERE id = $1 AND version = $14
            """;
        InsertTicket = $"""
            INSERT INTO {s}.tickets (id, channel, account, thread, visibility, customer_id, state, active, assignee, created_at, wake_at, version, doc)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING
            """;
        TicketVersion = $"SELECT coalesce((SELECT version FROM {s}.tickets WHERE id = $1), 0)";
        ActiveTicketId = $"SELECT id FROM {s}.tickets WHERE {TicketKey} AND active AND id <> $6";
        UpdateMessage = $"UPDATE {s}.messages SET ticket_id = $2, doc = $3, redacted = redacted OR $4 WHERE id = $1 AND (NOT redacted OR $4)";
        RedactedMessage = $"SELECT doc FROM {s}.messages WHERE id = $1 AND redacted";
        InsertMessage = $"INSERT INTO {s}.messages (id, ticket_id, doc, sent_at, redacted) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING";
        InsertMessageWithNetworkId = $"""
            WITH added AS (INSERT INTO {s}.messages (id, ticket_id, doc, sent_at, redacted) VALUES ($1, $2, $3, $7, $8) ON CONFLICT DO NOTHING RETURNING id)
            INSERT INTO {s}.message_network_ids (channel, account, network_id, message_id) SELECT $4, $5, $6, id FROM added
            ON CONFLICT (channel, account, network_id) DO UPDATE SET message_id = excluded.message_id
            """;
        IndexNetworkId = $"""
            INSERT INTO {s}.message_network_ids (channel, account, network_id, message_id) VALUES ($1, $2, $3, $4)
            ON CONFLICT (channel, account, network_id) DO UPDATE SET message_id = excluded.message_id
            """;
        InsertHistory = $"INSERT INTO {s}.history (ticket_id, doc) VALUES ($1, $2)";
        SaveOutbox = $"""
            INSERT INTO {s}.outbox (message_id, ticket_id, state, attempts, next_attempt_at, enqueued_at, message_seq, claimed_until, claimed_until_offset, doc)
            VALUES ($1, $2, $3, $4, $5, $6, coalesce((SELECT seq FROM {s}.messages WHERE id = $1), 9223372036854775807), $7, $8, $9)
            ON CONFLICT (message_id) DO UPDATE SET ticket_id = excluded.ticket_id, state = excluded.state, attempts = excluded.attempts,
                next_attempt_at = excluded.next_attempt_at, enqueued_at = excluded.enqueued_at, message_seq = excluded.message_seq,
                claimed_until = excluded.claimed_until, claimed_until_offset = excluded.claimed_until_offset, doc = excluded.doc
            """;
        VerifyEvent = IsProcessed;
        VerifyMessage = $"SELECT EXISTS (SELECT 1 FROM {s}.messages WHERE id = $1)";
        VerifyTicket = $"SELECT version, doc = $2 FROM {s}.tickets WHERE id = $1";

        CustomerTickets = $"SELECT doc FROM {s}.tickets WHERE customer_id = $1 ORDER BY id FOR UPDATE";
        TicketMessages = $"SELECT doc FROM {s}.messages WHERE ticket_id = $1 ORDER BY seq FOR UPDATE";
        EraseMessage = $"UPDATE {s}.messages SET doc = $2, redacted = true WHERE id = $1";
        ForgetNetworkIds = $"DELETE FROM {s}.message_network_ids WHERE message_id = $1";
        TicketOutbox = $"SELECT doc, state, attempts, claimed_until, claimed_until_offset FROM {s}.outbox WHERE ticket_id = $1 FOR UPDATE";
        MessagesOutbox = $"SELECT doc, state, attempts, claimed_until, claimed_until_offset FROM {s}.outbox WHERE message_id = ANY($1) AND state >= 2 FOR UPDATE";
        RewriteOutbox = $"UPDATE {s}.outbox SET state = $2, claimed_until = $3, claimed_until_offset = $4, doc = $5 WHERE message_id = $1";
        UndatedMessages = $"SELECT doc FROM {s}.messages WHERE sent_at IS NULL ORDER BY seq LIMIT 500 FOR UPDATE SKIP LOCKED";
        DateMessage = $"UPDATE {s}.messages SET sent_at = $2, redacted = redacted OR $3 WHERE id = $1";
        ExpiredMessages = $"SELECT doc FROM {s}.messages WHERE NOT redacted AND sent_at < $1 ORDER BY sent_at, seq LIMIT $2 FOR UPDATE SKIP LOCKED";

        const string Delivery = "seq, id, endpoint, ticket_id, event_type, payload, created_at, state, attempts, next_attempt_at, claimed_until, dead_at, last_error";
        InsertDelivery = $"""
            INSERT INTO {s}.event_deliveries (id, endpoint, ticket_id, event_type, payload, created_at, state, attempts, next_attempt_at)
            VALUES ($1, $2, $3, $4, $5, $6, 0, 0, $7) ON CONFLICT DO NOTHING
            """;
        GetDelivery = $"SELECT {Delivery} FROM {s}.event_deliveries WHERE id = $1";
        ClaimDeliveries = $"""
            UPDATE {s}.event_deliveries d SET attempts = d.attempts + 1, claimed_until = $3
            FROM (SELECT h.seq FROM {s}.event_deliveries h
                  WHERE h.state = 0 AND h.next_attempt_at <= $1 AND (h.claimed_until IS NULL OR h.claimed_until <= $1)
                    AND NOT EXISTS (SELECT 1 FROM {s}.event_deliveries e
                                    WHERE e.state = 0 AND e.endpoint = h.endpoint AND e.ticket_id = h.ticket_id AND e.seq < h.seq)
                  ORDER BY h.next_attempt_at, h.seq LIMIT $2 FOR UPDATE SKIP LOCKED) due
            WHERE d.seq = due.seq
            RETURNING d.seq, d.id, d.endpoint, d.ticket_id, d.event_type, d.payload, d.created_at, d.state, d.attempts, d.next_attempt_at, d.claimed_until, d.dead_at, d.last_error
            """;
        CompleteDelivery = $"DELETE FROM {s}.event_deliveries WHERE id = $1 AND state = 0";
        RetryDelivery = $"UPDATE {s}.event_deliveries SET next_attempt_at = $2, claimed_until = NULL, last_error = $3 WHERE id = $1 AND state = 0";
        KillDelivery = $"UPDATE {s}.event_deliveries SET state = 1, claimed_until = NULL, dead_at = $2, last_error = $3 WHERE id = $1 AND state = 0";
        ReplayDelivery = $"UPDATE {s}.event_deliveries SET state = 0, attempts = 0, next_attempt_at = $2, dead_at = NULL WHERE id = $1 AND state = 1";
        ListDeliveries = $"SELECT {Delivery} FROM {s}.event_deliveries WHERE state = $1 AND seq > $2 AND ($3::text IS NULL OR endpoint = $3) AND ($4::text IS NULL OR ticket_id = $4) ORDER BY seq LIMIT $5";
        DeleteTicketDeliveries = $"DELETE FROM {s}.event_deliveries WHERE ticket_id = $1";

        GetCustomer = $"SELECT doc FROM {s}.customers WHERE id = $1";
        LockCustomer = $"SELECT doc FROM {s}.customers WHERE id = $1 FOR UPDATE";
        ResolveIdentity = $"""
            SELECT c.doc FROM {s}.customer_identities i JOIN {s}.customers c ON c.id = i.customer_id
            WHERE i.channel = $1 AND i.account = $2 AND i.user_key = $3
            """;
        LockIdentity = $"""
            SELECT c.id, c.doc FROM {s}.customer_identities i JOIN {s}.customers c ON c.id = i.customer_id
            WHERE i.channel = $1 AND i.account = $2 AND i.user_key = $3 FOR UPDATE
            """;
        FindByPhone = $"""
            SELECT c.id FROM {s}.customer_identities i JOIN {s}.customers c ON c.id = i.customer_id
            WHERE i.channel = $1 AND i.account = $2 AND (i.phone = $3 OR i.user_key = $3)
            ORDER BY c.seq LIMIT 1
            """;
        CreateCustomer = $"""
            WITH identity AS (
                INSERT INTO {s}.customer_identities (channel, account, user_key, customer_id, phone) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT DO NOTHING RETURNING customer_id)
            INSERT INTO {s}.customers (id, doc) SELECT customer_id, $6 FROM identity
            """;
        AddIdentity = $"""
            WITH identity AS (
                INSERT INTO {s}.customer_identities (channel, account, user_key, customer_id, phone) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT DO NOTHING RETURNING customer_id)
            UPDATE {s}.customers SET doc = $6 WHERE id = (SELECT customer_id FROM identity)
            """;
        UpdateIdentity = $"UPDATE {s}.customer_identities SET phone = $4 WHERE channel = $1 AND account = $2 AND user_key = $3";
        UpdateCustomer = $"UPDATE {s}.customers SET doc = $2 WHERE id = $1";
        LinkIdentity = $"""
            INSERT INTO {s}.customer_identities (channel, account, user_key, customer_id, phone) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (channel, account, user_key) DO UPDATE SET customer_id = excluded.customer_id, phone = excluded.phone
            """;
        UnlinkIdentity = $"DELETE FROM {s}.customer_identities WHERE channel = $1 AND account = $2 AND user_key = $3 AND customer_id = $4";
        IdentityOwner = $"SELECT customer_id FROM {s}.customer_identities WHERE channel = $1 AND account = $2 AND user_key = $3 FOR UPDATE";
    }

    public string GetTicket { get; }

    public string FindActive { get; }

    public string FindLatest { get; }

    public string GetMessages { get; }

    public string FindMessage { get; }

    public string GetHistory { get; }

    public string IsProcessed { get; }

    public string CountByAssignee { get; }

    public string DueTickets { get; }

    public string GetOutbox { get; }

    public string ClaimOutbox { get; }

    public string QueryTickets { get; }

    public string RecordEvent { get; }

    public string UpdateTicket { get; }

    public string InsertTicket { get; }

    public string TicketVersion { get; }

    public string ActiveTicketId { get; }

    /// <summary>Gets the update of a message; no row when it is not stored, or stored redacted and the update is not (see <see cref="RedactedMessage"/>).</summary>
    public string UpdateMessage { get; }

    /// <summary>Gets the document of a message stored redacted, for <see cref="SocialCare.Abstractions.StoreRedaction.KeepRedacted"/>.</summary>
    public string RedactedMessage { get; }

    public string InsertMessage { get; }

    /// <summary>Gets the insert of a message and of its network id, in one statement: one row when the message was new.</summary>
    public string InsertMessageWithNetworkId { get; }

    public string IndexNetworkId { get; }

    public string InsertHistory { get; }

    public string SaveOutbox { get; }

    public string VerifyEvent { get; }

    public string VerifyMessage { get; }

    public string VerifyTicket { get; }

    public string CustomerTickets { get; }

    public string TicketMessages { get; }

    public string EraseMessage { get; }

    public string ForgetNetworkIds { get; }

    public string TicketOutbox { get; }

    public string MessagesOutbox { get; }

    public string RewriteOutbox { get; }

    public string UndatedMessages { get; }

    public string DateMessage { get; }

    public string ExpiredMessages { get; }

    public string GetCustomer { get; }

    public string LockCustomer { get; }

    public string ResolveIdentity { get; }

    public string LockIdentity { get; }

    public string FindByPhone { get; }

    public string CreateCustomer { get; }

    public string AddIdentity { get; }

    public string UpdateIdentity { get; }

    public string UpdateCustomer { get; }

    public string LinkIdentity { get; }

    public string IdentityOwner { get; }

    public string UnlinkIdentity { get; }

    public string InsertDelivery { get; }

    public string GetDelivery { get; }

    public string ClaimDeliveries { get; }

    public string CompleteDelivery { get; }

    public string RetryDelivery { get; }

    public string KillDelivery { get; }

    public string ReplayDelivery { get; }

    public string ListDeliveries { get; }

    public string DeleteTicketDeliveries { get; }
}
