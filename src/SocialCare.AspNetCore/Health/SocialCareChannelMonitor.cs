using System.Collections.Concurrent;
using SocialCare.Abstractions;
using SocialCare.Core;

namespace SocialCare.AspNetCore;

/// <summary>
/// What the channel health checks report: per channel, the webhooks the endpoint answered, the accounts' health and the
/// circuit breaker's state, as the adapters and resilience pipelines tell every <see cref="IChannelHealthSink"/>.
/// </summary>
/// <remarks>Thread-safe singleton, registered by <c>AddSocialCareChannels()</c>; the webhook endpoint records into it when it is registered.</remarks>
internal sealed class SocialCareChannelMonitor(TimeProvider time) : IChannelHealthSink
{
    private readonly ConcurrentDictionary<ChannelId, ChannelRecord> _channels = new();

    /// <summary>Records the pipeline's answer to a webhook request for a channel.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="response">The answer.</param>
    public void WebhookAnswered(ChannelId channel, WebhookResponse response)
    {
        var record = For(channel);
        switch (response.Outcome)
        {
            case WebhookOutcome.Rejected:
                Interlocked.Increment(ref record.Rejected);
                break;
            case WebhookOutcome.Accepted or WebhookOutcome.Ignored:
                // A verified delivery: the network reaches us, even when storing failed and it must deliver again.
                Interlocked.Exchange(ref record.LastSeenTicks, time.GetUtcNow().UtcTicks);
                if (response.Failed == 0)
                {
                    Interlocked.Increment(ref record.Accepted);
                }
                else
                {
                    Interlocked.Increment(ref record.Failed);
                }

                break;
        }
    }

    /// <summary>Records a webhook request refused before it reached the pipeline (too large, unreadable).</summary>
    /// <param name="channel">The channel.</param>
    public void WebhookRefused(ChannelId channel) => Interlocked.Increment(ref For(channel).Rejected);

    /// <inheritdoc/>
    public Task OnHealthChangedAsync(ChannelHealthChanged change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        For(change.Channel).Accounts[change.Account] = change.Status;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task OnCircuitChangedAsync(ChannelCircuitChanged change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        Volatile.Write(ref For(change.Channel).Circuit, change);
        return Task.CompletedTask;
    }

    /// <summary>Returns what is known of a channel now.</summary>
    /// <param name="channel">The channel.</param>
    /// <returns>A snapshot.</returns>
    public ChannelSnapshot Snapshot(ChannelId channel)
    {
        var record = For(channel);
        var lastSeen = Interlocked.Read(ref record.LastSeenTicks);
        return new ChannelSnapshot(
            channel,
            lastSeen == 0 ? null : new DateTimeOffset(lastSeen, TimeSpan.Zero),
            Interlocked.Read(ref record.Accepted),
            Interlocked.Read(ref record.Rejected),
            Interlocked.Read(ref record.Failed),
            record.Accounts.ToArray(),
            Volatile.Read(ref record.Circuit));
    }

    private ChannelRecord For(ChannelId channel) => _channels.GetOrAdd(channel, static _ => new ChannelRecord());

    /// <summary>One channel's counters and states; fields, so that they can be updated with <see cref="Interlocked"/>.</summary>
    private sealed class ChannelRecord
    {
        public long Accepted;
        public long Rejected;
        public long Failed;
        public long LastSeenTicks;
        public ChannelCircuitChanged? Circuit;

        public ConcurrentDictionary<ChannelAccountId, ChannelHealthStatus> Accounts { get; } = new();
    }
}

/// <summary>What the monitor knows of a channel at one moment.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="LastWebhookAt">When the last verified webhook was answered, if ever.</param>
/// <param name="Accepted">Verified webhooks acknowledged.</param>
/// <param name="Rejected">Webhooks refused (unsigned, forged, malformed, too large).</param>
/// <param name="Failed">Verified webhooks that could not be stored (answered 503, delivered again by the network).</param>
/// <param name="Accounts">The accounts whose health an adapter reported, with their health now.</param>
/// <param name="Circuit">The circuit breaker's last change, or <see langword="null"/> while it never opened.</param>
internal sealed record ChannelSnapshot(
    ChannelId Channel,
    DateTimeOffset? LastWebhookAt,
    long Accepted,
    long Rejected,
    long Failed,
    IReadOnlyList<KeyValuePair<ChannelAccountId, ChannelHealthStatus>> Accounts,
    ChannelCircuitChanged? Circuit);
