using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NSubstitute;
using SocialCare.Abstractions;
using SocialCare.Testing;

namespace SocialCare.Channels.Twitter.Tests.Api;

/// <summary>XApiClient sends (x.md §5) through the real resilient client, asserted on the recording emulator.</summary>
public sealed class XApiClientSendTests
{
    private static readonly string DmText = Fixture("api-v2-dm-send-request.json").GetProperty("text").GetString()!;
    private static readonly string ReplyText = Fixture("api-v2-tweet-reply-request.json").GetProperty("text").GetString()!;
    private static readonly string ReplyTo = Fixture("api-v2-tweet-reply-request.json").GetProperty("reply").GetProperty("in_reply_to_tweet_id").GetString()!;

    [Fact]
    public async Task SendDirectMessage_OAuth1_PostsTheFixtureBodyToTheParticipant_AndReturnsTheEventId()
    {
        using var host = new XApiHost();

        var result = await host.Client.SendDirectMessageAsync(XApiHost.Brand, XApiHost.Customer, DmText, null, default);

        Assert.Null(result.Error);
        var request = Assert.Single(host.X.Requests);
        Assert.Equal(("POST", "/2/dm_conversations/with/" + XApiHost.Customer + "/messages", "application/json"), (request.Method, request.Path, request.ContentType));
        Assert.StartsWith("OAuth oauth_consumer_key=\"" + XApiHost.ConsumerKey + "\", oauth_nonce=\"", request.Authorization, StringComparison.Ordinal);
        Assert.Contains("oauth_token=\"" + XApiHost.AccessToken + "\"", request.Authorization, StringComparison.Ordinal);
        AssertJson("api-v2-dm-send-request.json", request.Body);
        var sent = Assert.Single(host.X.DirectMessages);
        Assert.Equal(sent.EventId, result.Id);
        Assert.Equal((XApiHost.Brand, XApiHost.Customer, XFixtures.BrandId + "-" + XApiHost.Customer), (sent.SenderId, sent.ParticipantId, sent.ConversationId));
    }

    [Fact]
    public async Task SendDirectMessage_WithMedia_PostsTheAttachmentsFixtureBody()
    {
        using var host = new XApiHost();
        var fixture = Fixture("api-v2-dm-send-request-with-media.json");

        var result = await host.Client.SendDirectMessageAsync(XApiHost.Brand, XApiHost.Customer, fixture.GetProperty("text").GetString(), "2110299077106786679", default);

        Assert.Null(result.Error);
        AssertJson("api-v2-dm-send-request-with-media.json", Assert.Single(host.X.Requests).Body);
        Assert.Equal("2110299077106786679", Assert.Single(host.X.DirectMessages).MediaId);
    }

    [Fact]
    public async Task SendDirectMessage_NothingToSend_IsRefusedWithoutACall()
    {
        using var host = new XApiHost();

        var result = await host.Client.SendDirectMessageAsync(XApiHost.Brand, XApiHost.Customer, "", null, default);

        Assert.Equal(("empty_message", ChannelErrorKind.Refused), (result.Error!.Code, result.Error.Kind));
        Assert.Empty(host.X.Requests);
    }

    [Fact]
    public async Task CreatePost_ReplyWithOAuth2_PostsTheFixtureBodyWithTheBearerToken()
    {
        using var host = new XApiHost();

        var result = await host.Client.CreatePostAsync(XApiHost.OAuth2Brand, ReplyText, ReplyTo, null, default);

        Assert.Null(result.Error);
        var request = Assert.Single(host.X.Requests);
        Assert.Equal(("POST", "/2/tweets", "application/json", "Bearer " + XApiHost.Access), (request.Method, request.Path, request.ContentType, request.Authorization));
        AssertJson("api-v2-tweet-reply-request.json", request.Body);
        var post = Assert.Single(host.X.Posts);
        Assert.Equal((post.Id, XApiHost.OAuth2Brand, ReplyTo), (result.Id, post.AuthorId, post.InReplyToPostId));
    }

