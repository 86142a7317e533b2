using System.Collections.Frozen;

namespace SocialCare.Abstractions;

/// <summary>An HTTP request to a webhook endpoint, reduced to what a channel adapter needs, with the body as raw bytes.</summary>
/// <remarks>
/// Independent of any web framework: the ASP.NET Core package builds one from its request, and tests build them
/// directly. Signatures are computed over <see cref="Body"/> exactly as received; never re-encode it.
/// </remarks>
public sealed class WebhookRequest
{
    private static readonly IReadOnlyDictionary<string, string> Empty =
        new Dictionary<string, string>(0).ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Initializes a new instance of the <see cref="WebhookRequest"/> class.</summary>
    /// <param name="method">The HTTP method (<c>GET</c> for set-up handshakes, <c>POST</c> for events).</param>
    /// <param name="path">The request path, without the query string.</param>
    /// <param name="body">The raw body bytes; empty for a GET.</param>
    /// <exception cref="ArgumentException"><paramref name="method"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="method"/> or <paramref name="path"/> is <see langword="null"/>.</exception>
    public WebhookRequest(string method, string path, ReadOnlyMemory<byte> body)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentNullException.ThrowIfNull(path);
        Method = method;
        Path = path;
        Body = body;
    }

    /// <summary>Gets the HTTP method.</summary>
    public string Method { get; }

    /// <summary>Gets the request path, without the query string.</summary>
    public string Path { get; }

    /// <summary>Gets the raw body bytes.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Gets the request headers; names should compare case-insensitively (see <see cref="GetHeader"/>).</summary>
    /// <value>The default is an empty set.</value>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = Empty;

    /// <summary>Gets the query-string parameters, already URL-decoded.</summary>
    /// <value>The default is an empty set.</value>
    public IReadOnlyDictionary<string, string> Query { get; init; } = Empty;

    /// <summary>Gets a value indicating whether the method is GET.</summary>
    public bool IsGet => string.Equals(Method, "GET", StringComparison.OrdinalIgnoreCase);

    /// <summary>Gets a value indicating whether the method is POST.</summary>
    public bool IsPost => string.Equals(Method, "POST", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns a header's value, matching its name case-insensitively whatever the dictionary's comparer.</summary>
    /// <param name="name">The header name.</param>
    /// <returns>The value, or <see langword="null"/> when the header is absent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    public string? GetHeader(string name) => Find(Headers, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns a query-string parameter's value.</summary>
    /// <param name="name">The parameter name (case-sensitive, as the networks send them).</param>
    /// <returns>The value, or <see langword="null"/> when the parameter is absent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    public string? GetQuery(string name) => Find(Query, name, StringComparison.Ordinal);

    /// <summary>Creates a GET request, as networks send for set-up handshakes.</summary>
    /// <param name="path">The request path.</param>
    /// <param name="query">The query-string parameters.</param>
    /// <returns>The request.</returns>
    public static WebhookRequest Get(string path, IReadOnlyDictionary<string, string> query)
        => new("GET", path, ReadOnlyMemory<byte>.Empty) { Query = query };

    /// <summary>Creates a POST request, as networks send for events.</summary>
    /// <param name="path">The request path.</param>
    /// <param name="body">The raw body bytes.</param>
    /// <param name="headers">The request headers.</param>
    /// <returns>The request.</returns>
    public static WebhookRequest Post(string path, ReadOnlyMemory<byte> body, IReadOnlyDictionary<string, string> headers)
        => new("POST", path, body) { Headers = headers };

    private static string? Find(IReadOnlyDictionary<string, string> values, string name, StringComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (values.TryGetValue(name, out var value))
        {
            return value;
        }

        if (comparison == StringComparison.Ordinal)
        {
            return null;
        }

        // The dictionary's comparer may be case-sensitive; header names are not. Requests carry a handful of headers.
        foreach (var pair in values)
        {
            if (string.Equals(pair.Key, name, comparison))
            {
                return pair.Value;
            }
        }

        return null;
    }
}
