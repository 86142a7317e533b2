using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Twitter;

/// <summary>
/// The part of the X webhook endpoint that runs before any JSON is read (x.md §1.3, §2): answers the CRC challenge
/// (a GET with <c>crc_token</c>), refuses other methods, and checks <c>x-twitter-webhooks-signature</c> over the raw body.
/// </summary>
/// <remarks>
/// <para>
/// The signature is <c>sha256=</c> and the base64 HMAC-SHA256 of the body keyed with the consumer secret; the previous
/// consumer secret is accepted too while one is configured (rotation). When only the unofficial
/// <c>x-twitter-webhooks-signature-oauth2</c> header is sent and an OAuth 2.0 client secret is configured, that header is
/// checked with the client secret instead (x.md §2, §10.10).
/// </para>
/// <para>
/// Thread-safe; one per adapter. The keys are encoded once; a check allocates nothing (digests and decoded signatures live on
/// the stack) and compares in constant time against every configured key. CRC answers are computed afresh each time, never
/// cached. Secrets, tokens and bodies are never logged.
/// </para>
/// </remarks>
internal sealed class XWebhookEndpoint
{
    private const int DigestSize = HMACSHA256.HashSizeInBytes;

    /// <summary>Room for a decoded signature: 44 base64 characters may decode to up to 33 bytes before padding is checked.</summary>
    private const int DecodeBufferSize = 48;

    private readonly byte[] _consumerKey;
    private readonly byte[]? _previousConsumerKey;
    private readonly byte[]? _oauth2Key;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="XWebhookEndpoint"/> class.</summary>
    /// <param name="options">The channel's options: <see cref="XOptions.ConsumerSecret"/>, <see cref="XOptions.PreviousConsumerSecret"/> and <see cref="XOptions.OAuth2ClientSecret"/> are read once, here.</param>
    /// <param name="logger">The logger.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="logger"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><see cref="XOptions.ConsumerSecret"/> is empty.</exception>
    public XWebhookEndpoint(XOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (string.IsNullOrEmpty(options.ConsumerSecret))
        {
            throw new ArgumentException("The consumer secret is required to answer CRC challenges and verify webhook signatures.", nameof(options));
        }

        _consumerKey = Encoding.UTF8.GetBytes(options.ConsumerSecret);
        _previousConsumerKey = string.IsNullOrEmpty(options.PreviousConsumerSecret) ? null : Encoding.UTF8.GetBytes(options.PreviousConsumerSecret);
        _oauth2Key = string.IsNullOrEmpty(options.OAuth2ClientSecret) ? null : Encoding.UTF8.GetBytes(options.OAuth2ClientSecret);
        _logger = logger;
    }

    /// <summary>What a signature header was found to be.</summary>
    private enum Check
    {
        Malformed,
        Mismatch,
        MatchedFirst,
        MatchedSecond,
    }

    /// <summary>
    /// Answers what needs no parsing: the CRC challenge (a GET), another method, or a POST whose signature is missing or wrong.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns>
    /// The result to answer with; <see langword="null"/> when the request is a POST with a valid signature, whose body may
    /// now be parsed.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    public WebhookResult? Authenticate(WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.IsGet)
        {
            return AnswerCrc(request);
        }

        if (!request.IsPost)
        {
            return Reject(WebhookRejection.MethodNotAllowed, "only GET (CRC challenge) and POST (events) are accepted");
        }

        var body = request.Body.Span;
        var header = request.GetHeader(XDefaults.SignatureHeader);
        if (header is not null)
        {
            switch (Verify(body, header, _consumerKey, _previousConsumerKey))
            {
                case Check.MatchedFirst:
                    _logger.SignatureVerified(XDefaults.SignatureHeader, "consumer secret");
                    return null;
                case Check.MatchedSecond:
                    _logger.SignatureVerified(XDefaults.SignatureHeader, "previous consumer secret");
                    _logger.PreviousSecretUsed();
                    return null;
                case Check.Malformed:
                    return Reject(WebhookRejection.InvalidSignature, "the x-twitter-webhooks-signature header is not 'sha256=' and a base64 SHA-256 digest");
                default:
                    return Reject(WebhookRejection.InvalidSignature, "the x-twitter-webhooks-signature header does not match the body");
            }
        }

        var oauth2Header = request.GetHeader(XDefaults.OAuth2SignatureHeader);
        if (oauth2Header is null)
        {
            return Reject(WebhookRejection.MissingSignature, "the x-twitter-webhooks-signature header is missing");
        }

        if (_oauth2Key is null)
        {
            return Reject(WebhookRejection.MissingSignature, "only x-twitter-webhooks-signature-oauth2 was sent, and no OAuth 2.0 client secret is configured to check it");
        }

        switch (Verify(body, oauth2Header, _oauth2Key, null))
        {
            case Check.MatchedFirst:
                _logger.SignatureVerified(XDefaults.OAuth2SignatureHeader, "OAuth 2.0 client secret");
                return null;
            case Check.Malformed:
                return Reject(WebhookRejection.InvalidSignature, "the x-twitter-webhooks-signature-oauth2 header is not 'sha256=' and a base64 SHA-256 digest");
            default:
                return Reject(WebhookRejection.InvalidSignature, "the x-twitter-webhooks-signature-oauth2 header does not match the body");
        }
    }

    private static Check Verify(ReadOnlySpan<byte> body, string header, byte[] first, byte[]? second)
    {
        var value = header.AsSpan().Trim();
        if (!value.StartsWith(XWebhookSigner.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return Check.Malformed;
        }

        Span<byte> expected = stackalloc byte[DecodeBufferSize];
        if (!Convert.TryFromBase64Chars(value[XWebhookSigner.Prefix.Length..], expected, out var length) || length != DigestSize)
        {
            return Check.Malformed;
        }

        expected = expected[..DigestSize];
        Span<byte> actual = stackalloc byte[DigestSize];
        HMACSHA256.HashData(first, body, actual);
        var matchedFirst = CryptographicOperations.FixedTimeEquals(actual, expected);

        // The second key is always tried when configured, so the time taken does not tell which key matched.
        var matchedSecond = false;
        if (second is not null)
        {
            HMACSHA256.HashData(second, body, actual);
            matchedSecond = CryptographicOperations.FixedTimeEquals(actual, expected);
        }

        CryptographicOperations.ZeroMemory(actual);
        return matchedFirst ? Check.MatchedFirst : matchedSecond ? Check.MatchedSecond : Check.Mismatch;
    }

    private WebhookResult AnswerCrc(WebhookRequest request)
    {
        // A nonce parameter may come with it (legacy docs): it plays no part in the answer.
        var token = request.GetQuery("crc_token");
        if (string.IsNullOrEmpty(token))
        {
            return Reject(WebhookRejection.HandshakeFailed, "a GET must carry a crc_token query parameter");
        }

        // The base64 alphabet needs no JSON escaping.
        var responseToken = XWebhookSigner.ComputeOverText(_consumerKey, token);
        _logger.CrcAnswered();
        return WebhookResult.Handshake("{\"response_token\":\"" + responseToken + "\"}", "application/json");
    }

    private WebhookResult Reject(WebhookRejection rejection, string reason)
    {
        _logger.WebhookRejected(rejection, reason);
        return WebhookResult.Rejected(rejection, reason);
    }
}
