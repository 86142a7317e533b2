using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SocialCare.Testing.Meta;

namespace SocialCare.Testing.Tests.Meta;

/// <summary>The Graph API emulator's failures on demand, in process: bodies as Graph writes them, per product, and delays on the emulator's clock.</summary>
public sealed class GraphApiEmulatorFaultTests : IDisposable
{
    private const string Messenger = """{"recipient":{"id":"7012938475610293"},"messaging_type":"RESPONSE","message":{"text":"hi"}}""";
    private const string WhatsApp = """{"messaging_product":"whatsapp","to":"393471234567","type":"text","text":{"body":"hi"}}""";

    private readonly FakeTimeProvider _time = new();
    private readonly GraphApiEmulator _graph;
    private readonly HttpClient _client;

    public GraphApiEmulatorFaultTests()
    {
        _graph = new GraphApiEmulator(_time);
        _client = new HttpClient(_graph, disposeHandler: false) { BaseAddress = new Uri("https://graph.facebook.com/") };
    }

    public void Dispose()
    {
        _client.Dispose();
        _graph.Dispose();
    }

    [Theory]
    [InlineData(Messenger, 10, 2018278)]
    [InlineData(WhatsApp, 131047, null)]
    public async Task WindowClosed_AnswersTheProductsError(string body, int code, int? subcode)
    {
        _graph.FailNextWithWindowClosed();

        var (status, error, _) = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.Equal(subcode, error.TryGetProperty("error_subcode", out var sub) ? sub.GetInt32() : null);
        Assert.Equal(body == WhatsApp, error.TryGetProperty("error_data", out _));
    }

    [Theory]
    [InlineData(Messenger, null, 613)]
    [InlineData(WhatsApp, null, 130429)]
    [InlineData(Messenger, 4, 4)]
    public async Task RateLimit_Answers429_WithRetryAfterInWholeSeconds(string body, int? code, int expected)
    {
        _graph.FailNextWithRateLimit(TimeSpan.FromSeconds(29.2), code);

        var (status, error, headers) = await PostAsync(body);

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal(expected, error.GetProperty("code").GetInt32());
        Assert.Equal(TimeSpan.FromSeconds(30), headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task ServerError_IsMarkedTransient()
    {
        _graph.FailNextWithServerError(502);

        var (status, error, _) = await PostAsync(Messenger);

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.True(error.GetProperty("is_transient").GetBoolean());
        Assert.Throws<ArgumentOutOfRangeException>(() => _graph.FailNextWithServerError(429));
    }

    [Fact]
    public async Task Tokens_OnceRegistered_OnlyThoseWork_AndARevokedOneGets190Subcode460()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Messenger, "any-token")).Status);

        _graph.AddAccessToken("page-token");
        _graph.AddAccessToken("wa-token");
        var unknown = await PostAsync(Messenger, "any-token");
        var known = await PostAsync(WhatsApp, "wa-token");
        _graph.RevokeAccessToken("wa-token");
        var revoked = await PostAsync(WhatsApp, "wa-token");
        var other = await PostAsync(Messenger, "page-token");

        Assert.Equal((HttpStatusCode.BadRequest, 190), (unknown.Status, unknown.Error.GetProperty("code").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, known.Status);
        Assert.Equal((HttpStatusCode.Unauthorized, 190, 460), (revoked.Status, revoked.Error.GetProperty("code").GetInt32(), revoked.Error.GetProperty("error_subcode").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, other.Status);
    }

    [Fact]
    public async Task DelayNext_HoldsTheAnswer_UntilTheEmulatorsClockPassesIt()
    {
        _graph.DelayNext(TimeSpan.FromSeconds(5));

        var slow = PostAsync(Messenger);
        await Task.Delay(50);
        Assert.False(slow.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(4));
        await Task.Delay(50);
        Assert.False(slow.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.OK, (await slow.WaitAsync(TimeSpan.FromSeconds(10))).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Messenger).WaitAsync(TimeSpan.FromSeconds(10))).Status);
    }

    [Fact]
    public async Task ResponseDelay_AppliesToEveryAnswer_AndDelayNextReplacesItOnce()
    {
        _graph.ResponseDelay = TimeSpan.FromSeconds(2);
        _graph.DelayNext(TimeSpan.Zero);

        var immediate = await PostAsync(Messenger).WaitAsync(TimeSpan.FromSeconds(10));
        var slow = PostAsync(Messenger);
        await Task.Delay(50);
        Assert.False(slow.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(HttpStatusCode.OK, immediate.Status);
        Assert.Equal(HttpStatusCode.OK, (await slow.WaitAsync(TimeSpan.FromSeconds(10))).Status);
        Assert.Throws<ArgumentOutOfRangeException>(() => _graph.ResponseDelay = TimeSpan.FromSeconds(-1));
    }

    [Fact]
    public async Task ConnectionError_Throws_InProcess()
    {
        _graph.FailNextWithConnectionError();

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync(Messenger));

        Assert.Equal(HttpRequestError.ConnectionError, failure.HttpRequestError);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Messenger)).Status);
    }

    [Fact]
    public async Task AcceptedMessages_ListMessengerAndWhatsAppSends_WithTheIdsAnswered_NotFailuresOrActions()
    {
        INetworkFaults faults = _graph;
        faults.FailNextWithServerError();
        await PostAsync(Messenger);
        await PostAsync("""{"recipient":{"id":"7012938475610293"},"sender_action":"typing_on"}""");

        var messenger = await PostAsync(Messenger);
        var whatsApp = await PostAsync(WhatsApp);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (messenger.Status, whatsApp.Status));
        Assert.Collection(
            faults.AcceptedMessages,
            m => Assert.Equal(("7012938475610293", "hi"), (m.Recipient, m.Text)),
            m => Assert.Equal(("393471234567", "hi"), (m.Recipient, m.Text)));
        Assert.All(faults.AcceptedMessages, m => Assert.False(string.IsNullOrEmpty(m.Id)));
    }

    [Theory]
    [InlineData(Messenger, 10)]
    [InlineData(WhatsApp, 131047)]
    public async Task AsNetworkFaults_OutsideWindow_IsTheProductsWindowError(string body, int code)
    {
        ((INetworkFaults)_graph).FailNextOutsideWindow();

        var (status, error, _) = await PostAsync(body);

        Assert.Equal((HttpStatusCode.BadRequest, code), (status, error.GetProperty("code").GetInt32()));
    }

    [Fact]
    public async Task AsNetworkFaults_RateLimit_Answers429_WithTheWait()
    {
        ((INetworkFaults)_graph).FailNextWithRateLimit(TimeSpan.FromMinutes(2));

        var (status, _, headers) = await PostAsync(Messenger);

        Assert.Equal((HttpStatusCode.TooManyRequests, TimeSpan.FromMinutes(2)), (status, headers.RetryAfter?.Delta));
    }

    private async Task<(HttpStatusCode Status, JsonElement Error, HttpResponseHeaders Headers)> PostAsync(string body, string token = "EAAG-token")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v25.0/108372615940281/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _client.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = json.RootElement.TryGetProperty("error", out var e) ? e.Clone() : default;
        return (response.StatusCode, error, response.Headers);
    }
}
