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
