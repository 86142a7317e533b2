using SocialCare.Abstractions;

namespace SocialCare.Storage.Sqlite;

/// <summary>The event-webhook queue of the SQLite store: the <c>event_deliveries</c> table, written on the writer.</summary>
public sealed partial class SqliteTicketStore
{
    /// <inheritdoc/>
    /// <remarks>Runs on the writer, inside a write transaction, so no other claimer, in this process or another, gets the same deliveries.</remarks>
    public Task<IReadOnlyList<EventDelivery>> ClaimEventDeliveriesAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        CheckClaim(now, lease, limit);

        return _database.WriteAsync(new EventDeliveryClaim(now, now + lease, limit, cancellationToken), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> CompleteEventDeliveryAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _database.WriteAsync(new EventDeliveryUpdate(EventDeliverySql.Complete, id, null, null, cancellationToken), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> RetryEventDeliveryAsync(string id, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(error);
        return _database.WriteAsync(new EventDeliveryUpdate(EventDeliverySql.Retry, id, nextAttemptAt.UtcTicks, error, cancellationToken), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> KillEventDeliveryAsync(string id, DateTimeOffset at, string error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(error);
        return _database.WriteAsync(new EventDeliveryUpdate(EventDeliverySql.Kill, id, at.UtcTicks, error, cancellationToken), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> ReplayEventDeliveryAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _database.WriteAsync(new EventDeliveryUpdate(EventDeliverySql.Replay, id, now.UtcTicks, null, cancellationToken), cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<EventDelivery?> GetEventDeliveryAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var connection = await _database.RentReaderAsync(cancellationToken).ConfigureAwait(false);
        var select = connection[EventDeliverySql.Get];
        try
        {
            select.Bind(1, id);
            return select.Step() ? EventDeliverySql.Read(select) : null;
        }
        finally
        {
            select.Reset();
            _database.Return(connection);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<EventDelivery>> ListEventDeliveriesAsync(EventDeliveryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        var connection = await _database.RentReaderAsync(cancellationToken).ConfigureAwait(false);
        var select = connection.Dynamic(EventDeliverySql.List(query));
        try
        {
            select.Bind(1, (long)query.State);
            select.Bind(2, query.After ?? 0);
            if (query.Endpoint is { } endpoint)
            {
                select.Bind(3, endpoint);
            }

            if (query.TicketId is { } ticket)
            {
                select.Bind(4, ticket.Value);
            }

            select.Bind(5, query.Limit);
            var page = new List<EventDelivery>();
            while (select.Step())
            {
                page.Add(EventDeliverySql.Read(select));
            }

            return page;
        }
        finally
        {
            select.Reset();
            _database.Return(connection);
        }
    }
}
