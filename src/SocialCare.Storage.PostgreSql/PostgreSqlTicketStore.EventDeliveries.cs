using Npgsql;
using SocialCare.Abstractions;
using static SocialCare.Storage.PostgreSql.Db;

namespace SocialCare.Storage.PostgreSql;

/// <summary>The event-webhook queue of the PostgreSQL store: the <c>event_deliveries</c> table (schema version 4).</summary>
public sealed partial class PostgreSqlTicketStore
{
    /// <inheritdoc/>
    /// <remarks>
    /// One statement: <c>UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED) … RETURNING</c>, so that concurrent claimers on
    /// any instance skip each other's rows and each delivery is claimed by one of them at a time.
    /// </remarks>
    public Task<IReadOnlyList<EventDelivery>> ClaimEventDeliveriesAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        CheckClaim(now, lease, limit);

        cancellationToken.ThrowIfCancellationRequested();
        return _db.RunAsync(
            "event delivery claim",
            (Sql: _sql.ClaimDeliveries, Now: Ticks(now), Limit: limit, Until: Ticks(now + lease)),
            static async (s, dataSource, ct) =>
            {
                using var command = Command(dataSource, s.Sql, Bigint(s.Now), Integer(s.Limit), Bigint(s.Until));
                var claimed = await ReadDeliveriesAsync(command, ct).ConfigureAwait(false);

                // RETURNING has no order: put them back in queue order.
                claimed.Sort(static (a, b) =>
                {
                    var order = a.NextAttemptAt.CompareTo(b.NextAttemptAt);
                    return order != 0 ? order : a.Sequence.CompareTo(b.Sequence);
                });
                return (IReadOnlyList<EventDelivery>)claimed;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> CompleteEventDeliveryAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return UpdateDeliveryAsync("event delivery completion", _sql.CompleteDelivery, [Text(id)], cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> RetryEventDeliveryAsync(string id, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(error);
        return UpdateDeliveryAsync("event delivery retry", _sql.RetryDelivery, [Text(id), Bigint(Ticks(nextAttemptAt)), Text(error)], cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> KillEventDeliveryAsync(string id, DateTimeOffset at, string error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(error);
        return UpdateDeliveryAsync("event delivery dead letter", _sql.KillDelivery, [Text(id), Bigint(Ticks(at)), Text(error)], cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> ReplayEventDeliveryAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return UpdateDeliveryAsync("event delivery replay", _sql.ReplayDelivery, [Text(id), Bigint(Ticks(now))], cancellationToken);
    }

    /// <inheritdoc/>
    public Task<EventDelivery?> GetEventDeliveryAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _db.RunAsync(
            "event delivery read",
            (Sql: _sql.GetDelivery, Id: id),
            static async (s, dataSource, ct) =>
            {
                using var command = Command(dataSource, s.Sql, Text(s.Id));
                var found = await ReadDeliveriesAsync(command, ct).ConfigureAwait(false);
                return found.Count == 0 ? null : found[0];
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<EventDelivery>> ListEventDeliveriesAsync(EventDeliveryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        return _db.RunAsync(
            "event delivery list",
            (Sql: _sql.ListDeliveries, Query: query),
            static async (s, dataSource, ct) =>
            {
                using var command = Command(
                    dataSource,
                    s.Sql,
                    Smallint((short)s.Query.State),
                    Bigint(s.Query.After ?? 0),
                    NullableText(s.Query.Endpoint),
                    NullableText(s.Query.TicketId?.Value),
                    Integer(s.Query.Limit));
                return (IReadOnlyList<EventDelivery>)await ReadDeliveriesAsync(command, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    private static async Task<List<EventDelivery>> ReadDeliveriesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        List<EventDelivery> deliveries = [];
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                deliveries.Add(new EventDelivery
                {
                    Sequence = reader.GetInt64(0),
                    Id = reader.GetString(1),
                    Endpoint = reader.GetString(2),
                    TicketId = new TicketId(reader.GetString(3)),
                    EventType = reader.GetString(4),
                    Payload = reader.GetString(5),
                    CreatedAt = new DateTimeOffset(reader.GetInt64(6), TimeSpan.Zero),
                    State = (EventDeliveryState)reader.GetInt16(7),
                    Attempts = reader.GetInt32(8),
                    NextAttemptAt = new DateTimeOffset(reader.GetInt64(9), TimeSpan.Zero),
                    ClaimedUntil = reader.IsDBNull(10) ? null : new DateTimeOffset(reader.GetInt64(10), TimeSpan.Zero),
                    DeadAt = reader.IsDBNull(11) ? null : new DateTimeOffset(reader.GetInt64(11), TimeSpan.Zero),
                    LastError = reader.IsDBNull(12) ? null : reader.GetString(12),
                });
            }
        }

        return deliveries;
    }

    private Task<bool> UpdateDeliveryAsync(string operation, string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
        => _db.RunAsync(
            operation,
            (Sql: sql, Parameters: parameters),
            static async (s, dataSource, ct) =>
            {
                // Parameters belong to one command at a time: a retry gets copies.
                using var command = Command(dataSource, s.Sql, [.. s.Parameters.Select(p => p.Clone())]);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
            },
            cancellationToken);
}
