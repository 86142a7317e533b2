using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Meta;

/// <summary>
/// The part of a Meta webhook endpoint every Meta product shares (meta.md §1–§2): answers the set-up handshake
/// (<c>hub.mode</c>, <c>hub.verify_token</c>, <c>hub.challenge</c>), refuses other methods, and checks
/// <c>X-Hub-Signature-256</c> over the raw body before anything reads it.
/// </summary>
/// <remarks>Thread-safe; one per channel adapter. Logs rejections and handshakes with the channel's name, never tokens or secrets.</remarks>
public sealed class MetaWebhookEndpoint
{
    private readonly ChannelId _channel;
    private readonly MetaSignatureVerifier _signature;
    private readonly byte[] _verifyToken;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="MetaWebhookEndpoint"/> class.</summary>
    /// <param name="channel">The channel the endpoint serves, for logs.</param>
    /// <param name="appSecret">The Meta app secret.</param>
    /// <param name="previousAppSecret">The secret being rotated out, accepted as well; <see langword="null"/> when none.</param>
    /// <param name="verifyToken">The verify token typed into the App Dashboard.</param>
    /// <param name="logger">The logger, when any.</param>
    /// <exception cref="ArgumentNullException"><paramref name="verifyToken"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">No app secret is given.</exception>
    public MetaWebhookEndpoint(ChannelId channel, string appSecret, string? previousAppSecret, string verifyToken, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(verifyToken);
        _channel = channel;
        _signature = new MetaSignatureVerifier(appSecret, previousAppSecret);
        _verifyToken = Encoding.UTF8.GetBytes(verifyToken);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Answers what needs no parsing: the handshake (a GET), another method, or a POST whose signature is missing or wrong.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns>
    /// The result to answer with; <see langword="null"/> when the request is a POST with a valid signature, whose body
    /// may now be parsed.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    public WebhookResult? Authenticate(WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.IsGet)
        {
            return Handshake(request);
        }

        if (!request.IsPost)
        {
            return Reject(WebhookRejection.MethodNotAllowed, "only GET (set-up handshake) and POST (events) are accepted");
        }

        var header = request.GetHeader(MetaDefaults.SignatureHeader);
        var legacyOnly = header is null && request.GetHeader(MetaDefaults.LegacySignatureHeader) is not null;
        return _signature.Check(request.Body.Span, header, legacyOnly) is { } failed ? Reject(failed.Rejection, failed.Reason) : null;
    }

    /// <summary>Rejects a request, logging why.</summary>
    /// <param name="rejection">The rejection.</param>
    /// <param name="reason">Why, without content, tokens or secrets.</param>
    /// <returns>The result to answer with.</returns>
    public WebhookResult Reject(WebhookRejection rejection, string reason)
    {
        _logger.WebhookRejected(_channel, rejection, reason);
        return WebhookResult.Rejected(rejection, reason);
    }

    private WebhookResult Handshake(WebhookRequest request)
    {
        var mode = request.GetQuery("hub.mode");
        var token = request.GetQuery("hub.verify_token");
        var challenge = request.GetQuery("hub.challenge");
        if (!string.Equals(mode, "subscribe", StringComparison.Ordinal) || token is null || string.IsNullOrEmpty(challenge))
        {
            return Reject(WebhookRejection.HandshakeFailed, "not a Meta subscription handshake (hub.mode, hub.verify_token, hub.challenge)");
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), _verifyToken))
        {
            return Reject(WebhookRejection.HandshakeFailed, "the verify token does not match");
        }

        _logger.HandshakeAnswered(_channel);
        return WebhookResult.Handshake(challenge);
    }
}
