using SocialCare.Abstractions;

namespace SocialCare.Samples.Console.Webchat;

/// <summary>Signs webchat callbacks exactly as the widget does: for tests, emulators and this demo.</summary>
public static class WebchatSigner
{
    /// <summary>The header that carries the signature.</summary>
    public const string HeaderName = "X-Webchat-Signature";

    /// <summary>The text before the digest in <see cref="HeaderName"/>.</summary>
    public const string Prefix = "sha256=";

    /// <summary>Computes the value of <see cref="HeaderName"/> for a body.</summary>
    /// <param name="secret">The shared secret.</param>
    /// <param name="body">The raw body bytes, exactly as they will be sent.</param>
    /// <returns><c>sha256=</c> and the lower-case hex HMAC-SHA256 of <paramref name="body"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="secret"/> is <see langword="null"/>.</exception>
    public static string CreateHeader(string secret, ReadOnlySpan<byte> body)
        => Prefix + WebhookSignatureVerifier.Compute(secret, body, SignatureEncoding.Hex);

    /// <summary>Creates a signed callback request, as the widget POSTs it.</summary>
    /// <param name="secret">The shared secret.</param>
    /// <param name="body">The raw body bytes.</param>
    /// <returns>A POST to <c>/webhooks/webchat</c> carrying <paramref name="body"/> and its signature.</returns>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="secret"/> or <paramref name="body"/> is <see langword="null"/>.</exception>
    public static WebhookRequest CreateRequest(string secret, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return WebhookRequest.Post("/webhooks/webchat", body, new Dictionary<string, string> { [HeaderName] = CreateHeader(secret, body) });
    }
}
