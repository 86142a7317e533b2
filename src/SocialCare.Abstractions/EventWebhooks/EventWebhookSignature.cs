using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SocialCare.Abstractions;

/// <summary>The header names of event webhooks, as the Standard Webhooks scheme names them.</summary>
public static class EventWebhookHeaders
{
    /// <summary>The delivery's id, the same on every attempt: <c>webhook-id</c>.</summary>
    public const string Id = "webhook-id";

    /// <summary>When the attempt was signed, in seconds since 1970-01-01 UTC: <c>webhook-timestamp</c>.</summary>
    public const string Timestamp = "webhook-timestamp";

    /// <summary>The signatures, space-separated, each <c>v1,</c> followed by a base64 HMAC-SHA256: <c>webhook-signature</c>.</summary>
    public const string Signature = "webhook-signature";
}

/// <summary>
/// Signs event webhooks the Standard Webhooks way: HMAC-SHA256, keyed by the base64 secret after its <c>whsec_</c>
/// prefix, over <c>{webhook-id}.{webhook-timestamp}.{body}</c>; one <c>v1,</c> signature per secret, so that receivers
/// can move to a new secret while the old one still verifies.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class EventWebhookSigner
{
    /// <summary>The prefix of secrets.</summary>
    public const string SecretPrefix = "whsec_";

    private readonly byte[][] _keys;

    /// <summary>Initializes a new instance of the <see cref="EventWebhookSigner"/> class.</summary>
    /// <param name="secrets">The secrets, each <c>whsec_</c> followed by base64 of 24 to 64 random bytes; every one signs.</param>
    /// <exception cref="ArgumentNullException"><paramref name="secrets"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">There is no secret, or one is not a valid secret (the message says which, never what it holds).</exception>
    public EventWebhookSigner(IEnumerable<string> secrets)
    {
        _keys = DecodeSecrets(secrets);
    }

    /// <summary>Makes a new random secret, <c>whsec_</c> followed by base64 of 32 bytes.</summary>
    /// <returns>The secret.</returns>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Tells whether a text is a valid secret: <c>whsec_</c> followed by base64 of 24 to 64 bytes.</summary>
    /// <param name="secret">The text.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    public static bool IsValidSecret(string? secret) => TryDecodeSecret(secret, out _);

    /// <summary>Computes the <c>webhook-signature</c> header of one attempt.</summary>
    /// <param name="id">The delivery's id.</param>
    /// <param name="timestamp">When the attempt is made.</param>
    /// <param name="body">The body's bytes.</param>
    /// <returns><c>v1,</c> and the base64 signature, for each secret, separated by spaces.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is null or empty.</exception>
    public string Sign(string id, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var signed = SignedContent(id, timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), body);
        var header = new StringBuilder(_keys.Length * 48);
        Span<byte> digest = stackalloc byte[HMACSHA256.HashSizeInBytes];
        foreach (var key in _keys)
        {
            HMACSHA256.HashData(key, signed, digest);
            header.Append(header.Length == 0 ? "v1," : " v1,").Append(Convert.ToBase64String(digest));
        }

        return header.ToString();
    }

    internal static byte[] SignedContent(string id, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefixLength = Encoding.UTF8.GetByteCount(id) + 1 + timestamp.Length + 1;
        var signed = new byte[prefixLength + body.Length];
        var written = Encoding.UTF8.GetBytes(id, signed);
        signed[written++] = (byte)'.';
        written += Encoding.ASCII.GetBytes(timestamp, signed.AsSpan(written));
        signed[written++] = (byte)'.';
        body.CopyTo(signed.AsSpan(written));
        return signed;
    }

    internal static byte[][] DecodeSecrets(IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        List<byte[]> keys = [];
        foreach (var secret in secrets)
        {
            if (!TryDecodeSecret(secret, out var key))
            {
                throw new ArgumentException(
                    $"Secret {keys.Count + 1} is not a valid event-webhook secret: it must be '{SecretPrefix}' followed by base64 of 24 to 64 bytes.",
                    nameof(secrets));
            }

            keys.Add(key);
        }

        if (keys.Count == 0)
        {
            throw new ArgumentException("At least one secret is required.", nameof(secrets));
        }

        return [.. keys];
    }

    private static bool TryDecodeSecret(string? secret, out byte[] key)
    {
        key = [];
        if (secret is null || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var text = secret.AsSpan(SecretPrefix.Length);
        Span<byte> buffer = stackalloc byte[64];
        if (text.Length > Base64.GetMaxEncodedToUtf8Length(64) || !Convert.TryFromBase64Chars(text, buffer, out var length) || length is < 24 or > 64)
        {
            return false;
        }

        key = buffer[..length].ToArray();
        return true;
    }
}

