using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace SocialCare.Core;

/// <summary>
/// Runs what happens without anyone acting: SLA warnings and breaches, automatic resolve and close, sending queued
/// replies, and draining the assignment queue.
/// </summary>
/// <remarks>
/// A singleton, thread-safe. A host runs <see cref="RunAsync"/> as a background service (<c>AddSocialCare()</c>
/// registers one); tests call <see cref="RunDueAsync"/> and <see cref="DispatchOutboxAsync"/> after advancing a fake
/// <see cref="TimeProvider"/>. All time comes from the registered <see cref="TimeProvider"/>, so runs are deterministic.
/// </remarks>
public sealed class TicketScheduler
{
    private readonly TicketEngine _engine;
    private readonly TimeProvider _time;
    private readonly OutboxSignal _signal;
    private readonly SocialCareOptions _options;
    private readonly ILogger _logger;

    internal TicketScheduler(TicketEngine engine, TimeProvider time, OutboxSignal signal, IOptions<SocialCareOptions> options, ILoggerFactory? loggerFactory = null)
    {
        _engine = engine;
        _time = time;
        _signal = signal;
        _options = options.Value;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<TicketScheduler>();
    }

    /// <summary>Applies every timer due by now: SLA warnings and breaches (each stamped with the instant it fell due), automatic resolve and close.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>How many tickets were processed.</returns>
    public Task<int> RunDueAsync(CancellationToken cancellationToken = default) => _engine.RunDueAsync(cancellationToken);

    /// <summary>Sends the queued replies that are due, each at most once, and records the network's id or the failure.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>How many outbox entries were handed to adapters.</returns>
    public Task<int> DispatchOutboxAsync(CancellationToken cancellationToken = default) => _engine.DispatchOutboxAsync(cancellationToken);

    /// <summary>Runs one round: due timers, queued replies, then the assignment queue.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the round is done.</returns>
    public async Task RunOnceAsync(CancellationToken cancellationToken = default)
    {
        await _engine.RunDueAsync(cancellationToken).ConfigureAwait(false);
        await _engine.DispatchOutboxAsync(cancellationToken).ConfigureAwait(false);
        await _engine.DrainQueueAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs rounds until cancelled: at the next due timer, when a reply is queued, and at least every <see cref="SocialCareOptions.SchedulerInterval"/>.</summary>
    /// <param name="cancellationToken">Stops the loop.</param>
    /// <returns>A task that completes when the loop stops.</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var wait = _options.SchedulerInterval;
            try
            {
                await RunOnceAsync(cancellationToken).ConfigureAwait(false);
                if (await _engine.NextWakeAsync(cancellationToken).ConfigureAwait(false) is { } next)
                {
                    var until = next - _time.GetUtcNow();
                    // A timer still due after a round would spin the loop: wait a moment before trying again.
                    wait = until <= TimeSpan.Zero ? TimeSpan.FromSeconds(1) : until < wait ? until : wait;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.BackgroundLoopFailed(ex);
            }

            try
            {
                await _signal.WaitAsync(wait, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
