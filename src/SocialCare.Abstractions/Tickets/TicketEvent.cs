using System.Text.Json.Serialization;

namespace SocialCare.Abstractions;

/// <summary>Something that happened to a ticket, published to the host's <see cref="ITicketEventSink"/>s after it was stored.</summary>
/// <param name="TicketId">The ticket.</param>
/// <param name="OccurredAt">When it happened.</param>
/// <remarks>A closed hierarchy of sealed records; JSON carries the kind in a <c>type</c> property.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(TicketCreated), "ticket.created")]
[JsonDerivedType(typeof(MessageAppended), "message.appended")]
[JsonDerivedType(typeof(MessageUpdated), "message.updated")]
[JsonDerivedType(typeof(TicketStateChanged), "ticket.state_changed")]
[JsonDerivedType(typeof(TicketAssigned), "ticket.assigned")]
[JsonDerivedType(typeof(TicketPriorityChanged), "ticket.priority_changed")]
[JsonDerivedType(typeof(TicketMerged), "ticket.merged")]
[JsonDerivedType(typeof(SlaWarning), "sla.warning")]
[JsonDerivedType(typeof(SlaBreached), "sla.breached")]
[JsonDerivedType(typeof(ReplyFailed), "reply.failed")]
[JsonDerivedType(typeof(SatisfactionRated), "satisfaction.rated")]
public abstract record TicketEvent(TicketId TicketId, DateTimeOffset OccurredAt);

/// <summary>A ticket was opened.</summary>
/// <param name="TicketId">The ticket.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Ticket">The new ticket.</param>
public sealed record TicketCreated(TicketId TicketId, DateTimeOffset OccurredAt, Ticket Ticket) : TicketEvent(TicketId, OccurredAt);

/// <summary>A message was added to a ticket's timeline.</summary>
/// <param name="TicketId">The ticket.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Message">The message.</param>
public sealed record MessageAppended(TicketId TicketId, DateTimeOffset OccurredAt, Message Message) : TicketEvent(TicketId, OccurredAt);

/// <summary>A message on a ticket changed: edited, deleted, or its delivery status moved.</summary>
/// <param name="TicketId">The ticket.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Message">The message as it is now.</param>
public sealed record MessageUpdated(TicketId TicketId, DateTimeOffset OccurredAt, Message Message) : TicketEvent(TicketId, OccurredAt);

/// <summary>A ticket moved from one state to another.</summary>
/// <param name="TicketId">The ticket.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="From">The state before.</param>
/// <param name="To">The state after.</param>
/// <param name="Reason">Why.</param>
public sealed record TicketStateChanged(TicketId TicketId, DateTimeOffset OccurredAt, TicketState From, TicketState To, string Reason)
    : TicketEvent(TicketId, OccurredAt);

/// <summary>A ticket was given to an agent, taken back into the queue, or moved to another agent.</summary>
/// <param name="TicketId">The ticket.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Previous">The agent who had it before, when any.</param>
/// <param name="Assignee">The agent who has it now; <see langword="null"/> when it went back to the queue.</param>
/// <param name="Reason">Why (for example <c>round robin</c>, <c>sticky</c>, <c>agent offline</c>, <c>manual</c>).</param>
public sealed record TicketAssigned(TicketId TicketId, DateTimeOffset OccurredAt, AgentId? Previous, AgentId? Assignee, string Reason)
    : TicketEvent(TicketId, OccurredAt);

/// <summary>A ticket's priority changed.</summary>
/// <param name="TicketId">The ticket.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="From">The priority before.</param>
/// <param name="To">The priority after.</param>
/// <param name="Reason">Why (the rule that raised it, or <c>manual</c>).</param>
public sealed record TicketPriorityChanged(TicketId TicketId, DateTimeOffset OccurredAt, TicketPriority From, TicketPriority To, string Reason)
    : TicketEvent(TicketId, OccurredAt);

/// <summary>A ticket was merged into another: it is now <see cref="TicketState.Merged"/> and its messages live in the target.</summary>
/// <param name="TicketId">The merged (source) ticket.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Target">The ticket it was merged into.</param>
/// <param name="MovedMessages">How many messages moved to the target.</param>
public sealed record TicketMerged(TicketId TicketId, DateTimeOffset OccurredAt, TicketId Target, int MovedMessages)
    : TicketEvent(TicketId, OccurredAt);

/// <summary>An SLA clock reached its warning share: the target is near.</summary>
/// <param name="TicketId">The ticket.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Metric">The clock.</param>
/// <param name="DueAt">When the target falls due if the clock keeps running.</param>
public sealed record SlaWarning(TicketId TicketId, DateTimeOffset OccurredAt, SlaMetric Metric, DateTimeOffset DueAt)
    : TicketEvent(TicketId, OccurredAt);

/// <summary>An SLA clock reached its target before its goal was met.</summary>
/// <param name="TicketId">The ticket.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Metric">The clock.</param>
/// <param name="DueAt">When the target fell due.</param>
public sealed record SlaBreached(TicketId TicketId, DateTimeOffset OccurredAt, SlaMetric Metric, DateTimeOffset DueAt)
    : TicketEvent(TicketId, OccurredAt);

/// <summary>A reply could not be delivered: the network refused it, or it could not be reached in time.</summary>
/// <param name="TicketId">The ticket.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Message">The reply, with its <see cref="Message.Failure"/>.</param>
/// <param name="Failure">Why it failed.</param>
public sealed record ReplyFailed(TicketId TicketId, DateTimeOffset OccurredAt, Message Message, DeliveryFailure Failure)
    : TicketEvent(TicketId, OccurredAt);

/// <summary>A customer answered the satisfaction survey of a resolved ticket.</summary>
/// <param name="TicketId">The ticket.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Rating">The rating, 1 (very unhappy) to 5 (very happy).</param>
/// <param name="Agent">The agent the rating is credited to, when the ticket had one.</param>
public sealed record SatisfactionRated(TicketId TicketId, DateTimeOffset OccurredAt, int Rating, AgentId? Agent) : TicketEvent(TicketId, OccurredAt);
