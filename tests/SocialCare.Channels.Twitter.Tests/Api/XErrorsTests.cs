using System.Text;
using SocialCare.Abstractions;
using SocialCare.Testing;

namespace SocialCare.Channels.Twitter.Tests.Api;

/// <summary>X error bodies (x.md §5.5, §7.3, §7.4) mapped to channel errors, with every shared error fixture and synthetic bodies.</summary>
public sealed class XErrorsTests
{
    [Theory]
    [InlineData("api-v2-error-duplicate-content-403.json", 403, "duplicate_content", ChannelErrorKind.InvalidRequest, false, "about:blank")]
    [InlineData("api-v2-error-dm-media-forbidden-403.json", 403, "dm_media_forbidden", ChannelErrorKind.InvalidRequest, false, "about:blank")]
    [InlineData("api-v2-error-invalid-request-400.json", 400, "invalid_request", ChannelErrorKind.InvalidRequest, false, "https://api.x.com/2/problems/invalid-request")]
    [InlineData("api-v2-error-rate-limit-429.json", 429, "rate_limited", ChannelErrorKind.RateLimited, true, "about:blank")]
    [InlineData("api-v2-error-usage-capped-429.json", 429, "usage_capped", ChannelErrorKind.RateLimited, false, "https://api.x.com/2/problems/usage-capped")]
    [InlineData("api-v1-error-dm-not-allowed-349.json", 403, "dm_not_allowed", ChannelErrorKind.RecipientUnavailable, false, "349")]
    [InlineData("api-v1-error-duplicate-187.json", 403, "duplicate_content", ChannelErrorKind.InvalidRequest, false, "187")]
    [InlineData("api-v1-error-rate-limit-88.json", 429, "rate_limited", ChannelErrorKind.RateLimited, true, "88")]
    [InlineData("api-v1-error-invalid-token-89.json", 401, "invalid_token", ChannelErrorKind.Unauthorized, false, "89")]
    public void Map_SharedErrorFixtures(string fixture, int status, string code, ChannelErrorKind kind, bool transient, string errorType)
    {
        var error = XErrors.Map(status, XFixtures.Read(fixture), retryAfter: null);

        Assert.Equal(code, error.Code);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(transient, error.IsTransient);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(errorType, error.ErrorType);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.EndsWith(".", error.Message.TrimEnd('…'), StringComparison.Ordinal);
    }

