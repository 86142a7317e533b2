using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SocialCare.Channels.Twitter;

/// <summary>The OAuth 1.0a credentials of one account: the app's consumer key and secret and the account's access token and secret.</summary>
/// <param name="ConsumerKey">The app's consumer key (API key).</param>
/// <param name="ConsumerSecret">The app's consumer secret.</param>
/// <param name="Token">The account's access token.</param>
/// <param name="TokenSecret">The account's access token secret.</param>
internal sealed record XOAuth1Credentials(string ConsumerKey, string ConsumerSecret, string Token, string TokenSecret)
{
    /// <summary>Returns the type name only, so that secrets never reach a log through <c>ToString()</c>.</summary>
    public override string ToString() => nameof(XOAuth1Credentials);
}

/// <summary>
/// Signs X API requests with OAuth 1.0a HMAC-SHA1 (x.md §6; docs.x.com authentication/oauth-1-0a): RFC 3986
/// percent-encoding, the signature base string over the method, the base URL and the sorted query, form and
/// <c>oauth_*</c> parameters (never a JSON body), the key <c>enc(consumer secret)&amp;enc(token secret)</c>, and the
/// <c>Authorization: OAuth …</c> header.
/// </summary>
/// <remarks>Thread-safe. The host is part of the signature: the exact URL X is called on must be signed.</remarks>
internal static class XOAuth1
{
    /// <summary>The scheme of the <c>Authorization</c> header.</summary>
    public const string Scheme = "OAuth";

    private const string SignatureMethod = "HMAC-SHA1";
    private const string Version = "1.0";

