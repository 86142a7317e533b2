namespace SocialCare.Abstractions;

/// <summary>
/// Identifies one network event for de-duplication: the networks redeliver events, and processing the same key twice
/// must change nothing.
/// </summary>
/// <param name="Channel">The channel the event came from.</param>
/// <param name="Account">The brand's account that received it.</param>
/// <param name="EventId">
/// The network's id of the event, or a stable composite of its fields when the network gives none (for example a
/// Messenger read receipt is keyed by the sender and its watermark). The same delivery must always yield the same id.
/// </param>
public readonly record struct IdempotencyKey(ChannelId Channel, ChannelAccountId Account, string EventId)
{
    /// <summary>Returns the key as <c>channel/account/event</c>.</summary>
    /// <returns>The key's text form.</returns>
    public override string ToString() => $"{Channel}/{Account}/{EventId}";
}
