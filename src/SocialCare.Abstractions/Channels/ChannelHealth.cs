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
}
