using System.Text;
using SocialCare.Abstractions;

namespace SocialCare.Storage.Sqlite;

/// <summary>The statements and write operations of the event-webhook queue (migration 4's <c>event_deliveries</c>).</summary>
internal static class EventDeliverySql
{
    private const string Columns = "seq, id, endpoint, ticket_id, event_type, payload, created_at, state, attempts, next_attempt_at, claimed_until, dead_at, last_error";

    public static readonly Sql Exists = new("SELECT 1 FROM event_deliveries WHERE id = ?1");

    public static readonly Sql Insert = new("""
        INSERT INTO event_deliveries (id, endpoint, ticket_id, event_type, payload, created_at, state, attempts, next_attempt_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0, ?7)
        """);

    public static readonly Sql Get = new($"SELECT {Columns} FROM event_deliveries WHERE id = ?1");

    // The oldest pending delivery of each endpoint and ticket, when it is due and unclaimed (see event_deliveries_heads).
    public static readonly Sql SelectDue = new($"""
        SELECT {Columns} FROM event_deliveries d
        WHERE d.state = 0 AND d.next_attempt_at <= ?1 AND (d.claimed_until IS NULL OR d.claimed_until <= ?1)
          AND NOT EXISTS (SELECT 1 FROM event_deliveries e
                          WHERE e.state = 0 AND e.endpoint = d.endpoint AND e.ticket_id = d.ticket_id AND e.seq < d.seq)
        ORDER BY d.next_attempt_at, d.seq
        LIMIT ?2
        """);

    public static readonly Sql Claim = new("UPDATE event_deliveries SET attempts = attempts + 1, claimed_until = ?2 WHERE seq = ?1");

    public static readonly Sql Complete = new("DELETE FROM event_deliveries WHERE id = ?1 AND state = 0");

    public static readonly Sql Retry = new("UPDATE event_deliveries SET next_attempt_at = ?2, claimed_until = NULL, last_error = ?3 WHERE id = ?1 AND state = 0");

    public static readonly Sql Kill = new("UPDATE event_deliveries SET state = 1, claimed_until = NULL, dead_at = ?2, last_error = ?3 WHERE id = ?1 AND state = 0");

    public static readonly Sql Replay = new("UPDATE event_deliveries SET state = 0, attempts = 0, next_attempt_at = ?2, dead_at = NULL WHERE id = ?1 AND state = 1");

    public static readonly Sql DeleteOfTicket = new("DELETE FROM event_deliveries WHERE ticket_id = ?1");

    /// <summary>Builds the listing query for <paramref name="query"/>; parameters ?1 state, ?2 after, ?3 endpoint, ?4 ticket, ?5 limit.</summary>
    public static string List(EventDeliveryQuery query)
    {
        var sql = new StringBuilder($"SELECT {Columns} FROM event_deliveries WHERE state = ?1 AND seq > ?2");
        if (query.Endpoint is not null)
        {
            sql.Append(" AND endpoint = ?3");
        }

        if (query.TicketId is not null)
        {
            sql.Append(" AND ticket_id = ?4");
        }

        return sql.Append(" ORDER BY seq LIMIT ?5").ToString();
    }

    public static EventDelivery Read(Statement row) => new()
    {
        Sequence = row.GetInt64(0),
        Id = row.GetString(1),
        Endpoint = row.GetString(2),
        TicketId = new TicketId(row.GetString(3)),
        EventType = row.GetString(4),
        Payload = row.GetString(5),
        CreatedAt = Time(row.GetInt64(6)),
        State = (EventDeliveryState)row.GetInt64(7),
        Attempts = (int)row.GetInt64(8),
        NextAttemptAt = Time(row.GetInt64(9)),
        ClaimedUntil = row.IsNull(10) ? null : Time(row.GetInt64(10)),
        DeadAt = row.IsNull(11) ? null : Time(row.GetInt64(11)),
        LastError = row.GetStringOrNull(12),
    };

    public static void CheckNew(SqliteDbConnection connection, IReadOnlyList<EventDelivery> deliveries)
    {
        for (var i = 0; i < deliveries.Count; i++)
        {
            var exists = connection[Exists];
            try
            {
                exists.Bind(1, deliveries[i].Id);
                if (exists.Step())
                {
                    throw new ArgumentException($"Event delivery {deliveries[i].Id} is queued but already stored.", "changes");
                }
            }
            finally
            {
                exists.Reset();
            }
        }
    }

    public static void Add(SqliteDbConnection connection, IReadOnlyList<EventDelivery> deliveries)
    {
        for (var i = 0; i < deliveries.Count; i++)
        {
            var delivery = deliveries[i];
            var insert = connection[Insert];
            insert.Bind(1, delivery.Id);
            insert.Bind(2, delivery.Endpoint);
            insert.Bind(3, delivery.TicketId.Value);
            insert.Bind(4, delivery.EventType);
            insert.Bind(5, delivery.Payload);
            insert.Bind(6, delivery.CreatedAt.UtcTicks);
            insert.Bind(7, delivery.NextAttemptAt.UtcTicks);
            insert.Execute();
        }
    }

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);
}

/// <summary>Claims due deliveries on the writer, so no other claimer (in this process or another) takes them.</summary>
internal sealed class EventDeliveryClaim(DateTimeOffset now, DateTimeOffset claimedUntil, int limit, CancellationToken cancellationToken)
    : WriteOperation<IReadOnlyList<EventDelivery>>(cancellationToken)
{
    protected override IReadOnlyList<EventDelivery> Run(SqliteDbConnection connection)
    {
        var due = new List<EventDelivery>();
        var select = connection[EventDeliverySql.SelectDue];
        try
        {
            select.Bind(1, now.UtcTicks);
            select.Bind(2, limit);
            while (select.Step())
            {
                due.Add(EventDeliverySql.Read(select));
            }
        }
        finally
        {
            select.Reset();
        }

        for (var i = 0; i < due.Count; i++)
        {
            var update = connection[EventDeliverySql.Claim];
            update.Bind(1, due[i].Sequence);
            update.Bind(2, claimedUntil.UtcTicks);
            update.Execute();
            due[i] = due[i] with { Attempts = due[i].Attempts + 1, ClaimedUntil = claimedUntil };
        }

        return due;
    }
}

/// <summary>One update of one delivery (complete, retry, kill, replay) on the writer; the result tells whether a row changed.</summary>
internal sealed class EventDeliveryUpdate(Sql sql, string id, long? time, string? error, CancellationToken cancellationToken)
    : WriteOperation<bool>(cancellationToken)
{
    protected override bool Run(SqliteDbConnection connection)
    {
        var update = connection[sql];
        update.Bind(1, id);
        if (time is { } ticks)
        {
            update.Bind(2, ticks);
        }

        if (error is not null)
        {
            update.Bind(3, error);
        }

        return update.Execute() > 0;
    }
}
