using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace SocialCare.Abstractions;

/// <summary>How a signature's digest is written in its header.</summary>
public enum SignatureEncoding
{
    /// <summary>Lower- or upper-case hexadecimal (Meta's <c>X-Hub-Signature-256</c>).</summary>
    Hex = 0,

    /// <summary>Standard base64 (X's <c>x-twitter-webhooks-signature</c>, Standard Webhooks).</summary>
    Base64 = 1,
}

/// <summary>
/// Checks HMAC-SHA256 webhook signatures over the raw body bytes, in constant time, against one or more secrets (two
/// during a rotation); and computes them, for tests and emulators.
/// </summary>
/// <remarks>
/// Thread-safe and allocation-free per call. The header's prefix (such as <c>sha256=</c>) is the caller's to strip,
/// since each network writes it differently.
/// </remarks>
public sealed class WebhookSignatureVerifier
{
    private const int DigestSize = HMACSHA256.HashSizeInBytes;
    private readonly byte[][] _keys;

    /// <summary>Initializes a new instance of the <see cref="WebhookSignatureVerifier"/> class.</summary>
    /// <param name="secrets">The shared secrets; a signature made with any of them is valid. Empty entries are skipped.</param>
    /// <exception cref="ArgumentNullException"><paramref name="secrets"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="secrets"/> holds no non-empty secret.</exception>
    public WebhookSignatureVerifier(IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _keys = [.. secrets.Where(s => !string.IsNullOrEmpty(s)).Select(s => Encoding.UTF8.GetBytes(s!))];
        if (_keys.Length == 0)
        {
            throw new ArgumentException("At least one non-empty secret is required.", nameof(secrets));
        }
    }

    /// <summary>Gets how many secrets are accepted.</summary>
    public int SecretCount => _keys.Length;

    /// <summary>Tells whether <paramref name="signature"/> is the HMAC-SHA256 of <paramref name="payload"/> under one of the secrets.</summary>
    /// <param name="payload">The raw bytes that were signed.</param>
    /// <param name="signature">The digest as written in the header, without its prefix.</param>
    /// <param name="encoding">How the digest is written.</param>
    /// <returns><see langword="true"/> when the signature matches one of the secrets; <see langword="false"/> when it is malformed or matches none.</returns>
    public bool IsValid(ReadOnlySpan<byte> payload, ReadOnlySpan<char> signature, SignatureEncoding encoding)
    {
        Span<byte> expected = stackalloc byte[DigestSize];
        if (!TryDecode(signature, encoding, expected))
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[DigestSize];
        var valid = false;
        foreach (var key in _keys)
        {
            HMACSHA256.HashData(key, payload, actual);

            // Check every secret, so the time taken does not tell which one matched.
            valid |= CryptographicOperations.FixedTimeEquals(actual, expected);
        }

        return valid;
    }

    /// <summary>Computes the signature of a payload, as a network would.</summary>
    /// <param name="secret">The shared secret.</param>
    /// <param name="payload">The raw bytes to sign.</param>
    /// <param name="encoding">How to write the digest.</param>
    /// <returns>The digest (lower-case hex, or base64), without any prefix.</returns>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="secret"/> is <see langword="null"/>.</exception>
    public static string Compute(string secret, ReadOnlySpan<byte> payload, SignatureEncoding encoding)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        Span<byte> digest = stackalloc byte[DigestSize];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), payload, digest);
        return encoding == SignatureEncoding.Hex ? Convert.ToHexStringLower(digest) : Convert.ToBase64String(digest);
    }

    private static bool TryDecode(ReadOnlySpan<char> signature, SignatureEncoding encoding, Span<byte> digest)
    {
        signature = signature.Trim();
        if (encoding == SignatureEncoding.Hex)
        {
            return signature.Length == DigestSize * 2
                && Convert.FromHexString(signature, digest, out _, out var written) == OperationStatus.Done
                && written == DigestSize;
        }

        return Convert.TryFromBase64Chars(signature, digest, out var length) && length == DigestSize;
    }
}
