namespace SocialCare.Abstractions;

/// <summary>
/// A channel: verifies and translates the network's webhooks into <see cref="InboundEvent"/>s, and sends messages to
/// the network.
/// </summary>
/// <remarks>
/// <para>
/// Implemented by each channel package (Facebook, WhatsApp, X) and by integrators who add their own channels; called by
/// the SocialCare pipeline, never by application code. Register one with
/// <c>builder.AddChannelAdapter&lt;TAdapter&gt;()</c>; at most one adapter per <see cref="Channel"/>.
/// </para>
/// <para>
/// Adapters are singletons and must be thread-safe. <see cref="ReceiveAsync"/> must check the request's signature over
/// the raw body bytes, in constant time, before reading any JSON, and must not throw for bad input: it answers with
/// <see cref="WebhookResult.Rejected(WebhookRejection, string?, int?)"/> instead.
/// </para>
/// </remarks>
public interface IChannelAdapter
{
    /// <summary>Gets the channel this adapter serves; webhooks for it arrive at <c>/webhooks/{channel}</c>.</summary>
    ChannelId Channel { get; }

    /// <summary>Gets what the channel can do.</summary>
    ChannelCapabilities Capabilities { get; }

    /// <summary>Verifies and reads one webhook request.</summary>
    /// <param name="request">The request, with its raw body.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>
    /// A handshake answer, the events the request carried (with their raw JSON fragments), a deliberate ignore, or a
    /// rejection with the HTTP status to answer.
    /// </returns>
    ValueTask<WebhookResult> ReceiveAsync(WebhookRequest request, CancellationToken cancellationToken);

    /// <summary>Sends a message to the network.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The network's id of the message, or the network's error translated into a <see cref="ChannelError"/>.</returns>
    /// <exception cref="NotSupportedException">The message needs a feature or content kind that <see cref="Capabilities"/> does not declare.</exception>
    Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken);
}
