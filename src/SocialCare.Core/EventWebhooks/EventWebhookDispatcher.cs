using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>
/// Drains the event-webhook queue: claims due deliveries, POSTs them signed, and records each outcome (delivered,
/// retried with exponential back-off and jitter, or parked as a dead letter once <see cref="EventWebhookOptions.RetryFor"/>
/// has passed).
/// </summary>
/// <remarks>
/// Runs in every instance; the store's claims make sure one delivery is attempted by one instance at a time, and only
/// the oldest pending delivery of each endpoint and ticket is claimed, so a ticket's events arrive in order.
/// </remarks>
internal sealed class EventWebhookDispatcher : BackgroundService
{
    /// <summary>The name of the <see cref="HttpClient"/> the dispatcher uses (configure proxies or handlers with <c>AddHttpClient</c>).</summary>
    public const string HttpClientName = "SocialCare.EventWebhooks";

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private readonly IEventDeliveryStore _queue;
    private readonly EventWebhookQueue _planner;
    private readonly IHttpClientFactory _clients;
    private readonly EventWebhookOptions _options;
    private readonly Dictionary<string, (Uri Url, EventWebhookSigner Signer)> _endpoints;
    private readonly TimeProvider _time;
    private readonly SocialCareMetrics _metrics;
    private readonly ILogger _logger;

    public EventWebhookDispatcher(
        ITicketStore store,
        EventWebhookQueue planner,
        IHttpClientFactory clients,
        IOptions<EventWebhookOptions> options,
        TimeProvider time,
        SocialCareMetrics metrics,
        ILoggerFactory? loggerFactory = null)
    {
        _queue = store as IEventDeliveryStore ?? throw new InvalidOperationException(
            $"Event webhooks need a ticket store that keeps event deliveries (implements {nameof(IEventDeliveryStore)}); {store.GetType().Name} does not. Use the in-memory, SQLite or PostgreSQL store, or implement it.");
        _planner = planner;
        _clients = clients;
        _options = options.Value;
        _endpoints = _options.Endpoints.ToDictionary(e => e.Name, e => (e.Url!, new EventWebhookSigner(e.Secrets)), StringComparer.Ordinal);
        _time = time;
        _metrics = metrics;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<EventWebhookDispatcher>();
    }

    /// <summary>Runs one round: claims what is due and attempts it.</summary>
    /// <returns>How many deliveries were attempted.</returns>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var claimed = await _queue.ClaimEventDeliveriesAsync(_time.GetUtcNow(), _options.ClaimLease, _options.BatchSize, cancellationToken).ConfigureAwait(false);
        if (claimed.Count == 0)
        {
            return 0;
        }

        await Task.WhenAll(claimed.Select(d => AttemptAsync(d, cancellationToken))).ConfigureAwait(false);
        return claimed.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunOnceAsync(stoppingToken).ConfigureAwait(false) > 0)
                {
                    continue;
                }

                await _planner.Signal.WaitAsync(_options.PollInterval, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.EventWebhookLoopFailed(ex);
                try
                {
                    await Task.Delay(_options.PollInterval, _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task AttemptAsync(EventDelivery delivery, CancellationToken cancellationToken)
    {
        if (!_endpoints.TryGetValue(delivery.Endpoint, out var endpoint))
        {
            await GiveUpAsync(delivery, "the endpoint is no longer configured", TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        string error;
        TimeSpan? retryAfter = null;
        try
        {
            var body = Encoding.UTF8.GetBytes(delivery.Payload);
            var now = _time.GetUtcNow();
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = Json;
            request.Headers.TryAddWithoutValidation(EventWebhookHeaders.Id, delivery.Id);
            request.Headers.TryAddWithoutValidation(EventWebhookHeaders.Timestamp, now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation(EventWebhookHeaders.Signature, endpoint.Signer.Sign(delivery.Id, now, body));

            using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            using var client = _clients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                await _queue.CompleteEventDeliveryAsync(delivery.Id, CancellationToken.None).ConfigureAwait(false);
                _metrics.EventWebhookAttempt(delivery.Endpoint, "delivered", Stopwatch.GetElapsedTime(started));
                _logger.EventWebhookDelivered(delivery.Id, delivery.EventType, delivery.Endpoint, delivery.Attempts);
                return;
            }

            // The status only: a receiver's error page may echo what it was sent.
            error = $"HTTP {(int)response.StatusCode}";
            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
            {
                retryAfter = response.Headers.RetryAfter switch
                {
                    { Delta: { } delta } => delta,
                    { Date: { } date } => date - now,
                    _ => null,
                };
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the claim runs out and another round (or instance) attempts it again.
            return;
        }
        catch (OperationCanceledException)
        {
            error = $"no answer within {_options.RequestTimeout.TotalSeconds:0.###} s";
        }
        catch (HttpRequestException ex)
        {
            error = ex.HttpRequestError == HttpRequestError.Unknown ? "request failed" : ex.HttpRequestError.ToString();
        }

        await FailAsync(delivery, error, retryAfter, Stopwatch.GetElapsedTime(started), cancellationToken).ConfigureAwait(false);
    }

    private async Task FailAsync(EventDelivery delivery, string error, TimeSpan? retryAfter, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var delay = BackOff(delivery.Attempts);
        if (retryAfter is { } asked && asked > delay)
        {
            // The receiver's own wish counts over MaxRetryDelay; only RetryFor bounds it.
            delay = asked;
        }

        var next = now + delay;
        if (next > delivery.CreatedAt + _options.RetryFor)
        {
            await GiveUpAsync(delivery, error, elapsed, cancellationToken).ConfigureAwait(false);
            return;
        }

        await _queue.RetryEventDeliveryAsync(delivery.Id, next, error, CancellationToken.None).ConfigureAwait(false);
        _metrics.EventWebhookAttempt(delivery.Endpoint, "retried", elapsed);
        _logger.EventWebhookRetry(delivery.Id, delivery.Endpoint, delivery.Attempts, error, next);
    }

    private async Task GiveUpAsync(EventDelivery delivery, string error, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        await _queue.KillEventDeliveryAsync(delivery.Id, _time.GetUtcNow(), error, CancellationToken.None).ConfigureAwait(false);
        _metrics.EventWebhookAttempt(delivery.Endpoint, "dead", elapsed);
        _logger.EventWebhookDead(delivery.Id, delivery.Endpoint, delivery.Attempts, error);
    }

    /// <summary>The delay after attempt <paramref name="attempt"/>: the first delay doubled per attempt, capped, then between half and all of it ("equal jitter"), so that receivers coming back are not hit by every sender at once.</summary>
    private TimeSpan BackOff(int attempt)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var ceiling = Math.Min(_options.FirstRetryDelay.Ticks * Math.Pow(2, exponent), _options.MaxRetryDelay.Ticks);
        return TimeSpan.FromTicks((long)(ceiling / 2 + (Random.Shared.NextDouble() * ceiling / 2)));
    }
}
