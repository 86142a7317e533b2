namespace SocialCare.Abstractions;

/// <summary>Where an <see cref="EventDelivery"/> stands.</summary>
public enum EventDeliveryState
{
    /// <summary>Waiting for its first or next attempt, or being attempted (see <see cref="EventDelivery.ClaimedUntil"/>).</summary>
    Pending = 0,

    /// <summary>Given up after its retries ran out: a dead letter, kept until it is replayed.</summary>
    Dead = 1,
}

/// <summary>
/// One ticket event on its way to one event-webhook endpoint: queued in the store in the same commit as the change it
/// describes, so that a crash loses none.
/// </summary>
/// <remarks>
/// A delivery that reaches its endpoint is removed from the store. Times come back from the store in UTC.
/// </remarks>
public sealed record EventDelivery
{
    /// <summary>Gets the delivery's id, unique in the store; sent as the <c>webhook-id</c> header, the same on every attempt, so receivers can drop repeats.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the name of the endpoint the delivery is for.</summary>
    public required string Endpoint { get; init; }

    /// <summary>Gets the ticket the event is about; deliveries of one ticket to one endpoint go out in <see cref="Sequence"/> order.</summary>
    public required TicketId TicketId { get; init; }

    /// <summary>Gets the event's type, as in the payload (for example <c>ticket.created</c>).</summary>
    public required string EventType { get; init; }

    /// <summary>Gets the JSON body to send.</summary>
    public required string Payload { get; init; }

    /// <summary>Gets when the event was queued.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets the order in which the store recorded the delivery; 0 until it is stored.</summary>
    public long Sequence { get; init; }

    /// <summary>Gets where the delivery stands.</summary>
    public EventDeliveryState State { get; init; }

    /// <summary>Gets how many times the delivery was claimed for an attempt.</summary>
    public int Attempts { get; init; }

    /// <summary>Gets when the next attempt is due.</summary>
    public DateTimeOffset NextAttemptAt { get; init; }

    /// <summary>Gets until when the last claim holds; another claimer may take the delivery after that.</summary>
    public DateTimeOffset? ClaimedUntil { get; init; }

    /// <summary>Gets when the delivery became a dead letter, for <see cref="EventDeliveryState.Dead"/>.</summary>
    public DateTimeOffset? DeadAt { get; init; }

    /// <summary>Gets why the last attempt failed (the status code, or the connection error), without the response body.</summary>
    public string? LastError { get; init; }
}

/// <summary>A page of <see cref="EventDelivery"/> records to list.</summary>
/// <param name="State">The state to list.</param>
public sealed record EventDeliveryQuery(EventDeliveryState State)
{
    /// <summary>Gets the endpoint to list, or <see langword="null"/> for every endpoint.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Gets the ticket to list, or <see langword="null"/> for every ticket.</summary>
    public TicketId? TicketId { get; init; }

    /// <summary>Gets the <see cref="EventDelivery.Sequence"/> after which the page starts (the last one of the previous page), or <see langword="null"/> for the first page.</summary>
    public long? After { get; init; }

    /// <summary>Gets the largest number of deliveries to return; 100 by default.</summary>
    public int Limit { get; init; } = 100;
}
