namespace SocialCare.Channels.Meta;

/// <summary>Time-outs, retries and the circuit breaker of Graph API calls (a Polly v8 pipeline in the channel's HttpClient).</summary>
public sealed class GraphResilienceOptions
{
    /// <summary>Gets or sets the limit on one call, retries included.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the limit on one attempt.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how many times a call is retried after a transport failure, a 429 or a 5xx.</summary>
    /// <value>The default is 3.</value>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Gets or sets the first retry delay; later ones grow exponentially, with jitter. A <c>Retry-After</c> header wins.</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest wait before a retry, <c>Retry-After</c> included; a longer ask fails the call as rate-limited instead.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

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

    /// <summary>Checks the values against their allowed ranges.</summary>
    /// <param name="section">The configuration path of these options, such as <c>SocialCare:WhatsApp:Resilience</c>, used in the messages.</param>
    /// <returns>One message per bad value, each naming the option.</returns>
    public IEnumerable<string> Validate(string section)
    {
        ArgumentNullException.ThrowIfNull(section);
        foreach (var problem in new[]
        {
            Within(TotalTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10), nameof(TotalTimeout)),
            Within(AttemptTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5), nameof(AttemptTimeout)),
            Within(RetryBaseDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1), nameof(RetryBaseDelay)),
            Within(MaxRetryDelay, TimeSpan.Zero, TimeSpan.FromMinutes(10), nameof(MaxRetryDelay)),
            Within(BreakerSamplingDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromHours(1), nameof(BreakerSamplingDuration)),
            Within(BreakerBreakDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromHours(1), nameof(BreakerBreakDuration)),
            MaxRetryAttempts is < 0 or > 10 ? $"{nameof(MaxRetryAttempts)} must be between 0 and 10." : null,
            BreakerFailureRatio is < 0.01 or > 1.0 || double.IsNaN(BreakerFailureRatio) ? $"{nameof(BreakerFailureRatio)} must be between 0.01 and 1." : null,
            BreakerMinimumThroughput is < 2 or > 10_000 ? $"{nameof(BreakerMinimumThroughput)} must be between 2 and 10000." : null,
            AttemptTimeout > TotalTimeout ? $"{nameof(AttemptTimeout)} must not be longer than TotalTimeout." : null,
        })
        {
            if (problem is not null)
            {
                yield return $"{section}:{problem}";
            }
        }
    }

    private static string? Within(TimeSpan value, TimeSpan min, TimeSpan max, string name)
        => value < min || value > max ? $"{name} must be between {min:c} and {max:c}." : null;
}
