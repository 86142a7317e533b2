using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Twitter;

/// <summary>
/// Keyword and brand listening: polls <c>GET /2/tweets/search/recent</c> for each rule with <c>since_id</c>, and hands
/// the posts found to the SocialCare pipeline as listened-to messages (the host's <see cref="IListeningTriage"/> decides
/// which open tickets). Errors back off, doubling from the poll interval up to the maximum; a rate limit waits for its reset.
/// </summary>
/// <remarks>
/// The newest post id seen per rule is kept in memory: after a restart the first poll reads the last week again, and the
/// pipeline's de-duplication skips what was already handled.
/// </remarks>
internal sealed class XListeningService : BackgroundService
{
    private readonly XAdapter _adapter;
    private readonly IInboundEventPublisher _publisher;
    private readonly XListeningOptions _options;
    private readonly bool _enabled;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, RuleState> _states = new(StringComparer.Ordinal);

    public XListeningService(XAdapter adapter, IInboundEventPublisher publisher, IOptions<XOptions> options, TimeProvider time, ILogger<XListeningService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _adapter = adapter;
        _publisher = publisher;
        _options = options.Value.Listening;
        _enabled = _options.Poll && _options.Rules.Count > 0 && !string.IsNullOrWhiteSpace(options.Value.BearerToken);
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        foreach (var rule in _options.Rules)
        {
            _states[rule.Tag] = new RuleState();
        }
    }

    /// <summary>Returns the newest post id seen for a rule (the next poll's <c>since_id</c>).</summary>
    internal string? SinceId(string tag) => _states.TryGetValue(tag, out var state) ? state.SinceId : null;

    /// <summary>Polls one rule once and hands what it found to the pipeline.</summary>
    /// <returns>How long to wait before polling the rule again.</returns>
    internal async Task<TimeSpan> PollOnceAsync(XListeningRule rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var state = _states[rule.Tag];
        var search = await _adapter.Api.SearchRecentAsync(rule.Query, state.SinceId, _options.MaxResults, cancellationToken).ConfigureAwait(false);
        ChannelError? error = search.Error;
        var events = new List<InboundEnvelope>();
        string? newest = null;
        if (error is null && !XWebhookParser.TryParseSearch(search.Body, _adapter.Settings, rule.Tag, events, out newest, out var parseError))
        {
            error = new ChannelError("malformed_search_response", parseError ?? "The search response is not the JSON X documents.") { Kind = ChannelErrorKind.Transient, IsTransient = true };
        }

        if (error is null && events.Count > 0)
        {
            // Search answers newest first; the pipeline applies each thread's posts in the order given.
            events.Reverse();
            var published = await _publisher.PublishAsync(events, cancellationToken).ConfigureAwait(false);
            _logger.ListeningPolled(rule.Tag, events.Count, published.Applied, published.Skipped, published.Failed);
            if (published.Failed > 0)
            {
                // Keep since_id where it was: the next poll brings the same posts again, and the stored ones are skipped.
                error = new ChannelError("store_failed", "Some listened-to posts could not be stored.") { Kind = ChannelErrorKind.Transient, IsTransient = true };
            }
        }

        if (error is not null)
        {
            state.Failures++;
            var backoff = TimeSpan.FromTicks(Math.Min(_options.MaxBackoff.Ticks, _options.PollInterval.Ticks * (1L << Math.Min(state.Failures, 20))));
            var delay = error.RetryAfter is { } retryAfter && retryAfter > backoff ? retryAfter : backoff;
            _logger.ListeningFailed(rule.Tag, error.Code, delay);
            return delay;
        }

        state.Failures = 0;
        state.SinceId = newest ?? state.SinceId;
        return _options.PollInterval;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_enabled)
        {
            return;
        }

        _logger.ListeningStarted(_options.Rules.Count, _options.PollInterval);
        var due = _options.Rules.ToDictionary(r => r.Tag, _ => _time.GetUtcNow(), StringComparer.Ordinal);
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var rule in _options.Rules)
            {
                if (due[rule.Tag] > _time.GetUtcNow())
                {
                    continue;
                }

                TimeSpan wait;
                try
                {
                    wait = await PollOnceAsync(rule, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    wait = _options.MaxBackoff;
                    _logger.ListeningCrashed(rule.Tag, wait, ex);
                }

                due[rule.Tag] = _time.GetUtcNow() + wait;
            }

            var next = due.Values.Min() - _time.GetUtcNow();
            if (next > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(next, _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private sealed class RuleState
    {
        public string? SinceId { get; set; }

        public int Failures { get; set; }
    }
}
