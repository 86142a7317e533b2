using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>The type names of ticket events in event webhooks: the same as the <c>type</c> discriminator of <see cref="TicketEvent"/>'s JSON.</summary>
public static class EventWebhookTypes
{
    /// <summary>Gets every event type, in the order <see cref="TicketEvent"/> declares them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "ticket.created", "message.appended", "message.updated", "ticket.state_changed", "ticket.assigned", "ticket.priority_changed",
        "ticket.merged", "sla.warning", "sla.breached", "reply.failed", "satisfaction.rated",
    ];

    /// <summary>Returns the type name of an event.</summary>
    /// <param name="ticketEvent">The event.</param>
    /// <returns>Its type name, as in the payload's <c>type</c>.</returns>
    /// <exception cref="ArgumentException">The event is of a type SocialCare does not define.</exception>
    public static string Of(TicketEvent ticketEvent) => ticketEvent switch
    {
        TicketCreated => "ticket.created",
        MessageAppended => "message.appended",
        MessageUpdated => "message.updated",
        TicketStateChanged => "ticket.state_changed",
        TicketAssigned => "ticket.assigned",
        TicketPriorityChanged => "ticket.priority_changed",
        TicketMerged => "ticket.merged",
        SlaWarning => "sla.warning",
        SlaBreached => "sla.breached",
        ReplyFailed => "reply.failed",
        SatisfactionRated => "satisfaction.rated",
        null => throw new ArgumentNullException(nameof(ticketEvent)),
        _ => throw new ArgumentException($"{ticketEvent.GetType().Name} is not a SocialCare ticket event.", nameof(ticketEvent)),
    };
}
