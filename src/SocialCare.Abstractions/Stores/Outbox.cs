namespace SocialCare.Abstractions;

/// <summary>Where an outbox entry is on its way to the network.</summary>
public enum OutboxState
{
    /// <summary>Waiting to be sent (first time, or again after a transient failure).</summary>
    Queued = 0,

    /// <summary>Claimed by a dispatcher that is sending it now.</summary>
    Sending = 1,

    /// <summary>The network accepted it (terminal).</summary>
    Sent = 2,

    /// <summary>It could not be delivered (terminal); the reason is in <see cref="OutboxEntry.LastError"/>.</summary>
    Failed = 3,
}

/// <summary>A reply waiting to be sent: stored with its message in the same commit, then sent once by a dispatcher.</summary>
/// <param name="MessageId">The message the entry sends (its id is also the entry's id).</param>
/// <param name="TicketId">The ticket the message belongs to.</param>
/// <param name="Message">What to give the channel adapter.</param>
/// <param name="EnqueuedAt">When the entry was stored.</param>
public sealed record OutboxEntry(MessageId MessageId, TicketId TicketId, OutboundMessage Message, DateTimeOffset EnqueuedAt)
{
    /// <summary>Gets where the entry is.</summary>
    public OutboxState State { get; init; }

    /// <summary>Gets how many times a dispatcher claimed it.</summary>
    public int Attempts { get; init; }

    /// <summary>Gets the earliest time the entry may be claimed.</summary>
    public DateTimeOffset NextAttemptAt { get; init; }

    /// <summary>Gets until when the current claim holds, while <see cref="State"/> is <see cref="OutboxState.Sending"/>.</summary>
    public DateTimeOffset? ClaimedUntil { get; init; }

    /// <summary>Gets the last error, when an attempt failed.</summary>
    public DeliveryFailure? LastError { get; init; }
}

/// <summary>Which tickets to list, for <see cref="ITicketStore.QueryTicketsAsync"/>.</summary>
/// <remarks>
/// Every filter that is set must match. Results come in creation order (by <see cref="TicketId"/>, which grows with
/// time), oldest first or newest first; page with <see cref="After"/> set to the last id of the previous page.
/// </remarks>
public sealed record TicketQuery
{
    /// <summary>Gets the states to include; <see langword="null"/> for all.</summary>
    public IReadOnlyCollection<TicketState>? States { get; init; }

    /// <summary>Gets the customer whose tickets to list.</summary>
    public CustomerId? Customer { get; init; }

    /// <summary>Gets the agent whose tickets to list.</summary>
    public AgentId? Assignee { get; init; }

    /// <summary>Gets a value indicating whether to list only tickets without an assignee.</summary>
    public bool UnassignedOnly { get; init; }

    /// <summary>Gets the channel whose tickets to list.</summary>
    public ChannelId? Channel { get; init; }

    /// <summary>Gets the earliest creation time to include.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Gets the creation time before which to include tickets (exclusive).</summary>
    public DateTimeOffset? CreatedBefore { get; init; }

    /// <summary>Gets the id after which the page starts (in the chosen order), for paging.</summary>
    public TicketId? After { get; init; }

    /// <summary>Gets a value indicating whether to list newest first.</summary>
    public bool NewestFirst { get; init; }

    /// <summary>Gets the largest number of tickets to return.</summary>
    /// <value>The default is 100.</value>
    public int Limit { get; init; } = 100;
}
