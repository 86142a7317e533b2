using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace SocialCare.Testing.Tests.X;

/// <summary>An <see cref="HttpClient"/> on an <see cref="XApiEmulator"/>, with a small OAuth 1.0a signer of the tests' own.</summary>
internal sealed class XTestClient : IDisposable
{
    public const string UserId = "1278843152204431360";
    public const string ConsumerKey = "ck";
    public const string ConsumerSecret = "cs";
    public const string Token = "1278843152204431360-token";
    public const string TokenSecret = "token-secret";
    public const string UserBearer = "user-bearer";
    public const string AppBearer = "app-bearer";

    private int _nonce;

    public XTestClient(FakeTimeProvider? time = null)
    {
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 10, 14, 9, 0, 0, TimeSpan.Zero));
        X = new XApiEmulator(Time);
        X.AddAccount(UserId, ConsumerKey, ConsumerSecret, Token, TokenSecret);
        X.AddBearer(UserBearer, UserId);
        X.AddBearer(AppBearer);
        Http = new HttpClient(X, disposeHandler: false) { BaseAddress = new Uri("https://api.x.com/") };
    }

    public FakeTimeProvider Time { get; }

    public XApiEmulator X { get; }

    public HttpClient Http { get; }

    /// <summary>Writes an <c>OAuth …</c> header value (parameters only) for a request.</summary>
    public static string OAuthParameters(string method, Uri uri, string consumerKey, string consumerSecret, string token, string tokenSecret, string nonce, long timestamp, IEnumerable<KeyValuePair<string, string>>? form = null)
    {
        var oauth = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["oauth_consumer_key"] = consumerKey,
            ["oauth_nonce"] = nonce,
            ["oauth_signature_method"] = "HMAC-SHA1",
            ["oauth_timestamp"] = timestamp.ToString(CultureInfo.InvariantCulture),
            ["oauth_token"] = token,
            ["oauth_version"] = "1.0",
        };
        var query = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => new KeyValuePair<string, string>(Uri.UnescapeDataString(p[0]), Uri.UnescapeDataString(p.Length > 1 ? p[1] : string.Empty)));
        var all = query.Concat(form ?? []).Concat(oauth)
            .Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))
            .Order(StringComparer.Ordinal);
        var baseString = method + "&" + Uri.EscapeDataString(uri.GetLeftPart(UriPartial.Path)) + "&" + Uri.EscapeDataString(string.Join("&", all));
        var signature = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(Uri.EscapeDataString(consumerSecret) + "&" + Uri.EscapeDataString(tokenSecret)), Encoding.UTF8.GetBytes(baseString)));
        oauth["oauth_signature"] = signature;
        return string.Join(", ", oauth.Select(p => p.Key + "=\"" + Uri.EscapeDataString(p.Value) + "\""));
    }

    /// <summary>Sends a request signed with OAuth 1.0a (the test account's secrets unless told otherwise).</summary>
    public Task<HttpResponseMessage> SignedAsync(HttpMethod method, string path, string? json = null, string? tokenSecret = null, long? timestamp = null, string? nonce = null)
    {
        var request = new HttpRequestMessage(method, new Uri(Http.BaseAddress!, path));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("OAuth", OAuthParameters(
            method.Method,
            request.RequestUri!,
            ConsumerKey,
            ConsumerSecret,
            Token,
            tokenSecret ?? TokenSecret,
            nonce ?? "nonce" + Interlocked.Increment(ref _nonce).ToString(CultureInfo.InvariantCulture),
            timestamp ?? Time.GetUtcNow().ToUnixTimeSeconds()));
        return Http.SendAsync(request);
    }

    /// <summary>Sends a request with a bearer token.</summary>
    public Task<HttpResponseMessage> BearerAsync(HttpMethod method, string path, string token, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return Http.SendAsync(request);
    }

    public void Dispose()
    {
        Http.Dispose();
        X.Dispose();
    }
}