/// <summary>What <see cref="EventWebhookVerifier.Verify"/> found.</summary>
public enum EventWebhookVerification
{
    /// <summary>The request is signed with one of the secrets, within the tolerance.</summary>
    Valid = 0,

    /// <summary>A header is missing or empty.</summary>
    MissingHeaders = 1,

    /// <summary>The timestamp is not a whole number of seconds.</summary>
    MalformedTimestamp = 2,

    /// <summary>The timestamp is further from now than the tolerance: a replay, or a badly wrong clock.</summary>
    OutsideTolerance = 3,

    /// <summary>No signature in the header matches the body under any secret.</summary>
    InvalidSignature = 4,
}

/// <summary>
/// Checks event webhooks on the receiving side: the <c>webhook-signature</c> header against the secrets (in constant
/// time, with any of several secrets during a rotation), and the <c>webhook-timestamp</c> against the clock, so that a
/// captured request cannot be replayed later.
/// </summary>
/// <remarks>
/// Thread-safe. Check the signature before reading the body as JSON; then drop repeats by <c>webhook-id</c> (a
/// delivery is retried with the same id when its answer was lost).
/// </remarks>
public sealed class EventWebhookVerifier
{
    private readonly byte[][] _keys;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="EventWebhookVerifier"/> class.</summary>
    /// <param name="secrets">The secrets accepted (the endpoint's current one, and during a rotation the next or previous one).</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="secrets"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">There is no secret, or one is not a valid secret.</exception>
    public EventWebhookVerifier(IEnumerable<string> secrets, TimeProvider? time = null)
    {
        _keys = EventWebhookSigner.DecodeSecrets(secrets);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Gets how far the timestamp may be from the receiver's clock, either way; five minutes by default.</summary>
    public TimeSpan Tolerance { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Checks one request.</summary>
    /// <param name="id">The <c>webhook-id</c> header.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> header.</param>
    /// <param name="signature">The <c>webhook-signature</c> header.</param>
    /// <param name="body">The raw body bytes, as received.</param>
    /// <returns><see cref="EventWebhookVerification.Valid"/>, or why the request must be refused.</returns>
    public EventWebhookVerification Verify(string? id, string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return EventWebhookVerification.MissingHeaders;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return EventWebhookVerification.MalformedTimestamp;
        }

        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var tolerance = (long)Tolerance.TotalSeconds;
        if (seconds < now - tolerance || seconds > now + tolerance)
        {
            return EventWebhookVerification.OutsideTolerance;
        }

        var signed = EventWebhookSigner.SignedContent(id, timestamp, body);
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Span<byte> actual = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var valid = false;
        foreach (var range in signature.AsSpan().Split(' '))
        {
            var part = signature.AsSpan()[range];
            if (!part.StartsWith("v1,", StringComparison.Ordinal)
                || !Convert.TryFromBase64Chars(part[3..], expected, out var length)
                || length != HMACSHA256.HashSizeInBytes)
            {
                continue;
            }

            foreach (var key in _keys)
            {
                HMACSHA256.HashData(key, signed, actual);

                // Every secret and every signature is checked, so the time taken does not tell which one matched.
                valid |= CryptographicOperations.FixedTimeEquals(actual, expected);
            }
        }

        return valid ? EventWebhookVerification.Valid : EventWebhookVerification.InvalidSignature;
    }
}
