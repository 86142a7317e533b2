namespace SocialCare.Channels.Twitter;

/// <summary>Time-outs, retries, rate-limit waits and the circuit breaker of X API calls (a Polly v8 pipeline in the channel's HttpClient).</summary>
public sealed class XResilienceOptions
{
    /// <summary>Gets or sets the limit on one call, retries included.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the limit on one attempt.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how many times a call is retried after a transport failure, a 5xx, or a 429 whose reset is near.</summary>
    /// <value>The default is 3.</value>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Gets or sets the first retry delay; later ones grow exponentially, with jitter.</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets the longest a call waits for a rate-limit window to reset (<c>x-rate-limit-reset</c>), before the
    /// server says 429 or after it did; a longer wait fails the call as rate-limited with the time to try again, which the
    /// outbox honours.
    /// </summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the share of failed calls, within <see cref="BreakerSamplingDuration"/>, that opens the circuit.</summary>
    /// <value>The default is 0.5.</value>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Gets or sets how many calls must be seen within the sampling window before the circuit may open.</summary>
    /// <value>The default is 10.</value>
    public int BreakerMinimumThroughput { get; set; } = 10;

    /// <summary>Gets or sets the window over which failures are counted.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long the circuit stays open before a trial call.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
