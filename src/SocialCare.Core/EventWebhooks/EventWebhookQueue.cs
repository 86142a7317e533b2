using Microsoft.Extensions.Options;
using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>
/// Turns a commit's ticket events into event-webhook deliveries, one per event and matching endpoint, for the engine to
/// put in the same change set; and wakes the dispatcher once they are committed.
/// </summary>
internal sealed class EventWebhookQueue
{
    private readonly (string Name, HashSet<string>? Types)[] _endpoints;

    public EventWebhookQueue(IOptions<EventWebhookOptions> options)
    {
        _endpoints =
        [
            .. options.Value.Endpoints.Select(e => (e.Name, e.Events.Count == 0 || e.Events.Contains("*") ? null : new HashSet<string>(e.Events, StringComparer.Ordinal))),
        ];
    }

    /// <summary>Gets the signal that wakes the dispatcher.</summary>
    public OutboxSignal Signal { get; } = new();

    /// <summary>Makes the deliveries of <paramref name="events"/>; empty when no endpoint wants any of them.</summary>
    public IReadOnlyList<EventDelivery> Plan(IReadOnlyList<TicketEvent> events, DateTimeOffset now)
    {
        if (events.Count == 0 || _endpoints.Length == 0)
        {
            return [];
        }

        List<EventDelivery>? deliveries = null;
        for (var i = 0; i < events.Count; i++)
        {
            var ticketEvent = events[i];
            var type = EventWebhookTypes.Of(ticketEvent);
            string? payload = null;
            foreach (var (name, types) in _endpoints)
            {
                if (types is not null && !types.Contains(type))
                {
                    continue;
                }

                payload ??= SocialCareJson.Serialize(new EventWebhookPayload(type, EventWebhookPayload.CurrentVersion, ticketEvent.OccurredAt, ticketEvent));
                (deliveries ??= []).Add(new EventDelivery
                {
                    // Time-ordered and unique: the receiver's key for dropping repeats.
                    Id = "msg_" + Guid.CreateVersion7(now).ToString("N"),
                    Endpoint = name,
                    TicketId = ticketEvent.TicketId,
                    EventType = type,
                    Payload = payload,
                    CreatedAt = now,
                    NextAttemptAt = now,
                });
            }
        }

        return deliveries is null ? [] : deliveries;
    }
}
