using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace SocialCare.Channels.Twitter;

/// <summary>
/// Computes what X computes for a webhook: the <c>x-twitter-webhooks-signature</c> header of a POSTed body and the
/// <c>response_token</c> of a CRC challenge (x.md §1.3, §2). For tests and emulators that play X's side.
/// </summary>
/// <remarks>
/// Both values are <c>sha256=</c> followed by the base64 HMAC-SHA256 of the message, keyed with the app's consumer secret
/// (API key secret) as UTF-8. Thread-safe; the methods allocate only the returned string.
/// </remarks>
public static class XWebhookSigner
{
    /// <summary>The prefix of both values: <c>sha256=</c>.</summary>
    internal const string Prefix = "sha256=";

    /// <summary>The length of a value: the prefix and 44 base64 characters.</summary>
    internal const int HeaderLength = 51;

    private const int StackLimit = 256;

    /// <summary>Computes the <c>x-twitter-webhooks-signature</c> header value X sends with a body.</summary>
    /// <param name="body">The exact bytes of the request body.</param>
    /// <param name="consumerSecret">The app's consumer secret.</param>
    /// <returns><c>sha256=</c> and the base64 HMAC-SHA256 of <paramref name="body"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="consumerSecret"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="consumerSecret"/> is empty.</exception>
    public static string Sign(ReadOnlySpan<byte> body, string consumerSecret)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumerSecret);
        return Compute(Encoding.UTF8.GetBytes(consumerSecret), body);
    }

    /// <summary>Computes the <c>response_token</c> that answers a CRC challenge.</summary>
    /// <param name="crcToken">The <c>crc_token</c> query parameter, URL-decoded.</param>
    /// <param name="consumerSecret">The app's consumer secret.</param>
    /// <returns><c>sha256=</c> and the base64 HMAC-SHA256 of the token's UTF-8 bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="crcToken"/> or <paramref name="consumerSecret"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="consumerSecret"/> is empty.</exception>
    public static string CrcResponseToken(string crcToken, string consumerSecret)
    {
        ArgumentNullException.ThrowIfNull(crcToken);
        ArgumentException.ThrowIfNullOrEmpty(consumerSecret);
        return ComputeOverText(Encoding.UTF8.GetBytes(consumerSecret), crcToken);
    }

    /// <summary>Computes <c>sha256=</c> and the base64 HMAC-SHA256 of a message.</summary>
    internal static string Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message)
    {
        Span<byte> digest = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, message, digest);
        Span<char> header = stackalloc char[HeaderLength];
        Prefix.CopyTo(header);
        Convert.TryToBase64Chars(digest, header[Prefix.Length..], out var written);
        return new string(header[..(Prefix.Length + written)]);
    }

    /// <summary>Computes <c>sha256=</c> and the base64 HMAC-SHA256 of a text's UTF-8 bytes, without allocating them on the heap when short.</summary>
    internal static string ComputeOverText(ReadOnlySpan<byte> key, string text)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(text, buffer);
            return Compute(key, buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
