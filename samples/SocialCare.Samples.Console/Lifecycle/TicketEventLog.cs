using SocialCare.Abstractions;

namespace SocialCare.Samples.Console.Lifecycle;

/// <summary>
/// A ticket event sink that keeps every event in memory, in the order SocialCare published it, so that the demo can
/// print the ticket's lifecycle at the end. Registered with <c>.AddTicketEventSink&lt;TicketEventLog&gt;()</c>.
/// </summary>
/// <remarks>
/// A singleton, thread-safe: the engine publishes from whichever thread made the change (a webhook, an agent's command,
/// or the background dispatcher). A real sink forwards the events to a CRM or a dashboard, durably and quickly.
/// </remarks>
internal sealed class TicketEventLog : ITicketEventSink
{
    private readonly Lock _gate = new();
    private readonly List<TicketEvent> _events = [];

    /// <summary>Gets a copy of the events received so far, oldest first.</summary>
    public IReadOnlyList<TicketEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public Task PublishAsync(TicketEvent ticketEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticketEvent);
        lock (_gate)
        {
            _events.Add(ticketEvent);
        }

        return Task.CompletedTask;
    }
}
