using System.Diagnostics;
using System.Diagnostics.Metrics;
using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>SocialCare's instruments, on the meter named <see cref="SocialCareDiagnostics.MeterName"/>.</summary>
internal sealed class SocialCareMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _webhooks;
    private readonly Histogram<double> _webhookDuration;
    private readonly Counter<long> _events;
    private readonly Counter<long> _created;
    private readonly Counter<long> _reopened;
    private readonly Counter<long> _transitions;
    private readonly Histogram<double> _firstResponse;
    private readonly Histogram<double> _resolution;
    private readonly Counter<long> _sla;
    private readonly Counter<long> _replies;
    private readonly Histogram<double> _sendDuration;
    private readonly Counter<long> _automatic;
    private readonly Histogram<int> _ratings;
    private readonly Counter<long> _eventWebhooks;
    private readonly Histogram<double> _eventWebhookDuration;

    public SocialCareMetrics(IMeterFactory? meterFactory = null)
    {
        // Hosts register an IMeterFactory; a bare service collection may not, and metrics must not be a reason to fail.
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(SocialCareDiagnostics.MeterName) ?? new Meter(SocialCareDiagnostics.MeterName);
        _webhooks = _meter.CreateCounter<long>(SocialCareDiagnostics.WebhookReceived, "{request}", "Webhook requests received.");
        _webhookDuration = _meter.CreateHistogram<double>(SocialCareDiagnostics.WebhookDuration, "s", "Time to answer a webhook request.");
        _events = _meter.CreateCounter<long>(SocialCareDiagnostics.EventsProcessed, "{event}", "Inbound events processed.");
        _created = _meter.CreateCounter<long>(SocialCareDiagnostics.TicketsCreated, "{ticket}", "Tickets opened.");
        _reopened = _meter.CreateCounter<long>(SocialCareDiagnostics.TicketsReopened, "{ticket}", "Tickets reopened by a customer's message.");
        _transitions = _meter.CreateCounter<long>(SocialCareDiagnostics.TicketTransitions, "{transition}", "Ticket state changes, tagged with the new state.");
        _firstResponse = _meter.CreateHistogram<double>(SocialCareDiagnostics.FirstResponseDuration, "s", "Time from a ticket's opening to the first answer by a person.");
        _resolution = _meter.CreateHistogram<double>(SocialCareDiagnostics.ResolutionDuration, "s", "Time from a ticket's opening to its resolution.");
        _sla = _meter.CreateCounter<long>(SocialCareDiagnostics.SlaEvents, "{event}", "SLA warnings and breaches.");
        _replies = _meter.CreateCounter<long>(SocialCareDiagnostics.RepliesDispatched, "{reply}", "Replies handed to channel adapters.");
        _sendDuration = _meter.CreateHistogram<double>(SocialCareDiagnostics.MessageSendDuration, "s", "Time a channel adapter took to send a reply.");
        _automatic = _meter.CreateCounter<long>(SocialCareDiagnostics.AutomaticReplies, "{message}", "Messages sent by automation, not by a person.");
        _ratings = _meter.CreateHistogram<int>(SocialCareDiagnostics.SatisfactionRatings, "{rating}", "Satisfaction ratings (1 to 5) given by customers.");
        _eventWebhooks = _meter.CreateCounter<long>(SocialCareDiagnostics.EventWebhookAttempts, "{attempt}", "Event-webhook delivery attempts, tagged with their outcome.");
        _eventWebhookDuration = _meter.CreateHistogram<double>(SocialCareDiagnostics.EventWebhookDuration, "s", "Time event-webhook endpoints took to answer.");
    }

    public void TicketCreated(ChannelId channel) => _created.Add(1, Channel(channel));

    public void TicketReopened(ChannelId channel) => _reopened.Add(1, Channel(channel));

    public void Transition(ChannelId channel, TicketState state)
        => _transitions.Add(1, Channel(channel), new KeyValuePair<string, object?>(SocialCareDiagnostics.TicketStateTag, state.ToString()));

    public void FirstResponse(ChannelId channel, TimeSpan elapsed) => _firstResponse.Record(elapsed.TotalSeconds, Channel(channel));

    public void Resolution(ChannelId channel, TimeSpan elapsed) => _resolution.Record(elapsed.TotalSeconds, Channel(channel));

    public void Sla(ChannelId channel, SlaMetric metric, bool breach)
        => _sla.Add(
            1,
            Channel(channel),
            new KeyValuePair<string, object?>(SocialCareDiagnostics.SlaMetricTag, metric.ToString()),
            new KeyValuePair<string, object?>(SocialCareDiagnostics.OutcomeTag, breach ? "breach" : "warning"));

    public void ReplyDispatched(ChannelId channel, string outcome, TimeSpan elapsed)
    {
        _replies.Add(1, Channel(channel), new KeyValuePair<string, object?>(SocialCareDiagnostics.OutcomeTag, outcome));
        _sendDuration.Record(elapsed.TotalSeconds, Channel(channel));
    }

    public void AutomaticReply(ChannelId channel, string kind)
        => _automatic.Add(1, Channel(channel), new KeyValuePair<string, object?>(SocialCareDiagnostics.OutcomeTag, kind));

    public void SatisfactionRated(ChannelId channel, int rating) => _ratings.Record(rating, Channel(channel));

    public void EventWebhookAttempt(string endpoint, string outcome, TimeSpan elapsed)
    {
        var endpointTag = new KeyValuePair<string, object?>(SocialCareDiagnostics.EndpointTag, endpoint);
        _eventWebhooks.Add(1, endpointTag, new KeyValuePair<string, object?>(SocialCareDiagnostics.OutcomeTag, outcome));
        _eventWebhookDuration.Record(elapsed.TotalSeconds, endpointTag);
    }

    private static KeyValuePair<string, object?> Channel(ChannelId channel) => new(SocialCareDiagnostics.ChannelTag, channel.Value);

    public void WebhookHandled(ChannelId channel, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { SocialCareDiagnostics.ChannelTag, channel.Value },
            { SocialCareDiagnostics.OutcomeTag, outcome },
        };
        _webhooks.Add(1, tags);
        _webhookDuration.Record(elapsed.TotalSeconds, tags);
    }

    public void EventProcessed(ChannelId channel, string outcome)
        => _events.Add(1, new KeyValuePair<string, object?>(SocialCareDiagnostics.ChannelTag, channel.Value), new KeyValuePair<string, object?>(SocialCareDiagnostics.OutcomeTag, outcome));

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
