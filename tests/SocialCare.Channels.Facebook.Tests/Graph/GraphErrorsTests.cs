using System.Net;
using Polly.Timeout;
using SocialCare.Abstractions;
using SocialCare.Channels.Meta;
using static SocialCare.Channels.Facebook.Tests.Graph.GraphTestKit;

namespace SocialCare.Channels.Facebook.Tests.Graph;

public class GraphErrorsTests
{
    [Theory]
    // Temporary failures (meta.md §5.4).
    [InlineData(400, 1200, null, ChannelErrorKind.Transient, true, false)]
    [InlineData(500, 1, null, ChannelErrorKind.Transient, true, false)]
    [InlineData(503, 2, null, ChannelErrorKind.Transient, true, false)]
    // Rate limits (§5.4, §9.3).
    [InlineData(400, 4, null, ChannelErrorKind.RateLimited, true, false)]
    [InlineData(400, 4, 2018022, ChannelErrorKind.RateLimited, true, false)]
    [InlineData(400, 17, null, ChannelErrorKind.RateLimited, true, false)]
    [InlineData(400, 32, null, ChannelErrorKind.RateLimited, true, false)]
    [InlineData(400, 613, null, ChannelErrorKind.RateLimited, true, false)]
    [InlineData(400, 80001, null, ChannelErrorKind.RateLimited, true, false)]
    [InlineData(400, 80006, null, ChannelErrorKind.RateLimited, true, false)]
    // The reply window.
    [InlineData(400, 10, 2018278, ChannelErrorKind.OutsideReplyWindow, false, true)]
    [InlineData(400, 10, 2018065, ChannelErrorKind.OutsideReplyWindow, false, true)]
    // The recipient cannot be reached.
    [InlineData(400, 10, 2018108, ChannelErrorKind.RecipientUnavailable, false, false)]
    [InlineData(400, 551, null, ChannelErrorKind.RecipientUnavailable, false, false)]
    [InlineData(400, 551, 1545041, ChannelErrorKind.RecipientUnavailable, false, false)]
    [InlineData(400, 200, 1545041, ChannelErrorKind.RecipientUnavailable, false, false)]
    // Tokens and permissions.
    [InlineData(400, 190, null, ChannelErrorKind.Unauthorized, false, false)]
    [InlineData(401, 190, 460, ChannelErrorKind.Unauthorized, false, false)]
    [InlineData(400, 190, 463, ChannelErrorKind.Unauthorized, false, false)]
    [InlineData(403, 230, null, ChannelErrorKind.Unauthorized, false, false)]
    // Bad requests and app configuration.
    [InlineData(400, 100, null, ChannelErrorKind.InvalidRequest, false, false)]
    [InlineData(400, 100, 2018001, ChannelErrorKind.InvalidRequest, false, false)]
    [InlineData(400, 200, 2018027, ChannelErrorKind.InvalidRequest, false, false)]
    [InlineData(400, 200, 2018028, ChannelErrorKind.InvalidRequest, false, false)]
    [InlineData(500, 100, null, ChannelErrorKind.InvalidRequest, false, false)]
    // Codes not in the table.
    [InlineData(400, 10, null, ChannelErrorKind.Unknown, false, false)]
    [InlineData(400, 10303, null, ChannelErrorKind.Unknown, false, false)]
    [InlineData(400, 200, null, ChannelErrorKind.Unknown, false, false)]
    [InlineData(502, 99999, null, ChannelErrorKind.Transient, true, false)]
    [InlineData(429, 99999, null, ChannelErrorKind.RateLimited, true, false)]
    // No Graph error at all: the HTTP status decides.
    [InlineData(429, null, null, ChannelErrorKind.RateLimited, true, false)]
    [InlineData(500, null, null, ChannelErrorKind.Transient, true, false)]
    [InlineData(503, null, null, ChannelErrorKind.Transient, true, false)]
    [InlineData(400, null, null, ChannelErrorKind.Unknown, false, false)]
    [InlineData(404, null, null, ChannelErrorKind.Unknown, false, false)]
    public void Map_GraphCode_ClassifiesKind(int status, int? code, int? subcode, ChannelErrorKind kind, bool transient, bool outsideWindow)
    {
        var body = code is null ? null : new GraphError(code, "m") { Subcode = subcode, Type = "OAuthException", TraceId = "T1" };

        var error = GraphErrors.Map(status, body, retryAfter: null);

        Assert.Equal(kind, error.Kind);
        Assert.Equal(transient, error.IsTransient);
        Assert.Equal(outsideWindow, error.OutsideReplyWindow);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "http_" + status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Code);
        Assert.Equal(subcode?.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Subcode);
    }

    [Fact]
    public void Map_IsTransientTrue_IsTransient()
    {
        var error = GraphErrors.Map(400, new GraphError(9999, null) { IsTransient = true }, null);

        Assert.Equal(ChannelErrorKind.Transient, error.Kind);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public void Map_FullErrorBody_CopiesFieldsButNotUserText()
    {
        var error = GraphErrors.Map(
            400,
            GraphError.TryRead("""
                {"error":{"message":"(#10) This message is sent outside of allowed window.","type":"OAuthException","code":10,"error_subcode":2018278,
                "error_user_title":"Message Not Sent","error_user_msg":"This person isn't available right now.","fbtrace_id":"A1b2C3"}}
                """u8),
            null);

        Assert.Equal("10", error.Code);
        Assert.Equal("2018278", error.Subcode);
        Assert.Equal("OAuthException", error.ErrorType);
        Assert.Equal("A1b2C3", error.TraceId);
        Assert.Equal("(#10) This message is sent outside of allowed window.", error.Message);
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public void Map_RateLimitWithoutRetryAfter_DefaultsToSixtySeconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), GraphErrors.Map(400, new GraphError(613, null), null).RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(60), GraphErrors.Map(429, null, null).RetryAfter);
    }

    [Fact]
    public void Map_RetryAfterGiven_IsKept()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), GraphErrors.Map(400, new GraphError(4, null), TimeSpan.FromSeconds(7)).RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(3), GraphErrors.Map(503, null, TimeSpan.FromSeconds(3)).RetryAfter);
        Assert.Null(GraphErrors.Map(503, null, null).RetryAfter);
    }

    [Fact]
    public void Map_NoErrorBody_SaysHttpStatus()
    {
        var error = GraphErrors.Map(502, null, null);

        Assert.Equal("http_502", error.Code);
        Assert.Contains("502", error.Message, StringComparison.Ordinal);
        Assert.Null(error.Subcode);
        Assert.Null(error.ErrorType);
        Assert.Null(error.TraceId);
    }

    [Fact]
    public async Task SendAsync_GraphErrorWithStringNumbersAndUnknownFields_IsReadTolerantly()
    {
        var handler = new RecordingHandler().Reply(
            HttpStatusCode.BadRequest,
            """{"error":{"message":"(#10) outside window","type":"OAuthException","code":"10","error_subcode":"2018278","is_transient":"false","fbtrace_id":"Xy9","error_data":{"blame_field_specs":[["recipient"]]},"new_field":[1,2]},"extra":true}""");

        var result = await Client(handler).SendAsync(PageId, Build([new TextPart("hi")])[0], CancellationToken.None);

        var error = result.Error!;
        Assert.Equal("10", error.Code);
        Assert.Equal("2018278", error.Subcode);
        Assert.Equal("Xy9", error.TraceId);
        Assert.Equal(ChannelErrorKind.OutsideReplyWindow, error.Kind);
        Assert.True(error.OutsideReplyWindow);
        Assert.Equal(400, error.StatusCode);
    }

    [Theory]
    [InlineData(502, "<html><body>Bad Gateway</body></html>", "text/html", ChannelErrorKind.Transient)]
    [InlineData(400, "Bad request", "text/plain", ChannelErrorKind.Unknown)]
    [InlineData(400, """{"error":"invalid_token"}""", "application/json", ChannelErrorKind.Unknown)]
    [InlineData(400, """{"error":{"code":{"nested":1},"error_subcode":[2]}}""", "application/json", ChannelErrorKind.Unknown)]
    [InlineData(500, """{"error":{"code":1""", "application/json", ChannelErrorKind.Transient)]
    [InlineData(503, "", "text/plain", ChannelErrorKind.Transient)]
    public async Task SendAsync_ErrorBodyNotGraphJson_MapsByStatusWithoutThrowing(int status, string body, string mediaType, ChannelErrorKind kind)
    {
        var handler = new RecordingHandler().Reply(_ => RecordingHandler.Answer((HttpStatusCode)status, body, mediaType));

        var result = await Client(handler).SendAsync(PageId, Build([new TextPart("hi")])[0], CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal("http_" + status.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Error!.Code);
        Assert.Equal(kind, result.Error.Kind);
    }

    [Fact]
    public async Task SendAsync_RateLimitedWithRetryAfterHeader_CarriesIt()
    {
        var handler = new RecordingHandler().Reply(
            HttpStatusCode.TooManyRequests,
            """{"error":{"message":"(#613) Calls to this api have exceeded the rate limit.","code":613}}""",
            r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(120)));

        var result = await Client(handler).SendAsync(PageId, Build([new TextPart("hi")])[0], CancellationToken.None);

        Assert.Equal(ChannelErrorKind.RateLimited, result.Error!.Kind);
        Assert.True(result.Error.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(120), result.Error.RetryAfter);
    }

    [Fact]
    public async Task SendAsync_TransportFailure_ReturnsTransientError()
    {
        var handler = new RecordingHandler().Throw(new HttpRequestException("Connection refused (graph.test:443)"));

        var result = await Client(handler).SendAsync(PageId, Build([new TextPart("hi")])[0], CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal("transport_error", result.Error!.Code);
        Assert.Equal(ChannelErrorKind.Transient, result.Error.Kind);
        Assert.True(result.Error.IsTransient);
        Assert.Null(result.Error.StatusCode);
    }

    [Fact]
    public async Task SendAsync_TimeoutRejected_ReturnsTransientError()
    {
        var handler = new RecordingHandler().Throw(new TimeoutRejectedException());

        var result = await Client(handler).SendAsync(PageId, Build([new TextPart("hi")])[0], CancellationToken.None);

        Assert.Equal("timeout", result.Error!.Code);
        Assert.Equal(ChannelErrorKind.Transient, result.Error.Kind);
    }

    [Fact]
    public async Task SendAsync_HttpClientTimeout_ReturnsTransientError()
    {
        // A TaskCanceledException while the caller's token is untouched is HttpClient's own time-out.
        var handler = new RecordingHandler().Throw(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout"));

        var result = await Client(handler).SendAsync(PageId, Build([new TextPart("hi")])[0], CancellationToken.None);

        Assert.Equal("timeout", result.Error!.Code);
        Assert.True(result.Error.IsTransient);
    }
}
