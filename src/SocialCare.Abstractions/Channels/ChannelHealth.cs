namespace SocialCare.Abstractions;

/// <summary>How well a channel account works, as its adapter last saw it.</summary>
public enum ChannelHealthStatus
{
    /// <summary>Calls succeed.</summary>
    Healthy = 0,

    /// <summary>Calls fail for a while (rate limits, the network's outages); they are retried.</summary>
    Degraded = 1,

    /// <summary>The account's access token is invalid or expired: nothing will be sent until someone authorises it again.</summary>
    Unauthorized = 2,
}

/// <summary>A channel account's health changed: an adapter saw its token rejected, or calls succeed again.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Account">The account (a Page, a phone number, an X account).</param>
/// <param name="Status">The health now.</param>
/// <param name="OccurredAt">When the adapter noticed.</param>
public sealed record ChannelHealthChanged(ChannelId Channel, ChannelAccountId Account, ChannelHealthStatus Status, DateTimeOffset OccurredAt)
{
    /// <summary>Gets the error that changed the health, or <see langword="null"/> when the account became healthy again.</summary>
    public ChannelError? Error { get; init; }
}

/// <summary>The state of a channel's circuit breaker: the one that guards every call of the channel's <c>HttpClient</c>.</summary>
public enum ChannelCircuitState
{
    /// <summary>Calls go through.</summary>
    Closed = 0,

    /// <summary>Too many calls failed: calls fail fast, without reaching the network, until the break ends.</summary>
    Open = 1,

    /// <summary>The break ended and a trial call is on its way: its outcome closes the circuit or opens it again.</summary>
    HalfOpen = 2,
}

/// <summary>A channel's circuit breaker changed state.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="State">The state now.</param>
/// <param name="OccurredAt">When the circuit changed.</param>
public sealed record ChannelCircuitChanged(ChannelId Channel, ChannelCircuitState State, DateTimeOffset OccurredAt)
{
    /// <summary>Gets how long the circuit stays open before a trial call is let through, when <see cref="State"/> is <see cref="ChannelCircuitState.Open"/>.</summary>
    public TimeSpan? BreakDuration { get; init; }
}

/// <summary>
/// Receives channel health changes, so that a host can alert someone when a Page token expires. Registered with
/// <c>AddChannelHealthSink&lt;T&gt;()</c>; every registered sink is called.
/// </summary>
/// <remarks>Called from send paths: implementations return quickly and do not throw.</remarks>
public interface IChannelHealthSink
{
    /// <summary>Called when a channel account's health changes.</summary>
    /// <param name="change">What changed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the change is handled.</returns>
    Task OnHealthChangedAsync(ChannelHealthChanged change, CancellationToken cancellationToken);

