namespace SocialCare.Abstractions;

/// <summary>Where a ticket is in its life.</summary>
public enum TicketState
{
    /// <summary>Just opened; nobody has worked on it yet.</summary>
    New = 0,

    /// <summary>Being worked on.</summary>
    Open = 1,

    /// <summary>Waiting for the customer.</summary>
    Pending = 2,

    /// <summary>Waiting for a third party.</summary>
    OnHold = 3,

    /// <summary>Solved; the customer may still reopen it for a while.</summary>
    Resolved = 4,

    /// <summary>Finished for good (terminal): a new message opens a follow-up ticket.</summary>
    Closed = 5,

    /// <summary>Merged into another ticket (terminal): its messages live on in the target.</summary>
    Merged = 6,
}

/// <summary>How urgent a ticket is.</summary>
public enum TicketPriority
{
    /// <summary>Can wait.</summary>
    Low = 0,

    /// <summary>The default.</summary>
    Normal = 1,

    /// <summary>Needs attention soon (a public complaint, say).</summary>
    High = 2,

    /// <summary>Needs attention now.</summary>
    Urgent = 3,
}

/// <summary>A ticket: one customer's request on one conversation, worked until it is solved.</summary>
/// <param name="Id">The ticket's id.</param>
/// <param name="Conversation">The conversation the ticket threads.</param>
/// <param name="Customer">The customer.</param>
/// <param name="State">Where the ticket is in its life.</param>
/// <param name="CreatedAt">When it was opened.</param>
/// <param name="Version">
/// The version for optimistic concurrency: 1 when created, one more at every save. A store refuses a save whose
/// expected version is not the stored one.
/// </param>
/// <remarks>Immutable: a change produces a new instance through <c>with</c>, saved with the version it was read at.</remarks>
public sealed record Ticket(
    TicketId Id,
    ConversationRef Conversation,
    CustomerId Customer,
    TicketState State,
    DateTimeOffset CreatedAt,
    long Version)
{
    /// <summary>Gets how urgent the ticket is.</summary>
    /// <value>The default is <see cref="TicketPriority.Normal"/>.</value>
    public TicketPriority Priority { get; init; } = TicketPriority.Normal;

    /// <summary>Gets the agent working on it, when assigned.</summary>
    public AgentId? Assignee { get; init; }

    /// <summary>Gets when the ticket last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Gets when the customer last wrote.</summary>
    public DateTimeOffset? LastCustomerMessageAt { get; init; }

    /// <summary>Gets when the brand last answered.</summary>
    public DateTimeOffset? LastAgentMessageAt { get; init; }

    /// <summary>Gets the ticket this one follows up, when it was opened after an earlier one was closed.</summary>
    public TicketId? PreviousTicket { get; init; }

    /// <summary>Gets the ticket this one was merged into, when <see cref="State"/> is <see cref="TicketState.Merged"/>.</summary>
    public TicketId? MergedInto { get; init; }

    /// <summary>Gets when the ticket entered its current <see cref="State"/>.</summary>
    public DateTimeOffset StateChangedAt { get; init; }

    /// <summary>Gets when a person first answered the customer (a public or private reply, not a note).</summary>
    public DateTimeOffset? FirstResponseAt { get; init; }

    /// <summary>Gets when the ticket was last resolved.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Gets how many times a customer's message reopened the ticket after it was resolved.</summary>
    public int ReopenCount { get; init; }

    /// <summary>Gets the skills an agent needs to take the ticket (for example <c>billing</c>); empty when any agent can.</summary>
    public IReadOnlyList<string> RequiredSkills { get; init; } = [];

    /// <summary>Gets the ticket's service-level clocks, when an SLA policy applies to it.</summary>
    public TicketSla? Sla { get; init; }

    /// <summary>
    /// Gets the next moment something is due on the ticket without anyone acting (an SLA warning or breach, an automatic
    /// resolve or close); <see langword="null"/> when nothing is. Stores index it so that the scheduler finds due tickets.
    /// </summary>
    public DateTimeOffset? WakeAt { get; init; }

    /// <summary>
    /// Gets a value indicating whether another application controls the conversation (Messenger's handover protocol:
    /// the Page Inbox or another bot owns the thread). Nothing should answer it automatically while it does.
    /// </summary>
    public bool ControlledElsewhere { get; init; }

    /// <summary>
    /// Gets a value indicating whether the network refused a public reply on this public thread (an error of kind
    /// <see cref="ChannelErrorKind.PublicReplyRefused"/>), so that only a private reply is offered until the customer posts
    /// again.
    /// </summary>
    public bool PublicReplyRefused { get; init; }

    /// <summary>Gets the ticket's satisfaction survey, once the customer was asked.</summary>
    public TicketSatisfaction? Satisfaction { get; init; }

    /// <summary>Gets what automation did on the ticket, when it did anything.</summary>
    public TicketAutomation? Automation { get; init; }

    /// <summary>
    /// Gets when the customer's data was erased (see <see cref="ITicketStore.EraseCustomerAsync"/>): the ticket is kept
    /// for the metrics, anonymised, with its messages' content redacted.
    /// </summary>
    public DateTimeOffset? ErasedAt { get; init; }

    /// <summary>Gets a value indicating whether the ticket is still active: not <see cref="TicketState.Closed"/> or <see cref="TicketState.Merged"/>.</summary>
    public bool IsActive => State is not (TicketState.Closed or TicketState.Merged);
}

/// <summary>One change in a ticket's life, kept in its history.</summary>
/// <param name="TicketId">The ticket.</param>
/// <param name="At">When it changed.</param>
/// <param name="From">The state before.</param>
/// <param name="To">The state after (the same as <paramref name="From"/> for changes that keep the state).</param>
/// <param name="Reason">Why, in a few words for people (for example <c>created</c>, <c>customer replied</c>).</param>
public sealed record TicketHistoryEntry(TicketId TicketId, DateTimeOffset At, TicketState From, TicketState To, string Reason)
{
    /// <summary>Gets who made the change.</summary>
    /// <value>The default is <see cref="AuthorKind.System"/>.</value>
    public AuthorKind Actor { get; init; } = AuthorKind.System;

    /// <summary>Gets the agent who made the change, when a person did.</summary>
    public AgentId? Agent { get; init; }
}