    [Fact]
    public async Task CreatePost_WithMedia_SendsMediaIds()
    {
        using var host = new XApiHost();

        var result = await host.Client.CreatePostAsync(XApiHost.Brand, "Here is the fix.", null, ["11", "12"], default);

        Assert.Null(result.Error);
        Assert.Equal("""{"text":"Here is the fix.","media":{"media_ids":["11","12"]}}""", Assert.Single(host.X.Requests).Body);
    }

    [Fact]
    public async Task CreatePost_FiveMedia_IsRefusedWithoutACall()
    {
        using var host = new XApiHost();

        var result = await host.Client.CreatePostAsync(XApiHost.Brand, "x", null, ["1", "2", "3", "4", "5"], default);

        Assert.Equal("too_many_media", result.Error!.Code);
        Assert.Empty(host.X.Requests);
    }

    [Theory]
    [InlineData("api-v2-dm-send-response.json", true, "2110298397415297791")]
    [InlineData("api-v2-tweet-create-response.json", false, "2110297574627676872")]
    public async Task Sends_ReadTheIdFromTheResponseFixtures(string fixture, bool directMessage, string expected)
    {
        var handler = new StubHandler(HttpStatusCode.Created, XFixtures.Read(fixture));
        var client = StubClient(handler, out var options);

        var result = directMessage
            ? await client.SendDirectMessageAsync(XApiHost.Brand, XApiHost.Customer, "Hi", null, default)
            : await client.CreatePostAsync(XApiHost.Brand, "Hi", null, null, default);

        Assert.Equal(expected, result.Id);
        Assert.Null(result.Error);
        Assert.StartsWith(options.ApiBaseUrl.AbsoluteUri, handler.LastUri!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_201WithoutAnId_IsAnError()
    {
        var client = StubClient(new StubHandler(HttpStatusCode.Created, """{"data":{}}"""u8.ToArray()), out _);

        var result = await client.CreatePostAsync(XApiHost.Brand, "Hi", null, null, default);

        Assert.Equal(("no_message_id", 201), (result.Error!.Code, result.Error.StatusCode));
    }

    [Theory]
    [InlineData("api-v2-error-duplicate-content-403.json", 403, "duplicate_content")]
    [InlineData("api-v2-error-dm-media-forbidden-403.json", 403, "dm_media_forbidden")]
    [InlineData("api-v2-error-invalid-request-400.json", 400, "invalid_request")]
    [InlineData("api-v2-error-rate-limit-429.json", 429, "rate_limited")]
    [InlineData("api-v2-error-usage-capped-429.json", 429, "usage_capped")]
    [InlineData("api-v1-error-dm-not-allowed-349.json", 403, "dm_not_allowed")]
    [InlineData("api-v1-error-duplicate-187.json", 403, "duplicate_content")]
    [InlineData("api-v1-error-rate-limit-88.json", 429, "rate_limited")]
    [InlineData("api-v1-error-invalid-token-89.json", 401, "invalid_token")]
    public async Task SendDirectMessage_ErrorFixtures_AreMappedWithoutRetry(string fixture, int status, string code)
    {
        using var host = new XApiHost();
        host.X.FailNext(status, Encoding.UTF8.GetString(XFixtures.Read(fixture)));

        var result = await host.Client.SendDirectMessageAsync(XApiHost.Brand, XApiHost.Customer, DmText, null, default);

        Assert.Equal((code, status), (result.Error!.Code, result.Error.StatusCode));
        Assert.Single(host.X.Requests);
        Assert.Empty(host.X.DirectMessages);
    }

    [Fact]
    public async Task CreatePost_DuplicateContent_IsNotRetried()
    {
        using var host = new XApiHost();
        await host.Client.CreatePostAsync(XApiHost.Brand, "Sorry about that, we're on it.", null, null, default);

        var second = await host.Client.CreatePostAsync(XApiHost.Brand, "Sorry about that, we're on it.", null, null, default);

        Assert.Equal(("duplicate_content", ChannelErrorKind.InvalidRequest, false), (second.Error!.Code, second.Error.Kind, second.Error.IsTransient));
        Assert.Equal(2, host.X.Requests.Count);
        Assert.Single(host.X.Posts);
    }

    [Fact]
    public async Task CreatePost_ReplyToAnUnsummoningPost_IsPublicReplyRefused()
    {
        using var host = new XApiHost();
        host.X.RequireSummoning = true;
        host.X.MarkSummoned("2110295848522037206");

        var refused = await host.Client.CreatePostAsync(XApiHost.Brand, ReplyText, "2110296467915445367", null, default);
        var accepted = await host.Client.CreatePostAsync(XApiHost.Brand, ReplyText, "2110295848522037206", null, default);

        Assert.Equal(("reply_not_summoned", ChannelErrorKind.PublicReplyRefused, 403), (refused.Error!.Code, refused.Error.Kind, refused.Error.StatusCode));
        Assert.Null(accepted.Error);
        Assert.Equal(2, host.X.Requests.Count);
    }

    [Fact]
    public async Task RateLimit_UsedUpWithAFarReset_FailsWithoutCallingX()
    {
        using var host = new XApiHost();
        var reset = XApiHost.Start.AddMinutes(15);
        host.X.SetRateLimit(XApiEmulator.PostEndpoint, 100, 1, reset);
        Assert.Null((await host.Client.CreatePostAsync(XApiHost.Brand, "First", null, null, default)).Error);

        var second = await host.Client.CreatePostAsync(XApiHost.Brand, "Second", null, null, default);

        Assert.Equal(("rate_limited", ChannelErrorKind.RateLimited, true, TimeSpan.FromMinutes(15)), (second.Error!.Code, second.Error.Kind, second.Error.IsTransient, second.Error.RetryAfter));
        Assert.Null(second.Error.StatusCode);
        Assert.Single(host.X.Requests);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 4040);

        // Other accounts and endpoints are not held back.
        Assert.Null((await host.Client.SendDirectMessageAsync(XApiHost.Brand, XApiHost.Customer, "Hi", null, default)).Error);
    }

    [Fact]
    public async Task RateLimit_UsedUpWithANearReset_WaitsForTheResetThenCalls()
    {
        using var host = new XApiHost();
        host.X.SetRateLimit(XApiEmulator.PostEndpoint, 100, 1, XApiHost.Start.AddSeconds(3));
        Assert.Null((await host.Client.CreatePostAsync(XApiHost.Brand, "First", null, null, default)).Error);

        var second = await host.AdvancingAsync(() => host.Client.CreatePostAsync(XApiHost.Brand, "Second", null, null, default));

        Assert.Null(second.Error);
        Assert.Equal(2, host.X.Requests.Count);
        Assert.True(host.Time.GetUtcNow() >= XApiHost.Start.AddSeconds(3));
    }

    [Fact]
    public async Task Http429_WithANearReset_IsRetriedAfterTheReset()
    {
        using var host = new XApiHost();
        host.X.FailNextWithRateLimit(XApiHost.Start.AddSeconds(2));

        var result = await host.AdvancingAsync(() => host.Client.SendDirectMessageAsync(XApiHost.Brand, XApiHost.Customer, "Hi", null, default));

        Assert.Null(result.Error);
        Assert.Equal(2, host.X.Requests.Count);
        Assert.True(host.Time.GetUtcNow() >= XApiHost.Start.AddSeconds(2));
        Assert.Single(host.X.DirectMessages);
    }

    [Fact]
    public async Task Http429_WithAFarReset_IsRateLimitedWithTheWait_AndTheNextCallIsHeldBack()
    {
        using var host = new XApiHost();
        host.X.FailNextWithRateLimit(XApiHost.Start.AddSeconds(600));

        var first = await host.Client.SendDirectMessageAsync(XApiHost.Brand, XApiHost.Customer, "Hi", null, default);
        var second = await host.Client.SendDirectMessageAsync(XApiHost.Brand, XApiHost.Customer, "Hi", null, default);

        Assert.Equal(("rate_limited", 429, TimeSpan.FromSeconds(600)), (first.Error!.Code, first.Error.StatusCode, first.Error.RetryAfter));
        Assert.Equal(("rate_limited", (int?)null, TimeSpan.FromSeconds(600)), (second.Error!.Code, second.Error.StatusCode, second.Error.RetryAfter));
        Assert.Single(host.X.Requests);
    }

    [Fact]
    public async Task Http429_RepeatedAfterTheReset_BacksOffThenGivesUp()
    {
        using var host = new XApiHost(o =>
        {
            o.Resilience.RetryBaseDelay = TimeSpan.FromSeconds(1);
            o.Resilience.MaxRetryAttempts = 2;
        });
        host.X.FailNextWithRateLimit(XApiHost.Start.AddSeconds(1));
        host.X.FailNextWithRateLimit(XApiHost.Start.AddSeconds(1));
        host.X.FailNextWithRateLimit(XApiHost.Start.AddSeconds(1));

        var result = await host.AdvancingAsync(() => host.Client.SendDirectMessageAsync(XApiHost.Brand, XApiHost.Customer, "Hi", null, default));

        // First retry waits for the reset (1 s); the second backs off 2 s past it; then the retries are used up.
        Assert.Equal("rate_limited", result.Error!.Code);
        Assert.Equal(3, host.X.Requests.Count);
        Assert.True(host.Time.GetUtcNow() >= XApiHost.Start.AddSeconds(3));
    }

    [Fact]
    public async Task Post503_IsRetried_ButOther5xxAreNot()
    {
        using var host = new XApiHost();
        host.X.FailNext(503, XApiEmulator.ProblemBody(503, "Service Unavailable", "Service Unavailable"));

        var retried = await host.AdvancingAsync(() => host.Client.CreatePostAsync(XApiHost.Brand, "One", null, null, default));
        host.X.FailNext(500, XApiEmulator.ProblemBody(500, "Internal Server Error", "Internal Server Error"));
        var notRetried = await host.Client.CreatePostAsync(XApiHost.Brand, "Two", null, null, default);

        Assert.Null(retried.Error);
        Assert.Equal(("server_error", true), (notRetried.Error!.Code, notRetried.Error.IsTransient));
        Assert.Equal(3, host.X.Requests.Count);
        Assert.Single(host.X.Posts);
    }

    [Fact]
    public async Task Post_ConnectionFailure_IsRetried_AndPostsOnce()
    {
        using var host = new XApiHost();
        host.X.FailNextWithConnectionError();

        var result = await host.AdvancingAsync(() => host.Client.CreatePostAsync(XApiHost.Brand, "One", null, null, default));

        Assert.Null(result.Error);
        Assert.Equal(2, host.X.Requests.Count);
        Assert.Single(host.X.Posts);
    }

    [Fact]
    public async Task Post_AnswerLostAfterXProcessedIt_IsNotRetried_AndSaysTheOutcomeIsUnknown()
    {
        using var host = new XApiHost();
        host.X.DropNextResponse();

        var result = await host.Client.SendDirectMessageAsync(XApiHost.Brand, XApiHost.Customer, "Hi", null, default);

        Assert.Equal(("outcome_unknown", ChannelErrorKind.Unknown, false), (result.Error!.Code, result.Error.Kind, result.Error.IsTransient));
        Assert.Single(host.X.Requests);
        Assert.Single(host.X.DirectMessages);
    }

    [Fact]
    public async Task OAuth1_ARetriedRequest_IsSignedAgainWithANewNonce()
    {
        using var host = new XApiHost();
        host.X.FailNext(503, XApiEmulator.ProblemBody(503, "Service Unavailable", "Service Unavailable"));

        var result = await host.AdvancingAsync(() => host.Client.SendDirectMessageAsync(XApiHost.Brand, XApiHost.Customer, "Hi", null, default));

        Assert.Null(result.Error);
        var (first, second) = (host.X.Requests[0].Authorization!, host.X.Requests[1].Authorization!);
        Assert.NotEqual(Nonce(first), Nonce(second));
    }

    [Fact]
    public async Task OAuth1_WrongSecret_IsAuthenticationFailed()
    {
        using var host = new XApiHost(o => o.Accounts[0].AccessTokenSecret = "wrong");

        var result = await host.Client.SendDirectMessageAsync(XApiHost.Brand, XApiHost.Customer, "Hi", null, default);

        Assert.Equal(("authentication_failed", ChannelErrorKind.Unauthorized, "32"), (result.Error!.Code, result.Error.Kind, result.Error.ErrorType));
        Assert.Single(host.X.Requests);
    }

    [Fact]
    public async Task UnknownAccount_IsRefusedWithoutACall()
    {
        using var host = new XApiHost();

        var result = await host.Client.CreatePostAsync("999", "Hi", null, null, default);

        Assert.Equal(("unknown_account", ChannelErrorKind.Refused), (result.Error!.Code, result.Error.Kind));
        Assert.Empty(host.X.Requests);
    }

    [Fact]
    public void Knows_AccountsWithUserContextCredentialsOnly()
    {
        using var host = new XApiHost(o =>
        {
            o.Accounts.Add(new XAccountOptions { UserId = "3", ScreenName = "nothing" });
            o.Accounts.Add(new XAccountOptions { UserId = "4", AccessToken = "token-without-secret" });
            o.Accounts.Add(new XAccountOptions { UserId = "5", OAuth2RefreshToken = "refresh-only" });
        });

        Assert.True(host.Client.Knows(XApiHost.Brand));
        Assert.True(host.Client.Knows(XApiHost.OAuth2Brand));
        Assert.True(host.Client.Knows("5"));
        Assert.False(host.Client.Knows("3"));
        Assert.False(host.Client.Knows("4"));
        Assert.False(host.Client.Knows("unknown"));
    }

    [Fact]
    public async Task Cancellation_IsThrown()
    {
        using var host = new XApiHost();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Client.CreatePostAsync(XApiHost.Brand, "Hi", null, null, cancelled.Token));
    }