    [Fact]
    public void Map_EveryErrorFixtureIsCovered()
    {
        var covered = typeof(XErrorsTests).GetMethod(nameof(Map_SharedErrorFixtures))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false)
            .Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).First()[0])
            .ToHashSet(StringComparer.Ordinal);

        Assert.All(XFixtures.Names("api-*-error-*.json"), name => Assert.Contains(name, covered));
    }

    [Fact]
    public void Map_DuplicateContent_AsksToVaryTheText_AndIsNotTransient()
    {
        var error = XErrors.Map(403, XFixtures.Read("api-v2-error-duplicate-content-403.json"), TimeSpan.FromSeconds(5));

        Assert.Contains("vary the text", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public void Map_SummoningRefusal_IsPublicReplyRefused_AndSuggestsADirectMessage()
    {
        var error = XErrors.Map(403, Body(XApiEmulator.ProblemBody(403, "Forbidden", XApiEmulator.SummoningDetail)), null);

        Assert.Equal("reply_not_summoned", error.Code);
        Assert.Equal(ChannelErrorKind.PublicReplyRefused, error.Kind);
        Assert.False(error.IsTransient);
        Assert.Contains("mentioned or quoted the account", error.Message, StringComparison.Ordinal);
        Assert.Contains("Direct Message", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_RateLimit_UsesTheResetWait_OrSixtySecondsWhenUnknown()
    {
        var withReset = XErrors.Map(429, XFixtures.Read("api-v2-error-rate-limit-429.json"), TimeSpan.FromSeconds(417));
        var withoutReset = XErrors.Map(429, XFixtures.Read("api-v1-error-rate-limit-88.json"), null);

        Assert.Equal(TimeSpan.FromSeconds(417), withReset.RetryAfter);
        Assert.Equal(XErrors.DefaultRateLimitDelay, withoutReset.RetryAfter);
    }

    [Fact]
    public void Map_UsageCap_IsNotTransient_AndNamesThePeriod()
    {
        var error = XErrors.Map(429, XFixtures.Read("api-v2-error-usage-capped-429.json"), TimeSpan.FromSeconds(3));

        Assert.False(error.IsTransient);
        Assert.Null(error.RetryAfter);
        Assert.Contains("(Monthly Product)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_InvalidRequest_QuotesTheParameterMessages()
    {
        var error = XErrors.Map(400, XFixtures.Read("api-v2-error-invalid-request-400.json"), null);

        Assert.Equal("X rejected the request as invalid: Requests with bodies must have content-type of application/json.", error.Message);
    }

    [Theory]
    [InlineData(401, 32, "authentication_failed", ChannelErrorKind.Unauthorized)]
    [InlineData(401, 135, "clock_skew", ChannelErrorKind.Unauthorized)]
    [InlineData(400, 215, "bad_authentication_data", ChannelErrorKind.Unauthorized)]
    [InlineData(403, 99, "credentials_unverified", ChannelErrorKind.Unauthorized)]
    [InlineData(403, 89, "invalid_token", ChannelErrorKind.Unauthorized)]
    [InlineData(403, 93, "dm_permission_missing", ChannelErrorKind.Unauthorized)]
    [InlineData(403, 220, "insufficient_permissions", ChannelErrorKind.Unauthorized)]
    [InlineData(403, 261, "app_cannot_write", ChannelErrorKind.Unauthorized)]
    [InlineData(403, 326, "account_locked", ChannelErrorKind.Unauthorized)]
    [InlineData(403, 150, "dm_not_allowed", ChannelErrorKind.RecipientUnavailable)]
    [InlineData(403, 349, "dm_not_allowed", ChannelErrorKind.RecipientUnavailable)]
    [InlineData(403, 185, "posting_limit", ChannelErrorKind.RateLimited)]
    [InlineData(403, 186, "text_too_long", ChannelErrorKind.InvalidRequest)]
    [InlineData(403, 354, "text_too_long", ChannelErrorKind.InvalidRequest)]
    [InlineData(403, 187, "duplicate_content", ChannelErrorKind.InvalidRequest)]
    [InlineData(403, 226, "automated_request", ChannelErrorKind.InvalidRequest)]
    [InlineData(403, 385, "reply_target_unavailable", ChannelErrorKind.RecipientUnavailable)]
    [InlineData(404, 144, "reply_target_unavailable", ChannelErrorKind.RecipientUnavailable)]
    [InlineData(429, 88, "rate_limited", ChannelErrorKind.RateLimited)]
    [InlineData(503, 130, "over_capacity", ChannelErrorKind.Transient)]
    [InlineData(500, 131, "internal_error", ChannelErrorKind.Transient)]
    [InlineData(409, 355, "subscription_exists", ChannelErrorKind.InvalidRequest)]
    [InlineData(403, 151, "dm_send_failed", ChannelErrorKind.Unknown)]
    public void Map_V1Codes(int status, int code, string expected, ChannelErrorKind kind)
    {
        var error = XErrors.Map(status, Body(XApiEmulator.V1ErrorBody(code, "Emulated")), null);

        Assert.Equal(expected, error.Code);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(code.ToString(System.Globalization.CultureInfo.InvariantCulture), error.ErrorType);
        Assert.Equal(kind is ChannelErrorKind.RateLimited or ChannelErrorKind.Transient, error.IsTransient);
    }

    [Fact]
    public void Map_PostingLimit_WaitsAnHourWhenXDoesNotSay()
        => Assert.Equal(XErrors.PostingLimitDelay, XErrors.Map(403, Body(XApiEmulator.V1ErrorBody(185, "User is over daily status update limit.")), null).RetryAfter);

    [Theory]
    [InlineData(403, "Forbidden", "You cannot send messages to this user.", "about:blank", "dm_not_allowed", ChannelErrorKind.RecipientUnavailable)]
    [InlineData(403, "Forbidden", "You attempted to reply to a Tweet that is deleted or not visible to you.", "about:blank", "reply_target_unavailable", ChannelErrorKind.RecipientUnavailable)]
    [InlineData(403, "Unsupported Authentication", "Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.", "https://api.x.com/2/problems/unsupported-authentication", "unsupported_authentication", ChannelErrorKind.Unauthorized)]
    [InlineData(403, "Client Forbidden", "This request must be made using an approved developer account.", "https://api.x.com/2/problems/client-forbidden", "client_forbidden", ChannelErrorKind.Unauthorized)]
    [InlineData(403, "Forbidden", "Sorry, you are not authorized to see the Tweet.", "https://api.x.com/2/problems/not-authorized-for-resource", "not_authorized_for_resource", ChannelErrorKind.InvalidRequest)]
    [InlineData(404, "Not Found Error", "Could not find tweet.", "https://api.x.com/2/problems/resource-not-found", "not_found", ChannelErrorKind.InvalidRequest)]
    [InlineData(401, "Unauthorized", "Unauthorized", "about:blank", "invalid_token", ChannelErrorKind.Unauthorized)]
    [InlineData(403, "Forbidden", "You are not permitted to perform this action.", "about:blank", "forbidden", ChannelErrorKind.Unknown)]
    [InlineData(409, "Conflict", "Already exists.", "about:blank", "conflict", ChannelErrorKind.InvalidRequest)]
    [InlineData(500, "Internal Server Error", "Internal Server Error", "about:blank", "server_error", ChannelErrorKind.Transient)]
    [InlineData(503, "Service Unavailable", "Service Unavailable", "about:blank", "server_error", ChannelErrorKind.Transient)]
    [InlineData(418, "Teapot", "Short and stout.", "about:blank", "http_error", ChannelErrorKind.Unknown)]
    public void Map_V2Problems(int status, string title, string detail, string type, string expected, ChannelErrorKind kind)
    {
        var error = XErrors.Map(status, Body(XApiEmulator.ProblemBody(status, title, detail, type)), null);

        Assert.Equal(expected, error.Code);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(type, error.ErrorType);
    }

    [Fact]
    public void Map_TextTooLongInErrorsArray_IsTextTooLong()
    {
        const string Body400 = """{"errors":[{"parameters":{},"message":"Your Tweet text is too long. For more information on how Twitter determines text length see https://github.com/twitter/twitter-text."}],"title":"Invalid Request","detail":"One or more parameters to your request was invalid.","type":"https://api.x.com/2/problems/invalid-request"}""";

        var error = XErrors.Map(400, Body(Body400), null);

        Assert.Equal("text_too_long", error.Code);
        Assert.Equal(ChannelErrorKind.InvalidRequest, error.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html><body>Bad Gateway</body></html>")]
    [InlineData("[1,2]")]
    [InlineData("{\"errors\":\"nope\"}")]
    public void Map_UnreadableBodies_FallBackOnTheStatus(string body)
    {
        var error = XErrors.Map(502, Body(body), null);

        Assert.Equal("server_error", error.Code);
        Assert.True(error.IsTransient);
        Assert.Null(error.ErrorType);
    }

    [Fact]
    public void Map_NeverQuotesMoreThanAShortExplanation()
    {
        var detail = new string('x', 2000);

        var error = XErrors.Map(403, Body(XApiEmulator.ProblemBody(403, "Forbidden", detail)), null);

        Assert.True(error.Message.Length < 400, error.Message);
    }

    [Fact]
    public void RateLimitedBeforeCall_IsTransientWithTheWait()
    {
        var error = XErrors.RateLimitedBeforeCall(TimeSpan.FromSeconds(61.2));

        Assert.Equal(("rate_limited", ChannelErrorKind.RateLimited, true, TimeSpan.FromSeconds(61.2)), (error.Code, error.Kind, error.IsTransient, error.RetryAfter));
        Assert.Null(error.StatusCode);
        Assert.Contains("62 seconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_OAuthTokenError_KeepsTheErrorCode()
    {
        var problem = XProblem.TryRead("""{"error":"invalid_grant","error_description":"Value passed for the token was invalid."}"""u8);

        Assert.Equal("invalid_grant", problem!.OAuthError);
        Assert.Equal("Value passed for the token was invalid.", problem.Detail);
    }

    private static byte[] Body(string text) => Encoding.UTF8.GetBytes(text);
}
