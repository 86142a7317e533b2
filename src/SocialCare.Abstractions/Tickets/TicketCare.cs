namespace SocialCare.Abstractions;

/// <summary>A satisfaction survey (CSAT) on a ticket: when the customer was asked, and their answer.</summary>
/// <param name="RequestedAt">When the question was sent. A ticket is asked at most once.</param>
public sealed record TicketSatisfaction(DateTimeOffset RequestedAt)
{
    /// <summary>Gets the customer's rating, 1 (very unhappy) to 5 (very happy), once they answered.</summary>
    public int? Rating { get; init; }

    /// <summary>Gets when the customer answered.</summary>
    public DateTimeOffset? RatedAt { get; init; }

    /// <summary>Gets the agent the rating is credited to: the ticket's assignee when it was resolved.</summary>
    public AgentId? Agent { get; init; }
}

/// <summary>What automation did on a ticket: automatic answers, out-of-hours notices, a customer's wish for a person.</summary>
public sealed record TicketAutomation
{
    /// <summary>Gets how many automatic answers (FAQ, self-service, out-of-hours) were sent on the ticket.</summary>
    public int AutomaticReplies { get; init; }

    /// <summary>Gets when the last automatic answer was sent.</summary>
    public DateTimeOffset? LastAutomaticReplyAt { get; init; }

    /// <summary>Gets when the last out-of-hours notice was sent; at most one per closed period of the business calendar.</summary>
    public DateTimeOffset? OutOfHoursNoticeAt { get; init; }

    /// <summary>
    /// Gets when the customer asked for a person (a handover keyword, or a question after an automatic answer): from then
    /// on nothing answers the ticket automatically.
    /// </summary>
    public DateTimeOffset? HumanRequestedAt { get; init; }

    /// <summary>Gets the agent the customer asked for by name, when they did.</summary>
    public AgentId? RequestedAgent { get; init; }
}

/// <summary>How an identity came to belong to a customer, or stopped belonging: one entry of a customer's link history.</summary>
public enum IdentityLinkAction
{
    /// <summary>The identity was linked to the customer.</summary>
    Linked = 0,

    /// <summary>The identity was unlinked from the customer.</summary>
    Unlinked = 1,

    /// <summary>The customer was merged into another one (<see cref="IdentityLinkRecord.OtherCustomer"/>); their identities moved there.</summary>
    MergedInto = 2,

    /// <summary>Another customer (<see cref="IdentityLinkRecord.OtherCustomer"/>) was merged into this one.</summary>
    MergedFrom = 3,

    /// <summary>A merge with <see cref="IdentityLinkRecord.OtherCustomer"/> was undone.</summary>
    MergeUndone = 4,
}

/// <summary>One entry of a customer's link history: who linked or unlinked what, when and why.</summary>
/// <param name="Action">What happened.</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who did it (an agent id, <c>system</c>, or the host's name for its CRM).</param>
/// <param name="Reason">Why, in a few words for people.</param>
public sealed record IdentityLinkRecord(IdentityLinkAction Action, DateTimeOffset At, string Actor, string Reason)
{
    /// <summary>Gets the identity linked or unlinked; for a merge, absent (see <see cref="Identities"/>).</summary>
    public Participant? Identity { get; init; }

    /// <summary>
    /// Gets the other customer of a merge, or of a move: on a <see cref="IdentityLinkAction.Linked"/> entry the customer
    /// the identity was taken from, on an <see cref="IdentityLinkAction.Unlinked"/> entry the customer that took it.
    /// </summary>
    public CustomerId? OtherCustomer { get; init; }

    /// <summary>Gets the identities a merge moved, so that undoing it moves exactly those back.</summary>
    public IReadOnlyList<Participant> Identities { get; init; } = [];
}
