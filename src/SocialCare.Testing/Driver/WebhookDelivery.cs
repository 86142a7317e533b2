using System.Collections.Frozen;
using SocialCare.Abstractions;

namespace SocialCare.Testing;

/// <summary>
/// A webhook request a <see cref="WebhookDriver"/> sent and the application's answer, with everything needed to send it
/// again (<see cref="WebhookDriver.RedeliverAsync"/>): the exact signed body and headers.
/// </summary>
/// <param name="Channel">The channel it was sent to.</param>
/// <param name="StatusCode">The HTTP status the application answered.</param>
/// <param name="ResponseBody">The application's answer body (a handshake's echoed challenge), as text.</param>
/// <param name="NetworkMessageId">
/// The network's id of the message the webhook is about: the new <c>m_…</c>, comment, <c>wamid.…</c> or X id of a
/// customer's message, or the id a status concerns; <see langword="null"/> for handshakes.
/// </param>
public sealed record WebhookDelivery(ChannelId Channel, int StatusCode, string ResponseBody, string? NetworkMessageId)
{
    /// <summary>Gets the HTTP method: <c>POST</c> for events, <c>GET</c> for handshakes.</summary>
    public string Method { get; init; } = "POST";

    /// <summary>Gets the request's address relative to the client's base address, query included (such as <c>whatsapp</c> or <c>x?crc_token=…</c>).</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>Gets the exact body bytes that were signed and sent; empty for a handshake.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Gets the headers sent with the body: the signature (<c>X-Hub-Signature-256</c> or <c>x-twitter-webhooks-signature</c>) and <c>Content-Type</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = FrozenDictionary<string, string>.Empty;
}
