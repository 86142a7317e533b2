using Microsoft.Extensions.Logging;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Meta;

/// <summary>The Abstractions' <see cref="ChannelHealthTracker"/> with the Meta channels' logging, keyed by the Graph account id.</summary>
/// <remarks>Thread-safe; one per channel adapter.</remarks>
internal sealed class MetaHealth(ChannelId channel, IEnumerable<IChannelHealthSink> sinks, TimeProvider time, ILogger logger)
{
    private readonly ChannelHealthTracker _tracker = new(channel, sinks, time, (change, exception) => logger.HealthSinkFailed(change.Channel, change.Account.Value, exception));

    /// <summary>Records the outcome of a call for an account: success, an authorization failure, or another error (which changes nothing).</summary>
    /// <param name="account">The account (a Page id, a phone number id).</param>
    /// <param name="error">The call's error, or <see langword="null"/> when it succeeded.</param>
    /// <param name="cancellationToken">Cancels the sinks' work.</param>
    /// <returns>A task that completes when the sinks were told.</returns>
    public async Task ReportAsync(string account, ChannelError? error, CancellationToken cancellationToken)
    {
        if (await _tracker.ReportAsync(new ChannelAccountId(account), error, cancellationToken).ConfigureAwait(false) is { } change)
        {
            logger.HealthChanged(change.Channel, account, change.Status, error?.Code ?? "ok");
        }
    }
}
