using System.Collections.Frozen;
using System.Text;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Meta;

/// <summary>
/// Signs webhook bodies the way Meta does, so that tests and emulators can send Meta channels requests they accept (as
/// Stripe's <c>GenerateSignatureHeader</c> does for Stripe webhooks).
/// </summary>
/// <remarks>For tests and local emulators: production requests are signed by Meta.</remarks>
public static class MetaWebhookSigner
{
    /// <summary>Computes the <c>X-Hub-Signature-256</c> header value (<c>sha256=</c> and 64 lowercase hex digits) of a body.</summary>
    /// <param name="body">The exact bytes that will be sent.</param>
    /// <param name="appSecret">The Meta app secret.</param>
    /// <returns>The header value.</returns>
    /// <exception cref="ArgumentException"><paramref name="appSecret"/> is <see langword="null"/> or empty.</exception>
    public static string Sign(ReadOnlySpan<byte> body, string appSecret)
        => "sha256=" + WebhookSignatureVerifier.Compute(appSecret, body, SignatureEncoding.Hex);

    /// <summary>Builds a signed webhook POST.</summary>
    /// <param name="json">The webhook body, sent as UTF-8.</param>
    /// <param name="appSecret">The Meta app secret.</param>
    /// <param name="path">The request path, such as <c>/webhooks/whatsapp</c>.</param>
    /// <returns>The request, with <c>X-Hub-Signature-256</c> and <c>Content-Type</c> headers.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> or <paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="appSecret"/> is <see langword="null"/> or empty.</exception>
    public static WebhookRequest CreateRequest(string json, string appSecret, string path)
    {
        ArgumentNullException.ThrowIfNull(json);
        return CreateRequest(Encoding.UTF8.GetBytes(json), appSecret, path);
    }

    /// <summary>Builds a signed webhook POST.</summary>
    /// <param name="body">The exact bytes of the body.</param>
    /// <param name="appSecret">The Meta app secret.</param>
    /// <param name="path">The request path, such as <c>/webhooks/whatsapp</c>.</param>
    /// <returns>The request, with <c>X-Hub-Signature-256</c> and <c>Content-Type</c> headers.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="appSecret"/> is <see langword="null"/> or empty.</exception>
    public static WebhookRequest CreateRequest(ReadOnlyMemory<byte> body, string appSecret, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [MetaDefaults.SignatureHeader] = Sign(body.Span, appSecret),
            ["Content-Type"] = "application/json",
        };
        return WebhookRequest.Post(path, body, headers.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Builds the set-up handshake Meta sends when the callback URL is configured.</summary>
    /// <param name="verifyToken">The verify token typed into the App Dashboard.</param>
    /// <param name="challenge">The challenge the endpoint must echo.</param>
    /// <param name="path">The request path.</param>
    /// <returns>The GET request.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static WebhookRequest CreateHandshake(string verifyToken, string challenge, string path)
    {
        ArgumentNullException.ThrowIfNull(verifyToken);
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(path);
        var query = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["hub.mode"] = "subscribe",
            ["hub.verify_token"] = verifyToken,
            ["hub.challenge"] = challenge,
        };
        return WebhookRequest.Get(path, query.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
