using System.Buffers;
using System.Text;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Facebook;

/// <summary>Checks <c>X-Hub-Signature-256</c> over the raw body, with one or two app secrets (meta.md §2).</summary>
/// <remarks>Thread-safe. The digest comparison is constant-time; every configured secret is tried, so timing tells nothing.</remarks>
internal sealed class FacebookSignature
{
    private const string Prefix = "sha256=";
    private const int HexLength = 64;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly WebhookSignatureVerifier _verifier;

    public FacebookSignature(FacebookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _verifier = new WebhookSignatureVerifier([options.AppSecret, options.PreviousAppSecret]);
    }

    /// <summary>Checks the header against the body; <see langword="null"/> when it matches, else why not (without secrets).</summary>
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
