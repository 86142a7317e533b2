namespace SocialCare.Abstractions;

/// <summary>
/// The durable queue of event-webhook deliveries: written by <see cref="ITicketStore.CommitAsync"/> (from
/// <see cref="TicketChangeSet.EventDeliveries"/>, in the same transaction as the change), drained by the event-webhook
/// dispatcher.
/// </summary>
/// <remarks>
/// <para>
/// Implemented by the ticket stores that keep event deliveries (the in-memory, SQLite and PostgreSQL stores do), on the
/// same object as the <see cref="ITicketStore"/>. Thread-safe; with a shared database, safe across processes: a claim is
/// atomic, so one delivery is attempted by one claimer at a time.
/// </para>
/// <para>
/// Order: deliveries of one ticket to one endpoint are claimed one at a time, oldest first. Only the oldest pending
/// delivery of each endpoint and ticket can be claimed; a dead letter no longer holds the others back, and a replayed
/// one takes its place at the head again.
/// </para>
/// </remarks>
public interface IEventDeliveryStore
{
    /// <summary>
    /// Claims due deliveries: for each endpoint and ticket, its oldest pending delivery, when that one is due
    /// (<see cref="EventDelivery.NextAttemptAt"/> at or before <paramref name="now"/>) and not claimed (no claim, or one
    /// that ran out). Each comes back with <see cref="EventDelivery.Attempts"/> one higher and
    /// <see cref="EventDelivery.ClaimedUntil"/> set to <paramref name="now"/> + <paramref name="lease"/>.
    /// </summary>
    /// <param name="now">The current time.</param>
    /// <param name="lease">How long the claim holds.</param>
    /// <param name="limit">The largest number of deliveries to claim.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The claimed deliveries, earliest due first, then in recording order.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is less than 1, or <paramref name="lease"/> is not positive.</exception>
    Task<IReadOnlyList<EventDelivery>> ClaimEventDeliveriesAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken);

    /// <summary>Records that a pending delivery reached its endpoint: it is removed.</summary>
    /// <param name="id">The delivery's id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when a pending delivery was removed; <see langword="false"/> when there was none with that id (already completed) or it is a dead letter.</returns>
    Task<bool> CompleteEventDeliveryAsync(string id, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt of a pending delivery and when to try again; its claim ends.</summary>
    /// <param name="id">The delivery's id.</param>
    /// <param name="nextAttemptAt">When the next attempt is due.</param>
    /// <param name="error">Why the attempt failed.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when a pending delivery was updated.</returns>
    Task<bool> RetryEventDeliveryAsync(string id, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken);

    /// <summary>Parks a pending delivery as a dead letter: it is not attempted again until replayed.</summary>
    /// <param name="id">The delivery's id.</param>
    /// <param name="at">When it was given up.</param>
    /// <param name="error">Why the last attempt failed.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when a pending delivery was parked.</returns>
    Task<bool> KillEventDeliveryAsync(string id, DateTimeOffset at, string error, CancellationToken cancellationToken);

    /// <summary>Puts a dead letter back in the queue, due at once, with its attempts counted from zero.</summary>
    /// <param name="id">The delivery's id.</param>
    /// <param name="now">The current time: the new <see cref="EventDelivery.NextAttemptAt"/>.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when a dead letter was queued again; <see langword="false"/> when there is none with that id.</returns>
    Task<bool> ReplayEventDeliveryAsync(string id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Reads a delivery.</summary>
    /// <param name="id">The delivery's id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The delivery, or <see langword="null"/> when none has that id (it may have been delivered).</returns>
    Task<EventDelivery?> GetEventDeliveryAsync(string id, CancellationToken cancellationToken);

    /// <summary>Lists deliveries in one state, in recording order, one page at a time.</summary>
    /// <param name="query">The state, filters and page.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>At most <see cref="EventDeliveryQuery.Limit"/> deliveries.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="EventDeliveryQuery.Limit"/> is less than 1.</exception>
    Task<IReadOnlyList<EventDelivery>> ListEventDeliveriesAsync(EventDeliveryQuery query, CancellationToken cancellationToken);
}
