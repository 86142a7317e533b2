using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Meta;

/// <summary>
/// Tells the host's <see cref="IChannelHealthSink"/>s when an account's token is refused (Graph 190 and kin) and when calls
/// succeed again; each change is raised once, not on every call.
/// </summary>
/// <remarks>Thread-safe; one per channel adapter.</remarks>
internal sealed class ChannelHealthTracker(ChannelId channel, IEnumerable<IChannelHealthSink> sinks, TimeProvider time, ILogger logger)
{
    private readonly IChannelHealthSink[] _sinks = [.. sinks];
    private readonly ConcurrentDictionary<string, ChannelHealthStatus> _health = new(StringComparer.Ordinal);

    /// <summary>Records the outcome of a call for an account: success, an authorization failure, or another error (which changes nothing).</summary>
    /// <param name="account">The account (a Page id, a phone number id).</param>
    /// <param name="error">The call's error, or <see langword="null"/> when it succeeded.</param>
    /// <param name="cancellationToken">Cancels the sinks' work.</param>
    /// <returns>A task that completes when the sinks were told.</returns>
    public async Task ReportAsync(string account, ChannelError? error, CancellationToken cancellationToken)
    {
        ChannelHealthStatus status;
        if (error is null)
        {
            status = ChannelHealthStatus.Healthy;
        }
        else if (error.Kind == ChannelErrorKind.Unauthorized)
        {
            status = ChannelHealthStatus.Unauthorized;
        }
        else
        {
            return;
        }

        var previous = _health.GetValueOrDefault(account, ChannelHealthStatus.Healthy);
        if (previous == status || !_health.TryUpdate(account, status, previous) && !_health.TryAdd(account, status))
        {
            return;
        }

        logger.HealthChanged(channel, account, status, error?.Code ?? "ok");
        var change = new ChannelHealthChanged(channel, new ChannelAccountId(account), status, time.GetUtcNow()) { Error = error };
        foreach (var sink in _sinks)
        {
            try
            {
                await sink.OnHealthChangedAsync(change, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.HealthSinkFailed(channel, account, exception);
            }
        }
    }
}