    /// <summary>Percent-encodes a value as RFC 3986 and OAuth 1.0a require: UTF-8 bytes, only <c>A-Z a-z 0-9 - . _ ~</c> kept, uppercase hex.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The encoded value.</returns>
    public static string PercentEncode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);

        // Most of what a request signs (keys, ids, the nonce, the timestamp) is unreserved already: then it is its own
        // encoding, and nothing is allocated (issue 9: encoding every part through a byte array and a StringBuilder
        // three times its size was most of the ~27 KB an X send allocated).
        var first = 0;
        while (first < value.Length && value[first] < 0x80 && IsUnreserved((byte)value[first]))
        {
            first++;
        }

        if (first == value.Length)
        {
            return value;
        }

        const int StackLimit = 256;
        var byteCount = Encoding.UTF8.GetByteCount(value);
        byte[]? rentedBytes = null;
        Span<byte> bytes = byteCount <= StackLimit ? stackalloc byte[StackLimit] : (rentedBytes = ArrayPool<byte>.Shared.Rent(byteCount));
        bytes = bytes[..Encoding.UTF8.GetBytes(value, bytes)];
        var length = 0;
        foreach (var b in bytes)
        {
            length += IsUnreserved(b) ? 1 : 3;
        }

        char[]? rentedChars = null;
        Span<char> chars = length <= StackLimit ? stackalloc char[StackLimit] : (rentedChars = ArrayPool<char>.Shared.Rent(length));
        var at = 0;
        foreach (var b in bytes)
        {
            if (IsUnreserved(b))
            {
                chars[at++] = (char)b;
            }
            else
            {
                chars[at++] = '%';
                chars[at++] = HexDigit(b >> 4);
                chars[at++] = HexDigit(b & 0xF);
            }
        }

        var encoded = new string(chars[..length]);
        if (rentedBytes is not null)
        {
            ArrayPool<byte>.Shared.Return(rentedBytes);
        }

        if (rentedChars is not null)
        {
            ArrayPool<char>.Shared.Return(rentedChars);
        }

        return encoded;
    }

    /// <summary>Writes the base URL of the signature: scheme and host lowercased, the default port dropped, no query or fragment.</summary>
    /// <param name="uri">The absolute request address.</param>
    /// <returns>The base URL, such as <c>https://api.x.com/2/tweets</c>.</returns>
    public static string BaseUrl(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var scheme = uri.Scheme.ToLowerInvariant();
        var host = uri.Host.ToLowerInvariant();
        var port = uri.IsDefaultPort ? string.Empty : ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        return scheme + "://" + host + port + uri.AbsolutePath;
    }

    /// <summary>Reads the parameters of a query string or form body (<c>application/x-www-form-urlencoded</c>: <c>+</c> is a space).</summary>
    /// <param name="encoded">The query (with or without its <c>?</c>) or the form body.</param>
    /// <returns>The decoded name/value pairs, in order.</returns>
    public static List<KeyValuePair<string, string>> ParseForm(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in encoded.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? string.Empty : part[(equals + 1)..];
            pairs.Add(new(Decode(name), Decode(value)));
        }

        return pairs;
    }

    /// <summary>Writes the signature base string: <c>METHOD&amp;enc(base URL)&amp;enc(sorted, encoded parameters)</c>.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="uri">The absolute request address; its query parameters are included.</param>
    /// <param name="parameters">The form-body and <c>oauth_*</c> parameters (not <c>oauth_signature</c>).</param>
    /// <returns>The base string.</returns>
    public static string SignatureBaseString(string method, Uri uri, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(parameters);
        var encoded = ParseForm(uri.Query)
            .Concat(parameters)
            .Select(p => (Name: PercentEncode(p.Key), Value: PercentEncode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value);
        return method.ToUpperInvariant() + "&" + PercentEncode(BaseUrl(uri)) + "&" + PercentEncode(string.Join('&', encoded));
    }

    /// <summary>Computes the signature: base64(HMAC-SHA1(key = <c>enc(consumer secret)&amp;enc(token secret)</c>, base string)).</summary>
    /// <param name="baseString">The signature base string.</param>
    /// <param name="consumerSecret">The app's consumer secret.</param>
    /// <param name="tokenSecret">The account's access token secret (empty for none).</param>
    /// <returns>The signature, base64.</returns>
    public static string Sign(string baseString, string consumerSecret, string tokenSecret)
    {
        ArgumentNullException.ThrowIfNull(baseString);
        ArgumentNullException.ThrowIfNull(consumerSecret);
        ArgumentNullException.ThrowIfNull(tokenSecret);
        var key = Encoding.UTF8.GetBytes(PercentEncode(consumerSecret) + "&" + PercentEncode(tokenSecret));
        return Convert.ToBase64String(HMACSHA1.HashData(key, Encoding.UTF8.GetBytes(baseString)));
    }

    /// <summary>Writes the <c>Authorization</c> header parameters for a request, with a fresh nonce and the current time.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="uri">The exact absolute address the request goes to.</param>
    /// <param name="formParameters">The form-body parameters, if the body is form-encoded; never a JSON body.</param>
    /// <param name="credentials">The consumer and access credentials.</param>
    /// <param name="time">The clock of <c>oauth_timestamp</c>.</param>
    /// <returns>The header's parameters, after the <c>OAuth</c> scheme.</returns>
    public static string CreateHeaderParameters(string method, Uri uri, IEnumerable<KeyValuePair<string, string>>? formParameters, XOAuth1Credentials credentials, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return CreateHeaderParameters(method, uri, formParameters, credentials, NewNonce(), time.GetUtcNow().ToUnixTimeSeconds());
    }

    /// <summary>Writes the <c>Authorization</c> header parameters for a request with a given nonce and timestamp.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="uri">The exact absolute address the request goes to.</param>
    /// <param name="formParameters">The form-body parameters, if the body is form-encoded; never a JSON body.</param>
    /// <param name="credentials">The consumer and access credentials.</param>
    /// <param name="nonce">The nonce, unique per request.</param>
    /// <param name="timestamp">The Unix time in seconds.</param>
    /// <returns>
    /// <c>oauth_consumer_key="…", oauth_nonce="…", oauth_signature="…", oauth_signature_method="HMAC-SHA1",
    /// oauth_timestamp="…", oauth_token="…", oauth_version="1.0"</c>, values percent-encoded.
    /// </returns>
    public static string CreateHeaderParameters(string method, Uri uri, IEnumerable<KeyValuePair<string, string>>? formParameters, XOAuth1Credentials credentials, string nonce, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentException.ThrowIfNullOrWhiteSpace(nonce);
        var oauth = new List<KeyValuePair<string, string>>
        {
            new("oauth_consumer_key", credentials.ConsumerKey),
            new("oauth_nonce", nonce),
            new("oauth_signature_method", SignatureMethod),
            new("oauth_timestamp", timestamp.ToString(CultureInfo.InvariantCulture)),
            new("oauth_token", credentials.Token),
            new("oauth_version", Version),
        };
        var baseString = SignatureBaseString(method, uri, (formParameters ?? []).Concat(oauth));
        oauth.Insert(2, new("oauth_signature", Sign(baseString, credentials.ConsumerSecret, credentials.TokenSecret)));
        return string.Join(", ", oauth.Select(p => PercentEncode(p.Key) + "=\"" + PercentEncode(p.Value) + "\""));
    }

    /// <summary>Creates a nonce: 32 hexadecimal characters from a cryptographic random number generator.</summary>
    /// <returns>The nonce.</returns>
    public static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static bool IsUnreserved(byte b) => b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
        or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~';

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
