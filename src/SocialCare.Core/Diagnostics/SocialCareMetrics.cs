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

    public SocialCareMetrics(IMeterFactory? meterFactory = null)
    {
        // Hosts register an IMeterFactory; a bare service collection may not, and metrics must not be a reason to fail.
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(SocialCareDiagnostics.MeterName) ?? new Meter(SocialCareDiagnostics.MeterName);
        _webhooks = _meter.CreateCounter<long>(SocialCareDiagnostics.WebhookReceived, "{request}", "Webhook requests received.");
        _webhookDuration = _meter.CreateHistogram<double>(SocialCareDiagnostics.WebhookDuration, "s", "Time to answer a webhook request.");
        _events = _meter.CreateCounter<long>(SocialCareDiagnostics.EventsProcessed, "{event}", "Inbound events processed.");
    }

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
