using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SocialCare.Testing.Meta;

namespace SocialCare.Testing.Tests.Network;

/// <summary>An <see cref="EmulatorServer"/> forwards real HTTP requests to its handler and the handler's answers back.</summary>
public sealed class EmulatorServerTests
{
    [Fact]
    public async Task Request_ReachesTheHandler_WithMethodPathQueryHeadersAndBody()
    {
        var handler = new EchoHandler();
        await using var server = await EmulatorServer.StartAsync(handler);
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Put, "v1/items/42?a=1&b=x%20y")
        {
            Content = new ByteArrayContent([0x7B, 0xFF, 0x00, 0x7D]),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "t0ken");
        request.Headers.Add("X-Custom", "one");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var seen = Assert.Single(handler.Seen);
        Assert.Equal("PUT", seen.Method);
        Assert.Equal(new Uri(server.BaseAddress, "v1/items/42?a=1&b=x%20y").AbsoluteUri, seen.Uri.AbsoluteUri);
        Assert.Equal([0x7B, 0xFF, 0x00, 0x7D], seen.Body);
        Assert.Equal("Bearer t0ken", seen.Headers["Authorization"]);
        Assert.Equal("one", seen.Headers["X-Custom"]);
        Assert.Equal("application/octet-stream", seen.Headers["Content-Type"]);
        Assert.StartsWith("http://127.0.0.1:", server.BaseAddress.AbsoluteUri, StringComparison.Ordinal);
        Assert.EndsWith("/", server.BaseAddress.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_KeepsStatusHeadersAndBody()
    {
        await using var server = await EmulatorServer.StartAsync(new EchoHandler());
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await client.GetAsync("anything");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Equal("12", Assert.Single(response.Headers.GetValues("x-rate-limit-remaining")));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"echo":"GET"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task XRateLimit_CarriesTheWindowHeaders_OverHttp()
    {
        using var x = new XApiEmulator();
        var reset = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() + 600);
        x.FailNextWithRateLimit(reset, limit: 15);
        await using var server = await EmulatorServer.StartAsync(x);
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await client.PostAsync("2/tweets", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("15", Assert.Single(response.Headers.GetValues("x-rate-limit-limit")));
        Assert.Equal("0", Assert.Single(response.Headers.GetValues("x-rate-limit-remaining")));
        Assert.Equal(reset.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(response.Headers.GetValues("x-rate-limit-reset")));
    }

    [Fact]
    public async Task GraphRateLimit_CarriesRetryAfter_OverHttp()
    {
        using var graph = new GraphApiEmulator();
        graph.FailNextWithRateLimit(TimeSpan.FromSeconds(90), code: 4);
        await using var server = await EmulatorServer.StartAsync(graph);
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await client.GetAsync("v25.0/me");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(90), response.Headers.RetryAfter?.Delta);
        Assert.Contains("\"code\":4,", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandlerConnectionFailure_AbortsTheConnection()
    {
        using var graph = new GraphApiEmulator();
        graph.FailNextWithConnectionError();
        await using var server = await EmulatorServer.StartAsync(graph);
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("v25.0/me"));
        using var next = await client.GetAsync("v25.0/me");
        Assert.Equal(HttpStatusCode.BadRequest, next.StatusCode);
        Assert.Equal(2, graph.Requests.Count);
    }

    [Fact]
    public async Task Dispose_StopsListening()
    {
        var server = await EmulatorServer.StartAsync(new EchoHandler());
        var address = server.BaseAddress;
        await server.DisposeAsync();
        using var client = new HttpClient { BaseAddress = address };

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("anything"));
        await server.DisposeAsync();
    }

    /// <summary>Records what reached it and answers 202 with headers a network would set.</summary>
    private sealed class EchoHandler : HttpMessageHandler
    {
        public List<(string Method, Uri Uri, byte[] Body, Dictionary<string, string> Headers)> Seen { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
                .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
            lock (Seen)
            {
                Seen.Add((request.Method.Method, request.RequestUri!, body, headers));
            }

            var response = new HttpResponseMessage(HttpStatusCode.Accepted)
            {
                Content = new StringContent($$"""{"echo":"{{request.Method.Method}}"}""", Encoding.UTF8, "application/json"),
            };
            response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            response.Headers.TryAddWithoutValidation("x-rate-limit-remaining", "12");
            return response;
        }
    }
}
