using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Meta;

/// <summary>
/// Runs every Graph API call of the channel's <c>HttpClient</c> through a Polly v8 pipeline: a total time-out, retries
/// with exponential back-off and jitter (honouring <c>Retry-After</c>), a circuit breaker and a per-attempt time-out.
/// </summary>
/// <remarks>
/// Only transport failures, time-outs, 429 and 5xx are retried; Graph's 4xx errors (a closed window, a bad token) go
/// straight back to the caller. The pipeline is thread-safe and meant to be shared by every handler instance the
/// <c>IHttpClientFactory</c> creates, so that the circuit's state survives handler rotation. The circuit's changes go
/// to the registered <see cref="IChannelHealthSink"/>s (<see cref="IChannelHealthSink.OnCircuitChangedAsync"/>) when the
/// pipeline is built with a <see cref="ChannelHealthTracker"/>, as <see cref="GraphHttp"/> does for a channel.
/// </remarks>
public sealed class GraphResilienceHandler : DelegatingHandler
{
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    /// <summary>Initializes a new instance of the <see cref="GraphResilienceHandler"/> class with a pipeline of its own.</summary>
    /// <param name="options">The time-outs, retries and breaker settings.</param>
    /// <param name="timeProvider">The clock of delays, time-outs and the breaker.</param>
    /// <param name="logger">Logs retries and circuit changes, when given.</param>
    public GraphResilienceHandler(GraphResilienceOptions options, TimeProvider timeProvider, ILogger? logger = null)
        : this(CreatePipeline(options, timeProvider, logger))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GraphResilienceHandler"/> class around a shared pipeline.</summary>
    /// <param name="pipeline">A pipeline from one of the <c>CreatePipeline</c> overloads.</param>
    public GraphResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        _pipeline = pipeline;
    }

    /// <summary>Builds the pipeline: total time-out (outermost), retry, circuit breaker, attempt time-out (innermost).</summary>
    /// <param name="options">The time-outs, retries and breaker settings.</param>
    /// <param name="timeProvider">The clock of delays, time-outs and the breaker.</param>
    /// <param name="logger">Logs retries and circuit changes, when given.</param>
    /// <returns>The pipeline.</returns>
    public static ResiliencePipeline<HttpResponseMessage> CreatePipeline(GraphResilienceOptions options, TimeProvider timeProvider, ILogger? logger = null)
        => CreatePipeline(options, timeProvider, logger, health: null);

    /// <summary>
    /// Builds the pipeline: total time-out (outermost), retry, circuit breaker, attempt time-out (innermost); the circuit
    /// breaker reports each change of its state to <paramref name="health"/>, whose sinks (a health check, say) hear it.
    /// </summary>
    /// <param name="options">The time-outs, retries and breaker settings.</param>
    /// <param name="timeProvider">The clock of delays, time-outs and the breaker.</param>
    /// <param name="logger">Logs retries and circuit changes, when given.</param>
    /// <param name="health">
    /// The channel's tracker, told when the circuit opens, lets a trial call through and closes
    /// (<see cref="ChannelHealthTracker.ReportCircuitAsync"/>); <see langword="null"/> reports nothing.
    /// </param>
    /// <returns>The pipeline.</returns>
    public static ResiliencePipeline<HttpResponseMessage> CreatePipeline(GraphResilienceOptions options, TimeProvider timeProvider, ILogger? logger, ChannelHealthTracker? health)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var maxRetryDelay = options.MaxRetryDelay;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        builder.AddTimeout(options.TotalTimeout);
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = maxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, maxRetryDelay, timeProvider)),
                DelayGenerator = args => ValueTask.FromResult(GetRetryAfter(args.Outcome.Result, timeProvider)),
                OnRetry = args =>
                {
                    if (logger is not null)
                    {
                        logger.GraphRetrying(
                            args.AttemptNumber + 1,
                            args.RetryDelay,
                            (int?)args.Outcome.Result?.StatusCode,
                            args.Outcome.Exception?.GetType().Name);
                    }

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
            ShouldHandle = args => ValueTask.FromResult(IsTransientFailure(args.Outcome)),
            // The sinks hear the change even when the call that tripped the breaker was cancelled: they return quickly.
            OnOpened = args =>
            {
                if (logger is not null)
                {
                    logger.GraphCircuitOpened(args.BreakDuration);
                }

                return health is null ? default : new ValueTask(health.ReportCircuitAsync(ChannelCircuitState.Open, args.BreakDuration, CancellationToken.None));
            },
            OnHalfOpened = _ => health is null ? default : new ValueTask(health.ReportCircuitAsync(ChannelCircuitState.HalfOpen, null, CancellationToken.None)),
            OnClosed = _ =>
            {
                if (logger is not null)
                {
                    logger.GraphCircuitClosed();
                }

                return health is null ? default : new ValueTask(health.ReportCircuitAsync(ChannelCircuitState.Closed, null, CancellationToken.None));
            },
        });
        builder.AddTimeout(options.AttemptTimeout);
        return builder.Build();
    }

    /// <summary>Tells whether an attempt failed in a way worth retrying and counting against the circuit.</summary>
    /// <param name="outcome">The attempt's outcome.</param>
    /// <returns><see langword="true"/> for transport failures, attempt time-outs, 429 and 5xx.</returns>
    public static bool IsTransientFailure(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException
        || (outcome.Result is { } response && IsTransientStatus(response.StatusCode));

    /// <summary>Tells whether the retry strategy should retry an attempt.</summary>
    /// <param name="outcome">The attempt's outcome.</param>
    /// <param name="maxRetryDelay">The longest wait allowed; a longer <c>Retry-After</c> ends the retries.</param>
    /// <param name="timeProvider">The clock for <c>Retry-After</c> dates.</param>
    /// <returns><see langword="true"/> when the attempt failed transiently and the wait asked for is acceptable.</returns>
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryDelay, TimeProvider timeProvider) =>
        IsTransientFailure(outcome) && !(GetRetryAfter(outcome.Result, timeProvider) > maxRetryDelay);

    /// <summary>Reads the wait an answer's <c>Retry-After</c> header asks for: delta seconds or an HTTP date.</summary>
    /// <param name="response">The answer, if any.</param>
    /// <param name="timeProvider">The clock an HTTP date is measured against.</param>
    /// <returns>The wait (never negative), or <see langword="null"/> when the header is absent.</returns>
    public static TimeSpan? GetRetryAfter(HttpResponseMessage? response, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var header = response?.Headers.RetryAfter;
        TimeSpan? wait = header switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - timeProvider.GetUtcNow(),
            _ => null,
        };
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(
            static (s, ct) => new ValueTask<HttpResponseMessage>(s.H.SendCoreAsync(s.R, ct)),
            (H: this, R: request),
            cancellationToken).AsTask();

    /// <inheritdoc/>
    /// <exception cref="NotSupportedException">Always: Graph calls are asynchronous, so that they go through the pipeline.</exception>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Graph API calls of the Facebook channel are asynchronous only.");

    private static bool IsTransientStatus(HttpStatusCode status) =>
        status == HttpStatusCode.TooManyRequests || (int)status is >= 500 and <= 599;

    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
