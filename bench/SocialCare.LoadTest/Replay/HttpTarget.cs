using System.Net.Http.Headers;
using SocialCare.Abstractions;
using SocialCare.LoadTest.Corpus;

namespace SocialCare.LoadTest.Replay;

/// <summary>An inbox (or any app with SocialCare's webhook endpoints) over HTTP/1.1, with a pool of keep-alive connections.</summary>
internal sealed class HttpTarget : IReplayTarget, IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly Uri _facebook;
    private readonly Uri _whatsApp;
    private readonly Uri _x;

    /// <summary>Initializes a new instance of the <see cref="HttpTarget"/> class.</summary>
    /// <param name="baseAddress">The app's address, such as <c>http://127.0.0.1:5080/</c>; webhooks go to <c>webhooks/{channel}</c> under it.</param>
    /// <param name="connections">The most connections to open (one per concurrent sender).</param>
    public HttpTarget(Uri baseAddress, int connections)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };
        Client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _facebook = new Uri(baseAddress, "webhooks/facebook");
        _whatsApp = new Uri(baseAddress, "webhooks/whatsapp");
        _x = new Uri(baseAddress, "webhooks/x");
        Description = "inbox over HTTP at " + baseAddress;
    }

    /// <inheritdoc/>
    public string Description { get; }

    /// <summary>Gets the client, also used to read the API afterwards.</summary>
    public HttpClient Client { get; }

    /// <inheritdoc/>
    public async Task<int> SendAsync(CorpusWebhook webhook, CancellationToken cancellationToken)
    {
        var uri = webhook.Channel == ChannelId.Facebook ? _facebook : webhook.Channel == ChannelId.WhatsApp ? _whatsApp : _x;
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ReadOnlyMemoryContent(webhook.Body) };
        request.Content.Headers.ContentType = Json;
        foreach (var (name, value) in webhook.Headers)
        {
            if (!name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return (int)response.StatusCode;
    }

    /// <inheritdoc/>
    public void Dispose() => Client.Dispose();
}
