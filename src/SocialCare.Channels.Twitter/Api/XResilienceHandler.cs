using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Twitter;

/// <summary>
/// Runs every X API call of the channel's <c>HttpClient</c> through a Polly v8 pipeline: a total time-out, retries with
/// exponential back-off and jitter, a circuit breaker and a per-attempt time-out, configured from
/// <see cref="XResilienceOptions"/>.
/// </summary>
/// <remarks>
/// <para>
/// What is retried, and why: a retried POST that X did receive would create a second post or Direct Message (X has no
/// idempotency key), so a POST is retried only when it surely did not reach X — the connection, name resolution or TLS
/// handshake failed — or when X says it did not process it: 429 (rate limit) and 503 (service unavailable). A POST
/// that timed out or lost its connection mid-way is not retried (<see cref="XApiClient"/> reports <c>outcome_unknown</c>,
/// not transient), and one that got another 5xx comes back as a transient <c>server_error</c>. GET (recent search, media
/// downloads) is retried on every transport failure, time-out and 5xx.
/// </para>
/// <para>
/// A 429 is retried only when X's headers say the window resets within <see cref="XResilienceOptions.MaxRateLimitWait"/>
/// (and the body is not a usage cap): the first retry waits for the reset, later ones back off exponentially from
/// <see cref="XResilienceOptions.RetryBaseDelay"/>. Other 4xx answers (duplicates, refusals, bad tokens) go straight back.
/// A retried OAuth 1.0a request is signed again, with a new nonce and timestamp (see <see cref="ReauthorizeKey"/>).
/// </para>
/// <para>
/// The breaker counts transport failures, time-outs and 5xx, not 429: one account's rate limit says nothing about X's
/// health. The pipeline is thread-safe and shared by every handler the <c>IHttpClientFactory</c> creates, so that the
/// circuit's state survives handler rotation.
/// </para>
/// </remarks>
internal sealed class XResilienceHandler : DelegatingHandler
{
    /// <summary>A request option holding a callback that writes the request's <c>Authorization</c> header again before a retry.</summary>
    public static readonly HttpRequestOptionsKey<Action<HttpRequestMessage>> ReauthorizeKey = new("SocialCare.X.Reauthorize");

    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("SocialCare.X.Request");
    private static readonly HttpRequestOptionsKey<int> AttemptKey = new("SocialCare.X.Attempt");

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    /// <summary>Initializes a new instance of the <see cref="XResilienceHandler"/> class around a shared pipeline.</summary>
    /// <param name="pipeline">A pipeline from <see cref="CreatePipeline"/>.</param>
    public XResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        _pipeline = pipeline;
    }

    /// <summary>Builds the pipeline: total time-out (outermost), retry, circuit breaker, attempt time-out (innermost).</summary>
    /// <param name="options">The time-outs, retries, rate-limit wait and breaker settings.</param>
    /// <param name="time">The clock of delays, time-outs, rate-limit resets and the breaker.</param>
    /// <param name="logger">Logs retries and circuit changes, when given.</param>
    /// <param name="health">
    /// The channel's tracker, told when the circuit opens, lets a trial call through and closes, so that the registered
    /// <see cref="IChannelHealthSink"/>s hear it; <see langword="null"/> reports nothing.
    /// </param>
    /// <returns>The pipeline.</returns>
    public static ResiliencePipeline<HttpResponseMessage> CreatePipeline(XResilienceOptions options, TimeProvider time, ILogger? logger = null, ChannelHealthTracker? health = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var baseDelay = options.RetryBaseDelay;
        var maxWait = options.MaxRateLimitWait;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        builder.AddTimeout(options.TotalTimeout);
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay,
                MaxDelay = options.TotalTimeout,
                ShouldHandle = args => ShouldRetryAsync(args.Outcome, args.Context, args.AttemptNumber, baseDelay, maxWait, time),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } limited
                        ? RateLimitDelay(limited, args.AttemptNumber, baseDelay, time)
                        : null),
                OnRetry = args =>
                {
                    logger?.XRetrying(args.AttemptNumber + 1, args.RetryDelay, (int?)args.Outcome.Result?.StatusCode, args.Outcome.Exception?.GetType().Name);

                    // The failed answer is not passed on: free its connection before waiting.
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakerBreakDuration,
            ShouldHandle = args => ValueTask.FromResult(IsServiceFailure(args.Outcome)),
            // The sinks hear the change even when the call that tripped the breaker was cancelled: they return quickly.
            OnOpened = args =>
            {
                logger?.XCircuitOpened(args.BreakDuration);
                return health is null ? default : new ValueTask(health.ReportCircuitAsync(ChannelCircuitState.Open, args.BreakDuration, CancellationToken.None));
            },
            OnHalfOpened = _ => health is null ? default : new ValueTask(health.ReportCircuitAsync(ChannelCircuitState.HalfOpen, null, CancellationToken.None)),
            OnClosed = _ =>
            {
                logger?.XCircuitClosed();
                return health is null ? default : new ValueTask(health.ReportCircuitAsync(ChannelCircuitState.Closed, null, CancellationToken.None));
            },
        });
        builder.AddTimeout(options.AttemptTimeout);
        return builder.Build();
    }

    /// <summary>Tells whether an attempt failed in a way that says something about X's health: transport failures, time-outs, 5xx.</summary>
    /// <param name="outcome">The attempt's outcome.</param>
    /// <returns><see langword="true"/> for failures the circuit breaker counts.</returns>
    public static bool IsServiceFailure(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException
        || (outcome.Result is { } response && (int)response.StatusCode is >= 500 and <= 599);

    /// <summary>Tells whether a transport failure happened before the request could reach X, so that even a POST may be sent again.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns><see langword="true"/> for connection, name resolution and TLS handshake failures.</returns>
    public static bool SurelyNotSent(HttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        try
        {
            return await _pipeline.ExecuteAsync(
                static (ctx, s) => new ValueTask<HttpResponseMessage>(s.H.SendCoreAsync(s.R, ctx.CancellationToken)),
                context,
                (H: this, R: request)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="NotSupportedException">Always: X API calls are asynchronous, so that they go through the pipeline.</exception>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("X API calls are asynchronous only.");

    private static async ValueTask<bool> ShouldRetryAsync(Outcome<HttpResponseMessage> outcome, ResilienceContext context, int attempt, TimeSpan baseDelay, TimeSpan maxWait, TimeProvider time)
    {
        var idempotent = !context.Properties.TryGetValue(RequestKey, out var request)
            || request.Method == HttpMethod.Get || request.Method == HttpMethod.Head;
        switch (outcome.Exception)
        {
            case HttpRequestException failure:
                return idempotent || SurelyNotSent(failure);
            case TimeoutRejectedException:
                return idempotent;
            case not null:
                return false;
        }

        if (outcome.Result is not { } response)
        {
            return false;
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            if (RateLimitDelay(response, attempt, baseDelay, time) is not { } delay || delay > maxWait)
            {
                return false;
            }

            // A usage cap (monthly quota) also answers 429 but will not reset within seconds.
            var body = await response.Content.ReadAsByteArrayAsync(context.CancellationToken).ConfigureAwait(false);
            return XProblem.TryRead(body) is not { } problem
                || !(problem.Type?.EndsWith("/usage-capped", StringComparison.OrdinalIgnoreCase) == true
                    || string.Equals(problem.Title, "UsageCapExceeded", StringComparison.OrdinalIgnoreCase));
        }

        var status = (int)response.StatusCode;
        return status == 503 || (idempotent && status is >= 500 and <= 599);
    }

    /// <summary>The wait before retrying a 429: until the reset first, then exponential back-off (never less than the reset).</summary>
    private static TimeSpan? RateLimitDelay(HttpResponseMessage response, int attempt, TimeSpan baseDelay, TimeProvider time)
    {
        if (XRateLimitHeaders.WaitAfterRateLimit(response, time.GetUtcNow()) is not { } wait)
        {
            return null;
        }

        if (attempt == 0)
        {
            return wait;
        }

        var backoff = TimeSpan.FromTicks(baseDelay.Ticks * (1L << Math.Min(attempt, 16)));
        return backoff > wait ? backoff : wait;
    }

    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.TryGetValue(AttemptKey, out var attempt);
        request.Options.Set(AttemptKey, attempt + 1);
        if (attempt > 0 && request.Options.TryGetValue(ReauthorizeKey, out var reauthorize))
        {
            reauthorize(request);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
