using SocialCare.Abstractions;

namespace SocialCare.Testing;

/// <summary>
/// A network as the adapter conformance suite sees it: the messages it accepted, and the faults it answers the next
/// request with when told to. The same faults are injected into every channel, so that
/// <see cref="ChannelAdapterContractTests"/> checks how each adapter maps them to a <see cref="ChannelError"/>.
/// </summary>
/// <remarks>
/// <para>
/// Implemented by <see cref="Meta.GraphApiEmulator"/> (Messenger, Page comments, WhatsApp Cloud API) and
/// <see cref="XApiEmulator"/>. An integrator implements it on the fake of their own network (an
/// <see cref="HttpMessageHandler"/> used as the primary handler of the adapter's <c>HttpClient</c>, say) to run the
/// suite's outbound tests.
/// </para>
/// <para>
/// Each <c>FailNext…</c> call queues one fault for the next request the network receives, whatever it is; several calls
/// queue up in order. A fault the network cannot produce (a closed reply window on a network that has none) throws
/// <see cref="NotSupportedException"/> rather than queueing nothing. Implementations are thread-safe.
/// </para>
/// </remarks>
public interface INetworkFaults
{
    /// <summary>Gets the messages the network accepted so far, in order (failed and refused requests are not among them).</summary>
    IReadOnlyList<AcceptedMessage> AcceptedMessages { get; }

    /// <summary>Makes the next request fail with a server error (HTTP 5xx): trying again later may succeed.</summary>
    void FailNextWithServerError();

    /// <summary>Makes the next request fail with the network's rate limit, asking to wait <paramref name="retryAfter"/> before trying again.</summary>
    /// <param name="retryAfter">The wait the network asks for, in whole seconds (however the network says it: a <c>Retry-After</c> header, a reset time).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retryAfter"/> is negative.</exception>
    void FailNextWithRateLimit(TimeSpan retryAfter);

    /// <summary>Makes the next request fail before reaching the network: the connection cannot be established, nothing is processed.</summary>
    void FailNextWithConnectionError();

    /// <summary>Makes the next request fail because the access token (or API key) is invalid or expired.</summary>
    void FailNextWithInvalidToken();

    /// <summary>Makes the next request fail because the conversation's reply window has closed (free text is no longer allowed).</summary>
    /// <exception cref="NotSupportedException">The network has no reply window.</exception>
    void FailNextOutsideWindow();
}

/// <summary>A message a network (or its emulator) accepted from an adapter.</summary>
/// <param name="Id">The network's id of the message, as it answered it (the id a <see cref="SendResult"/> should carry).</param>
/// <param name="Recipient">Who the message went to, as the request named them (a Page-scoped id, a phone number, a user id, or the post or comment answered).</param>
/// <param name="Text">The message's text, or <see langword="null"/> when it carried none (an attachment only).</param>
public sealed record AcceptedMessage(string Id, string Recipient, string? Text);
