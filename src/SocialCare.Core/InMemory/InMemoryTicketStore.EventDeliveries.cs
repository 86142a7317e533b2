using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>The event-webhook queue of the in-memory store.</summary>
public sealed partial class InMemoryTicketStore
{
    // Deliveries by sequence (recording order), and the sequence of each id.
    private readonly SortedDictionary<long, EventDelivery> _deliveries = [];
    private readonly Dictionary<string, long> _deliveryIds = new(StringComparer.Ordinal);
    private long _lastDeliverySequence;

    /// <summary>Gets how many event deliveries are stored, pending and dead.</summary>
    public int EventDeliveryCount
    {
        get
        {
            lock (_gate)
            {
                return _deliveries.Count;
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>Scans the pending deliveries in recording order: fine for tests and samples, not for a large backlog.</remarks>
    public Task<IReadOnlyList<EventDelivery>> ClaimEventDeliveriesAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            HashSet<(string, TicketId)> heads = [];
            List<EventDelivery> due = [];
            foreach (var delivery in _deliveries.Values)
            {
                if (delivery.State != EventDeliveryState.Pending || !heads.Add((delivery.Endpoint, delivery.TicketId)))
                {
                    continue;
                }

                if (delivery.NextAttemptAt <= now && (delivery.ClaimedUntil is not { } until || until <= now))
                {
                    due.Add(delivery);
                }
            }

            var claimed = due.OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Sequence).Take(limit)
                .Select(d => d with { Attempts = d.Attempts + 1, ClaimedUntil = now + lease })
                .ToList();
            foreach (var delivery in claimed)
            {
                _deliveries[delivery.Sequence] = delivery;
            }

            return Task.FromResult<IReadOnlyList<EventDelivery>>(claimed);
        }
    }

    /// <inheritdoc/>
    public Task<bool> CompleteEventDeliveryAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            if (FindPending(id) is not { } delivery)
            {
                return Task.FromResult(false);
            }

            _deliveries.Remove(delivery.Sequence);
            _deliveryIds.Remove(id);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task<bool> RetryEventDeliveryAsync(string id, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            if (FindPending(id) is not { } delivery)
            {
                return Task.FromResult(false);
            }

            _deliveries[delivery.Sequence] = delivery with { NextAttemptAt = nextAttemptAt, ClaimedUntil = null, LastError = error };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task<bool> KillEventDeliveryAsync(string id, DateTimeOffset at, string error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            if (FindPending(id) is not { } delivery)
            {
                return Task.FromResult(false);
            }

            _deliveries[delivery.Sequence] = delivery with { State = EventDeliveryState.Dead, ClaimedUntil = null, DeadAt = at, LastError = error };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task<bool> ReplayEventDeliveryAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            if (!_deliveryIds.TryGetValue(id, out var sequence) || _deliveries[sequence] is not { State: EventDeliveryState.Dead } delivery)
            {
                return Task.FromResult(false);
            }

            _deliveries[sequence] = delivery with { State = EventDeliveryState.Pending, Attempts = 0, NextAttemptAt = now, DeadAt = null };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task<EventDelivery?> GetEventDeliveryAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            return Task.FromResult(_deliveryIds.TryGetValue(id, out var sequence) ? _deliveries[sequence] : null);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<EventDelivery>> ListEventDeliveriesAsync(EventDeliveryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        lock (_gate)
        {
            IReadOnlyList<EventDelivery> page =
            [
                .. _deliveries.Values
                    .Where(d => d.State == query.State
                        && (query.After is not { } after || d.Sequence > after)
                        && (query.Endpoint is null || d.Endpoint == query.Endpoint)
                        && (query.TicketId is not { } ticket || d.TicketId == ticket))
                    .Take(query.Limit),
            ];
            return Task.FromResult(page);
        }
    }

    private void CheckEventDeliveries(IReadOnlyList<EventDelivery> deliveries)
    {
        for (var i = 0; i < deliveries.Count; i++)
        {
            if (_deliveryIds.ContainsKey(deliveries[i].Id))
            {
                throw new ArgumentException($"Event delivery {deliveries[i].Id} is queued but already stored.", "changes");
            }
        }
    }

    private void AddEventDelivery(EventDelivery delivery)
    {
        var sequence = ++_lastDeliverySequence;
        _deliveries.Add(sequence, delivery with { Sequence = sequence, State = EventDeliveryState.Pending, Attempts = 0, ClaimedUntil = null, DeadAt = null });
        _deliveryIds.Add(delivery.Id, sequence);
    }

    private EventDelivery? FindPending(string id)
        => _deliveryIds.TryGetValue(id, out var sequence) && _deliveries[sequence] is { State: EventDeliveryState.Pending } delivery ? delivery : null;

    private void RemoveEventDeliveries(TicketId ticket)
    {
        if (_deliveries.Count == 0)
        {
            return;
        }

        foreach (var delivery in _deliveries.Values.Where(d => d.TicketId == ticket).ToList())
        {
            _deliveries.Remove(delivery.Sequence);
            _deliveryIds.Remove(delivery.Id);
        }
    }
}