    [Fact]
    public async Task Logs_NeverHoldTokensSecretsOrText()
    {
        using var host = new XApiHost();
        host.X.FailNext(403, Encoding.UTF8.GetString(XFixtures.Read("api-v2-error-duplicate-content-403.json")));
        await host.Client.CreatePostAsync(XApiHost.Brand, ReplyText, ReplyTo, null, default);
        await host.Client.CreatePostAsync(XApiHost.OAuth2Brand, ReplyText, ReplyTo, null, default);
        await host.Client.SendDirectMessageAsync(XApiHost.Brand, XApiHost.Customer, DmText, null, default);

        var logs = string.Join('\n', host.Logs.Entries.Select(e => e.Message + e.Exception));
        Assert.NotEmpty(host.Logs.Entries);
        foreach (var secret in new[] { XApiHost.AccessToken, XApiHost.AccessTokenSecret, XApiHost.ConsumerSecret, XApiHost.Access, XApiHost.Refresh, "Sorry about this", "Thanks Priya" })
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AddXHttpClient_Twice_AddsOneHandler()
    {
        var services = new ServiceCollection();
        services.AddOptions();

        XHttp.AddXHttpClient(services);
        var count = services.Count;
        XHttp.AddXHttpClient(services);

        Assert.Equal(count, services.Count);
    }

    private static string Nonce(string authorization) => authorization.Split(", ").Single(p => p.StartsWith("oauth_nonce", StringComparison.Ordinal));

    private static JsonElement Fixture(string name) => JsonDocument.Parse(XFixtures.Read(name)).RootElement;

    private static void AssertJson(string fixture, string body)
    {
        using var document = JsonDocument.Parse(body);
        Assert.True(JsonElement.DeepEquals(Fixture(fixture), document.RootElement), body);
    }

    private static XApiClient StubClient(HttpMessageHandler handler, out XOptions options)
    {
        options = new XOptions { ConsumerKey = "ck", ConsumerSecret = "cs", ApiBaseUrl = new Uri("https://api.x.test/") };
        options.Accounts.Add(new XAccountOptions { UserId = XApiHost.Brand, AccessToken = "at", AccessTokenSecret = "ats" });
        var factory = Substitute.For<IHttpClientFactory>();
        factory.CreateClient(XDefaults.HttpClientName).Returns(_ => new HttpClient(handler, disposeHandler: false));
        return new XApiClient(factory, options, new InMemoryXTokenStore(options), TimeProvider.System, Substitute.For<ILogger>());
    }

    private sealed class StubHandler(HttpStatusCode status, byte[] body) : HttpMessageHandler
    {
        public Uri? LastUri { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            LastUri = request.RequestUri;
            return Task.FromResult(new HttpResponseMessage(status) { Content = new ByteArrayContent(body) });
        }
    }
}
