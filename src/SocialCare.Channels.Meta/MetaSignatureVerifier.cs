using System.Buffers;
using System.Text;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Meta;

/// <summary>
/// Checks Meta's <c>X-Hub-Signature-256</c> header (<c>sha256=</c> and 64 hex digits of HMAC-SHA256 with the app secret)
/// over the raw body, with one or two app secrets so that a secret can be rotated without losing webhooks.
/// </summary>
/// <remarks>
/// Thread-safe. The digest comparison is constant-time and every configured secret is tried, so timing tells nothing.
/// Meta signs the escaped-unicode rendering of the payload; when the raw bytes do not match and the body holds non-ASCII
/// bytes (an intermediary delivered literal UTF-8), the escaped rendering is tried once more.
/// </remarks>
public sealed class MetaSignatureVerifier
{
    private const string Prefix = "sha256=";
    private const int HexLength = 64;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly WebhookSignatureVerifier _verifier;

    /// <summary>Initializes a new instance of the <see cref="MetaSignatureVerifier"/> class.</summary>
    /// <param name="appSecret">The Meta app secret.</param>
    /// <param name="previousAppSecret">The secret being rotated out, accepted as well until it is removed; <see langword="null"/> when none.</param>
    /// <exception cref="ArgumentException">No secret is given.</exception>
    public MetaSignatureVerifier(string appSecret, string? previousAppSecret = null)
    {
        _verifier = new WebhookSignatureVerifier([appSecret, previousAppSecret]);
    }

    /// <summary>Checks the signature header against the body.</summary>
    /// <param name="body">The raw request body, exactly as received.</param>
    /// <param name="header">The <c>X-Hub-Signature-256</c> header, or <see langword="null"/> when absent.</param>
    /// <param name="legacyHeaderPresent">Whether only the legacy SHA-1 <c>X-Hub-Signature</c> header was sent (for a clearer reason).</param>
    /// <returns><see langword="null"/> when the signature matches; otherwise the rejection and why (never a secret).</returns>
    public (WebhookRejection Rejection, string Reason)? Check(ReadOnlySpan<byte> body, string? header, bool legacyHeaderPresent)
    {
        if (header is null)
        {
            return (WebhookRejection.MissingSignature, legacyHeaderPresent
                ? "only the legacy X-Hub-Signature (SHA-1) header was sent; X-Hub-Signature-256 is required"
                : "the X-Hub-Signature-256 header is missing");
        }

        var value = header.AsSpan().Trim();
        if (!value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return (WebhookRejection.InvalidSignature, "the signature does not start with 'sha256='");
        }

        var hex = value[Prefix.Length..];
        if (hex.Length != HexLength)
        {
            return (WebhookRejection.InvalidSignature, "the signature is not 64 hexadecimal characters");
        }

        if (_verifier.IsValid(body, hex, SignatureEncoding.Hex))
        {
            return null;
        }

        // Meta signs the escaped-unicode rendering of the payload; the body normally arrives in that form already, but an
        // intermediary may have delivered literal UTF-8. Only then is the escaped form worth a second HMAC.
        if (body.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0 && MatchesEscaped(body, hex))
        {
            return null;
        }

        return (WebhookRejection.InvalidSignature, "the signature does not match the body");
    }

    private bool MatchesEscaped(ReadOnlySpan<byte> body, ReadOnlySpan<char> hex)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var escaped = ArrayPool<byte>.Shared.Rent(text.Length * 6);
        try
        {
            var length = Escape(text, escaped);
            return _verifier.IsValid(escaped.AsSpan(0, length), hex, SignatureEncoding.Hex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(escaped);
        }
    }

    /// <summary>Writes ASCII as is and every other UTF-16 code unit as <c>\uxxxx</c> (lowercase hex), as Meta does.</summary>
    /// <param name="text">The decoded body.</param>
    /// <param name="destination">Room for six bytes per character.</param>
    /// <returns>The number of bytes written.</returns>
    internal static int Escape(ReadOnlySpan<char> text, Span<byte> destination)
    {
        var written = 0;
        foreach (var c in text)
        {
            if (c < 0x80)
            {
                destination[written++] = (byte)c;
                continue;
            }

            destination[written++] = (byte)'\\';
            destination[written++] = (byte)'u';
            destination[written++] = HexDigit(c >> 12);
            destination[written++] = HexDigit(c >> 8);
            destination[written++] = HexDigit(c >> 4);
            destination[written++] = HexDigit(c);
        }

        return written;
    }

    private static byte HexDigit(int value) => (byte)"0123456789abcdef"[value & 0xF];
}
