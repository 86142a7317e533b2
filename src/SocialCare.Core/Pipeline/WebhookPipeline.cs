using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>The ingestion pipeline: see <see cref="IWebhookPipeline"/>.</summary>
internal sealed class WebhookPipeline : IWebhookPipeline, IInboundEventPublisher
{
    private readonly Dictionary<ChannelId, IChannelAdapter> _adapters;
    private readonly ITicketStore _store;
    private readonly ICustomerDirectory _customers;
    private readonly IInboundEventHandler _handler;
    private readonly SocialCareMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _maxBodySize;
    private readonly ConversationSequencer _sequencer = new();

    public WebhookPipeline(
        IEnumerable<IChannelAdapter> adapters,
        ITicketStore store,
        ICustomerDirectory customers,
        IInboundEventHandler handler,
        SocialCareMetrics metrics,
        TimeProvider time,
        IOptions<SocialCareOptions> options,
        ILoggerFactory? loggerFactory = null)
    {
        _adapters = [];
        foreach (var adapter in adapters)
        {
            if (!_adapters.TryAdd(adapter.Channel, adapter))
            {
                throw new InvalidOperationException(
                    $"Two channel adapters are registered for channel '{adapter.Channel}'; register one adapter per channel.");
            }
        }

        _store = store;
        _customers = customers;
        _handler = handler;
        _metrics = metrics;
        _time = time;
        _maxBodySize = options.Value.MaxRequestBodySize;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<WebhookPipeline>();
    }

    public IReadOnlyCollection<ChannelId> Channels => _adapters.Keys;

    public async Task<WebhookResponse> ProcessAsync(ChannelId channel, WebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = _time.GetTimestamp();
        using var activity = SocialCareActivity.Source.StartActivity("socialcare.webhook", ActivityKind.Server);
        activity?.SetTag(SocialCareDiagnostics.ChannelTag, channel.Value);

        var response = await ProcessCoreAsync(channel, request, cancellationToken).ConfigureAwait(false);

        var outcome = OutcomeName(response);
        activity?.SetTag(SocialCareDiagnostics.OutcomeTag, outcome);
        activity?.SetTag("http.response.status_code", response.StatusCode);
        _metrics.WebhookHandled(channel, outcome, _time.GetElapsedTime(started));
        return response;
    }

