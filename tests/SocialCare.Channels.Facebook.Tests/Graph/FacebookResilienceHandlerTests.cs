using System.Net;
using System.Net.Http.Headers;
using Polly;
using SocialCare.Abstractions;
using SocialCare.Channels.Meta;
using SocialCare.Testing;
using static SocialCare.Channels.Facebook.Tests.Graph.GraphTestKit;

namespace SocialCare.Channels.Facebook.Tests.Graph;

public class GraphResilienceHandlerTests
{
    private const string SendAnswer = """{"recipient_id":"24000000000001","message_id":"m_abc"}""";

    private static GraphSendRequest Text() => Build([new TextPart("hi")])[0];

    [Fact]
    public async Task SendAsync_503Then200_RetriesOnceAndSucceeds()
    {
        var options = Options(resilience: FastResilience);
        var handler = new RecordingHandler().Reply(HttpStatusCode.ServiceUnavailable, "busy").Reply(HttpStatusCode.OK, SendAnswer);

        var result = await Client(Resilient(handler, options), options).SendAsync(PageId, Text(), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("m_abc", result.Id);
        Assert.Equal(2, handler.Count);
        // The retried POST carried the same body, address and token.
        Assert.Equal(handler.Requests[0].Body, handler.Requests[1].Body);
        Assert.Equal(handler.Requests[0].Uri, handler.Requests[1].Uri);
        Assert.All(handler.Requests, r => AssertCall(r, HttpMethod.Post, PageId + "/messages"));
    }

    [Fact]
    public async Task SendAsync_TransportFailureThen200_Retries()
    {
        var options = Options(resilience: FastResilience);
        var handler = new RecordingHandler().Throw(new HttpRequestException("reset")).Reply(HttpStatusCode.OK, SendAnswer);

        var result = await Client(Resilient(handler, options), options).SendAsync(PageId, Text(), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(2, handler.Count);
    }

    [Fact]
    public async Task SendAsync_AttemptTimesOut_RetriesThenSucceeds()
    {
        var options = Options(resilience: r =>
        {
            FastResilience(r);
            r.AttemptTimeout = TimeSpan.FromMilliseconds(100);
        });
        var handler = new RecordingHandler().Hang().Reply(HttpStatusCode.OK, SendAnswer);

        var result = await Client(Resilient(handler, options), options).SendAsync(PageId, Text(), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(2, handler.Count);
    }

    [Fact]
    public async Task SendAsync_AlwaysFailing_StopsAfterMaxRetriesWithTransientError()
    {
        var options = Options(resilience: r =>
        {
            FastResilience(r);
            r.MaxRetryAttempts = 2;
        });
        var handler = new RecordingHandler { Fallback = _ => RecordingHandler.Answer(HttpStatusCode.BadGateway, "<html/>", "text/html") };

        var result = await Client(Resilient(handler, options), options).SendAsync(PageId, Text(), CancellationToken.None);

        Assert.Equal(3, handler.Count);
        Assert.Equal("http_502", result.Error!.Code);
        Assert.Equal(ChannelErrorKind.Transient, result.Error.Kind);
    }

    [Fact]
    public async Task SendAsync_RetriedResponse_IsDisposed()
    {
        var options = Options(resilience: FastResilience);
        var first = new TrackingContent();
        var handler = new RecordingHandler()
            .Reply(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = first })
            .Reply(HttpStatusCode.OK, SendAnswer);

        await Client(Resilient(handler, options), options).SendAsync(PageId, Text(), CancellationToken.None);

        Assert.True(first.Disposed);
    }

    [Theory]
    [InlineData(400, """{"error":{"code":10,"error_subcode":2018278,"message":"outside window"}}""")]
    [InlineData(400, """{"error":{"code":1200,"message":"Temporary send message failure"}}""")]
    [InlineData(400, """{"error":{"code":613,"message":"rate limit"}}""")]
    [InlineData(401, """{"error":{"code":190,"message":"token expired"}}""")]
    [InlineData(403, """{"error":{"code":230,"message":"permission"}}""")]
    [InlineData(404, "")]
    public async Task SendAsync_4xxGraphError_IsNotRetried(int status, string body)
    {
        var options = Options(resilience: FastResilience);
        var handler = new RecordingHandler { Fallback = _ => RecordingHandler.Answer((HttpStatusCode)status, body) };

        var result = await Client(Resilient(handler, options), options).SendAsync(PageId, Text(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task SendAsync_429WithRetryAfter_WaitsThatLongBeforeRetrying()
    {
        var time = new FakeTimeProvider();
        var options = Options(resilience: FastResilience);
        var handler = new RecordingHandler(time)
            .Reply(HttpStatusCode.TooManyRequests, """{"error":{"code":4,"message":"Application request limit reached"}}""", r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(2)))
            .Reply(HttpStatusCode.OK, SendAnswer);
        var client = Client(Resilient(handler, options, time), options, time: time);

        var call = client.SendAsync(PageId, Text(), CancellationToken.None);
        await handler.WaitForAsync(1);
        for (var i = 0; i < 1000 && handler.Count < 2; i++)
        {
            // Fake time moves in 100 ms steps; real time only lets the pipeline's continuations run.
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(2);
        }

        var result = await call;
        Assert.True(result.Succeeded);
        Assert.Equal(2, handler.Count);
        var waited = handler.Requests[1].At - handler.Requests[0].At;
        Assert.True(waited >= TimeSpan.FromSeconds(2), $"Retried after {waited} of fake time; Retry-After asked for 2 s.");
    }

    [Fact]
    public async Task SendAsync_RetryAfterBeyondMaxRetryDelay_ReturnsRateLimitedWithoutRetry()
    {
        var options = Options(resilience: r =>
        {
            FastResilience(r);
            r.MaxRetryDelay = TimeSpan.FromSeconds(30);
        });
        var handler = new RecordingHandler().Reply(
            HttpStatusCode.TooManyRequests,
            null,
            r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(120)));

        var result = await Client(Resilient(handler, options), options).SendAsync(PageId, Text(), CancellationToken.None);

        Assert.Equal(1, handler.Count);
        Assert.Equal(ChannelErrorKind.RateLimited, result.Error!.Kind);
        Assert.True(result.Error.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(120), result.Error.RetryAfter);
    }

    [Fact]
    public async Task SendAsync_RepeatedFailures_OpenCircuitAndFailFastWithoutCalling()
    {
        var time = new FakeTimeProvider();
        var options = Options(resilience: r =>
        {
            FastResilience(r);
            r.MaxRetryAttempts = 0;
            r.BreakerMinimumThroughput = 2;
            r.BreakerFailureRatio = 0.5;
            r.BreakerSamplingDuration = TimeSpan.FromSeconds(30);
            r.BreakerBreakDuration = TimeSpan.FromSeconds(30);
        });
        var handler = new RecordingHandler(time) { Fallback = _ => RecordingHandler.Answer(HttpStatusCode.ServiceUnavailable, "down", "text/plain") };
        var client = Client(Resilient(handler, options, time), options, time: time);

        var first = await client.SendAsync(PageId, Text(), CancellationToken.None);
        var second = await client.SendAsync(PageId, Text(), CancellationToken.None);
        var third = await client.SendAsync(PageId, Text(), CancellationToken.None);
        var fourth = await client.SendAsync(PageId, Text(), CancellationToken.None);

        Assert.Equal("http_503", first.Error!.Code);
        Assert.Equal("http_503", second.Error!.Code);
        Assert.Equal(2, handler.Count);
        Assert.All([third, fourth], r =>
        {
            Assert.Equal("circuit_open", r.Error!.Code);
            Assert.Equal(ChannelErrorKind.Transient, r.Error.Kind);
            Assert.True(r.Error.IsTransient);
        });
    }

    [Fact]
    public async Task SendAsync_AfterBreakDuration_CircuitLetsCallsThroughAgain()
    {
        var time = new FakeTimeProvider();
        var options = Options(resilience: r =>
        {
            FastResilience(r);
            r.MaxRetryAttempts = 0;
            r.BreakerMinimumThroughput = 2;
            r.BreakerBreakDuration = TimeSpan.FromSeconds(30);
        });
        var handler = new RecordingHandler(time)
            .Reply(HttpStatusCode.InternalServerError, "x")
            .Reply(HttpStatusCode.InternalServerError, "x")
            .Reply(HttpStatusCode.OK, SendAnswer);
        var client = Client(Resilient(handler, options, time), options, time: time);
        await client.SendAsync(PageId, Text(), CancellationToken.None);
        await client.SendAsync(PageId, Text(), CancellationToken.None);
        Assert.Equal("circuit_open", (await client.SendAsync(PageId, Text(), CancellationToken.None)).Error!.Code);

        time.Advance(TimeSpan.FromSeconds(31));
        var result = await client.SendAsync(PageId, Text(), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(3, handler.Count);
    }

    [Fact]
    public void GetRetryAfter_DeltaSeconds_ReturnsDelta()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(17));

        Assert.Equal(TimeSpan.FromSeconds(17), GraphResilienceHandler.GetRetryAfter(response, new FakeTimeProvider()));
    }

    [Fact]
    public void GetRetryAfter_HttpDate_MeasuresFromTimeProvider()
    {
        var time = new FakeTimeProvider();
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.TryAddWithoutValidation("Retry-After", time.GetUtcNow().AddSeconds(5).ToString("r", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(TimeSpan.FromSeconds(5), GraphResilienceHandler.GetRetryAfter(response, time));
    }

    [Fact]
    public void GetRetryAfter_DateInThePast_IsZero()
    {
        var time = new FakeTimeProvider();
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(time.GetUtcNow().AddMinutes(-1));

        Assert.Equal(TimeSpan.Zero, GraphResilienceHandler.GetRetryAfter(response, time));
    }

    [Fact]
    public void GetRetryAfter_NoHeader_IsNull()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.Null(GraphResilienceHandler.GetRetryAfter(response, new FakeTimeProvider()));
        Assert.Null(GraphResilienceHandler.GetRetryAfter(null, new FakeTimeProvider()));
    }

    [Theory]
    [InlineData(429, 10, true)]
    [InlineData(429, 30, true)]
    [InlineData(429, 31, false)]
    [InlineData(503, 3600, false)]
    [InlineData(503, null, true)]
    [InlineData(500, null, true)]
    [InlineData(400, null, false)]
    [InlineData(404, 1, false)]
    [InlineData(200, null, false)]
    public void ShouldRetry_StatusAndRetryAfter_DecidesRetry(int status, int? retryAfterSeconds, bool expected)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        if (retryAfterSeconds is { } s)
        {
            response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(s));
        }

        Assert.Equal(expected, GraphResilienceHandler.ShouldRetry(Outcome.FromResult(response), TimeSpan.FromSeconds(30), new FakeTimeProvider()));
    }

    [Fact]
    public void ShouldRetry_Exceptions_RetriesTransportAndTimeoutOnly()
    {
        var max = TimeSpan.FromSeconds(30);
        var time = new FakeTimeProvider();

        Assert.True(GraphResilienceHandler.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new HttpRequestException("x")), max, time));
        Assert.True(GraphResilienceHandler.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new Polly.Timeout.TimeoutRejectedException()), max, time));
        Assert.False(GraphResilienceHandler.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new InvalidOperationException()), max, time));
        Assert.False(GraphResilienceHandler.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new Polly.CircuitBreaker.BrokenCircuitException()), max, time));
    }

    private sealed class TrackingContent() : StringContent("busy")
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
