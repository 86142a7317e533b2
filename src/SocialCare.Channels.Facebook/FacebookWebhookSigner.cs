using SocialCare.Abstractions;
using SocialCare.Channels.Meta;

namespace SocialCare.Channels.Facebook;

/// <summary>
/// Signs webhook bodies the way Meta does, for the Facebook channel's path: <see cref="MetaWebhookSigner"/> with
/// <c>/webhooks/facebook</c> as the default path.
/// </summary>
/// <remarks>For tests and local emulators: production requests are signed by Meta.</remarks>
public static class FacebookWebhookSigner
{
    /// <summary>Computes the <c>X-Hub-Signature-256</c> header value of a body.</summary>
    /// <param name="body">The exact bytes that will be sent.</param>
    /// <param name="appSecret">The Meta app secret.</param>
    /// <returns>The header value.</returns>
    /// <exception cref="ArgumentException"><paramref name="appSecret"/> is <see langword="null"/> or empty.</exception>
    public static string Sign(ReadOnlySpan<byte> body, string appSecret) => MetaWebhookSigner.Sign(body, appSecret);

    /// <summary>Builds a signed webhook POST for the Facebook channel.</summary>
    /// <param name="json">The webhook body, sent as UTF-8.</param>
    /// <param name="appSecret">The Meta app secret.</param>
    /// <param name="path">The request path.</param>
    /// <returns>The request, with <c>X-Hub-Signature-256</c> and <c>Content-Type</c> headers.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> or <paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="appSecret"/> is <see langword="null"/> or empty.</exception>
    public static WebhookRequest CreateRequest(string json, string appSecret, string path = "/webhooks/facebook")
        => MetaWebhookSigner.CreateRequest(json, appSecret, path);

    /// <summary>Builds a signed webhook POST for the Facebook channel.</summary>
    /// <param name="body">The exact bytes of the body.</param>
    /// <param name="appSecret">The Meta app secret.</param>
    /// <param name="path">The request path.</param>
    /// <returns>The request, with <c>X-Hub-Signature-256</c> and <c>Content-Type</c> headers.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="appSecret"/> is <see langword="null"/> or empty.</exception>
    public static WebhookRequest CreateRequest(ReadOnlyMemory<byte> body, string appSecret, string path = "/webhooks/facebook")
        => MetaWebhookSigner.CreateRequest(body, appSecret, path);

    /// <summary>Builds the set-up handshake Meta sends when the callback URL is configured.</summary>
    /// <param name="verifyToken">The verify token typed into the App Dashboard.</param>
    /// <param name="challenge">The challenge the endpoint must echo.</param>
    /// <param name="path">The request path.</param>
    /// <returns>The GET request.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static WebhookRequest CreateHandshake(string verifyToken, string challenge, string path = "/webhooks/facebook")
        => MetaWebhookSigner.CreateHandshake(verifyToken, challenge, path);
}