    /// <summary>
    /// Called when the circuit breaker of a channel's API calls opens, lets a trial call through, or closes. The
    /// built-in channels (Facebook, WhatsApp, X) report it from their resilience pipelines.
    /// </summary>
    /// <param name="change">What changed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the change is handled.</returns>
    /// <remarks>The default implementation does nothing: a sink that only cares about accounts need not implement it.</remarks>
    Task OnCircuitChangedAsync(ChannelCircuitChanged change, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Tells the host's <see cref="IChannelHealthSink"/>s when a channel account's token is refused and when calls succeed
/// again, each change once rather than on every call. Channel adapters (ours and integrators') keep one per channel.
/// </summary>
/// <remarks>
/// Thread-safe. A sink that throws does not stop the others; the failure goes to the callback given at construction.
/// The channel's resilience pipeline reports its circuit breaker through <see cref="ReportCircuitAsync"/>.
/// </remarks>
public sealed class ChannelHealthTracker
{
    private readonly IChannelHealthSink[] _sinks;
    private readonly TimeProvider _time;
    private readonly Action<ChannelHealthChanged, Exception>? _sinkFailed;
    private readonly Action<ChannelCircuitChanged, Exception>? _circuitSinkFailed;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ChannelAccountId, ChannelHealthStatus> _health = new();
    private int _circuit = (int)ChannelCircuitState.Closed;

    /// <summary>Initializes a new instance of the <see cref="ChannelHealthTracker"/> class.</summary>
    /// <param name="channel">The channel whose accounts it tracks.</param>
    /// <param name="sinks">The sinks to tell.</param>
    /// <param name="time">The clock that stamps the changes.</param>
    /// <param name="sinkFailed">Called when a sink throws (to log it), with the change it was told.</param>
    /// <exception cref="ArgumentNullException"><paramref name="sinks"/> or <paramref name="time"/> is <see langword="null"/>.</exception>
    public ChannelHealthTracker(ChannelId channel, IEnumerable<IChannelHealthSink> sinks, TimeProvider time, Action<ChannelHealthChanged, Exception>? sinkFailed = null)
    {
        ArgumentNullException.ThrowIfNull(sinks);
        ArgumentNullException.ThrowIfNull(time);
        Channel = channel;
        _sinks = [.. sinks];
        _time = time;
        _sinkFailed = sinkFailed;
    }

    /// <summary>Initializes a new instance of the <see cref="ChannelHealthTracker"/> class that also reports a circuit breaker.</summary>
    /// <param name="channel">The channel whose accounts and circuit it tracks.</param>
    /// <param name="sinks">The sinks to tell.</param>
    /// <param name="time">The clock that stamps the changes.</param>
    /// <param name="sinkFailed">Called when a sink throws on an account's change (to log it), with the change it was told.</param>
    /// <param name="circuitSinkFailed">Called when a sink throws on a circuit change (to log it), with the change it was told.</param>
    /// <exception cref="ArgumentNullException"><paramref name="sinks"/> or <paramref name="time"/> is <see langword="null"/>.</exception>
    public ChannelHealthTracker(
        ChannelId channel,
        IEnumerable<IChannelHealthSink> sinks,
        TimeProvider time,
        Action<ChannelHealthChanged, Exception>? sinkFailed,
        Action<ChannelCircuitChanged, Exception>? circuitSinkFailed)
        : this(channel, sinks, time, sinkFailed)
    {
        _circuitSinkFailed = circuitSinkFailed;
    }

    /// <summary>Gets the channel whose accounts this tracker follows.</summary>
    public ChannelId Channel { get; }

    /// <summary>Returns an account's health as last reported (<see cref="ChannelHealthStatus.Healthy"/> until something else is).</summary>
    /// <param name="account">The account.</param>
    /// <returns>The health.</returns>
    public ChannelHealthStatus GetStatus(ChannelAccountId account) => _health.GetValueOrDefault(account, ChannelHealthStatus.Healthy);

    /// <summary>
    /// Records the outcome of a call: success makes the account healthy, an error of kind
    /// <see cref="ChannelErrorKind.Unauthorized"/> makes it unauthorized, and any other error changes nothing.
    /// </summary>
    /// <param name="account">The account the call was made for.</param>
    /// <param name="error">The call's error, or <see langword="null"/> when it succeeded.</param>
    /// <param name="cancellationToken">Cancels the sinks' work.</param>
    /// <returns>The change the sinks were told of, or <see langword="null"/> when the health did not change.</returns>
    public Task<ChannelHealthChanged?> ReportAsync(ChannelAccountId account, ChannelError? error, CancellationToken cancellationToken)
        => error is null ? SetAsync(account, ChannelHealthStatus.Healthy, null, cancellationToken)
            : error.Kind == ChannelErrorKind.Unauthorized ? SetAsync(account, ChannelHealthStatus.Unauthorized, error, cancellationToken)
            : Task.FromResult<ChannelHealthChanged?>(null);

    /// <summary>Sets an account's health (a revoked authorisation reported by a webhook, say) and tells the sinks when it changed.</summary>
    /// <param name="account">The account.</param>
    /// <param name="status">The health now.</param>
    /// <param name="error">What caused it, when an error did.</param>
    /// <param name="cancellationToken">Cancels the sinks' work.</param>
    /// <returns>The change the sinks were told of, or <see langword="null"/> when the health did not change.</returns>
    public async Task<ChannelHealthChanged?> SetAsync(ChannelAccountId account, ChannelHealthStatus status, ChannelError? error, CancellationToken cancellationToken)
    {
        var previous = GetStatus(account);
        if (previous == status || !_health.TryUpdate(account, status, previous) && !_health.TryAdd(account, status))
        {
            return null;
        }

        var change = new ChannelHealthChanged(Channel, account, status, _time.GetUtcNow()) { Error = error };
        foreach (var sink in _sinks)
        {
            try
            {
                await sink.OnHealthChangedAsync(change, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                _sinkFailed?.Invoke(change, exception);
            }
        }

        return change;
    }

    /// <summary>
    /// Records a change of the channel's circuit breaker and tells the sinks (<see cref="IChannelHealthSink.OnCircuitChangedAsync"/>),
    /// once per change: reporting the state the circuit is already in tells nobody. Call it from the breaker's
    /// <c>OnOpened</c>, <c>OnHalfOpened</c> and <c>OnClosed</c> callbacks.
    /// </summary>
    /// <param name="state">The state now.</param>
    /// <param name="breakDuration">How long the circuit stays open, for <see cref="ChannelCircuitState.Open"/>.</param>
    /// <param name="cancellationToken">Cancels the sinks' work.</param>
    /// <returns>The change the sinks were told of, or <see langword="null"/> when the state did not change.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is not a defined state.</exception>
    public async Task<ChannelCircuitChanged?> ReportCircuitAsync(ChannelCircuitState state, TimeSpan? breakDuration, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(state))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "Not a circuit state.");
        }

        if (Interlocked.Exchange(ref _circuit, (int)state) == (int)state)
        {
            return null;
        }

        var change = new ChannelCircuitChanged(Channel, state, _time.GetUtcNow()) { BreakDuration = state == ChannelCircuitState.Open ? breakDuration : null };
        foreach (var sink in _sinks)
        {
            try
            {
                await sink.OnCircuitChangedAsync(change, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                _circuitSinkFailed?.Invoke(change, exception);
            }
        }

        return change;
    }
}