    private async Task<WebhookResponse> ProcessCoreAsync(ChannelId channel, WebhookRequest request, CancellationToken cancellationToken)
    {
        if (!_adapters.TryGetValue(channel, out var adapter))
        {
            _logger.UnknownChannel(channel);
            return Rejected(WebhookResult.Rejected(WebhookRejection.UnknownChannel, "No adapter is registered for this channel."));
        }

        if (request.Body.Length > _maxBodySize)
        {
            _logger.PayloadTooLarge(channel, request.Body.Length, _maxBodySize);
            return Rejected(WebhookResult.Rejected(WebhookRejection.PayloadTooLarge, $"The body is larger than {_maxBodySize} bytes."));
        }

        WebhookResult result;
        try
        {
            result = await adapter.ReceiveAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            // Adapters should answer malformed bodies themselves; this keeps bad input from ever becoming a 500.
            _logger.AdapterThrewOnMalformedBody(channel, ex);
            return Rejected(WebhookResult.Rejected(WebhookRejection.MalformedPayload, "The body is not valid JSON for this channel."));
        }

        switch (result.Outcome)
        {
            case WebhookOutcome.Handshake:
                _logger.Handshake(channel);
                return new WebhookResponse(result.StatusCode) { Outcome = WebhookOutcome.Handshake, Body = result.Body, ContentType = result.ContentType };
            case WebhookOutcome.Rejected:
                _logger.WebhookRejected(channel, result.Rejection, result.Reason);
                return Rejected(result);
            case WebhookOutcome.Ignored:
                _logger.WebhookIgnored(channel, result.Reason);
                return new WebhookResponse(result.StatusCode) { Outcome = WebhookOutcome.Ignored, Reason = result.Reason };
            default:
                return await ApplyAsync(result.Events, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<InboundPublishResult> PublishAsync(IReadOnlyList<InboundEnvelope> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var response = await ApplyAsync(events, cancellationToken).ConfigureAwait(false);
        return new InboundPublishResult(response.Applied, response.Skipped, response.Failed);
    }

    private async Task<WebhookResponse> ApplyAsync(IReadOnlyList<InboundEnvelope> events, CancellationToken cancellationToken)
    {
        // Submitting in request order keeps each conversation's events in that order; conversations run in parallel.
        var work = new Task<EventResult>[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var envelope = events[i];
            work[i] = _sequencer.RunAsync(
                envelope.Event.Conversation,
                (Pipeline: this, Envelope: envelope),
                static (s, ct) => s.Pipeline.ApplyOneAsync(s.Envelope, ct),
                cancellationToken);
        }

        int applied = 0, skipped = 0, failed = 0;
        foreach (var task in work)
        {
            switch (await task.ConfigureAwait(false))
            {
                case EventResult.Applied: applied++; break;
                case EventResult.Skipped: skipped++; break;
                default: failed++; break;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new WebhookResponse(failed == 0 ? 200 : 503)
        {
            Outcome = WebhookOutcome.Accepted,
            Applied = applied,
            Skipped = skipped,
            Failed = failed,
            Reason = failed == 0 ? null : "Some events could not be stored; deliver the request again.",
        };
    }

    private async Task<EventResult> ApplyOneAsync(InboundEnvelope envelope, CancellationToken cancellationToken)
    {
        var inbound = envelope.Event;
        var channel = inbound.Key.Channel;
        try
        {
            if (await _store.IsProcessedAsync(inbound.Key, cancellationToken).ConfigureAwait(false))
            {
                _logger.EventDuplicate(channel, inbound.GetType().Name);
                _metrics.EventProcessed(channel, "duplicate");
                return EventResult.Skipped;
            }

            var customer = await _customers.ResolveAsync(inbound.Customer, cancellationToken).ConfigureAwait(false);
            var outcome = await _handler.HandleAsync(new InboundContext(envelope, customer), cancellationToken).ConfigureAwait(false);
            switch (outcome)
            {
                case InboundOutcome.Applied:
                    _metrics.EventProcessed(channel, "applied");
                    return EventResult.Applied;
                case InboundOutcome.Duplicate:
                    _logger.EventDuplicate(channel, inbound.GetType().Name);
                    _metrics.EventProcessed(channel, "duplicate");
                    return EventResult.Skipped;
                default:
                    _metrics.EventProcessed(channel, "ignored");
                    return EventResult.Skipped;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Answering non-2xx makes the network deliver again; committed events of the request are skipped then.
            _logger.EventFailed(channel, inbound.GetType().Name, ex);
            _metrics.EventProcessed(channel, "failed");
            return EventResult.Failed;
        }
    }

    private static WebhookResponse Rejected(WebhookResult result) => new(result.StatusCode)
    {
        Outcome = WebhookOutcome.Rejected,
        Rejection = result.Rejection,
        Reason = result.Reason,
    };

    private static string OutcomeName(WebhookResponse response) => response.Outcome switch
    {
        WebhookOutcome.Handshake => "handshake",
        WebhookOutcome.Ignored => "ignored",
        WebhookOutcome.Rejected => response.Rejection switch
        {
            WebhookRejection.MissingSignature or WebhookRejection.InvalidSignature => "unauthorized",
            WebhookRejection.MalformedPayload => "malformed",
            WebhookRejection.PayloadTooLarge => "too_large",
            _ => "rejected",
        },
        _ => response.Failed == 0 ? "accepted" : "failed",
    };

    private enum EventResult
    {
        Applied,
        Skipped,
        Failed,
    }
}
