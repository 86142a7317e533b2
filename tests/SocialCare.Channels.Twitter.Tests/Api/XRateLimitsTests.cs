using System.Net;

namespace SocialCare.Channels.Twitter.Tests.Api;

/// <summary>Rate-limit headers (x.md §7.2) and the per-account, per-endpoint memory of them.</summary>
public sealed class XRateLimitsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_790_000_000);

    [Fact]
    public void Read_AllThreeWindows()
    {
        using var response = Response(
            ("x-rate-limit-limit", "100"), ("x-rate-limit-remaining", "7"), ("x-rate-limit-reset", "1790000900"),
            ("x-app-limit-24hour-limit", "10000"), ("x-app-limit-24hour-remaining", "9000"), ("x-app-limit-24hour-reset", "1790086400"),
            ("x-user-limit-24hour-limit", "1440"), ("x-user-limit-24hour-remaining", "0"), ("x-user-limit-24hour-reset", "1790050000"));

        var headers = XRateLimitHeaders.Read(response.Headers);

        Assert.Equal(new XRateWindow(100, 7, DateTimeOffset.FromUnixTimeSeconds(1790000900)), headers.Window);
        Assert.Equal(new XRateWindow(10000, 9000, DateTimeOffset.FromUnixTimeSeconds(1790086400)), headers.App24Hour);
        Assert.Equal(new XRateWindow(1440, 0, DateTimeOffset.FromUnixTimeSeconds(1790050000)), headers.User24Hour);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1790050000), headers.ExhaustedUntil(Now));
    }

    [Fact]
    public void Read_MissingOrMalformedHeaders_AreIgnored()
    {
        using var none = Response();
        using var malformed = Response(("x-rate-limit-limit", "lots"), ("x-rate-limit-remaining", "-"), ("x-rate-limit-reset", "soon"));

        Assert.True(XRateLimitHeaders.Read(none.Headers).IsEmpty);
        Assert.True(XRateLimitHeaders.Read(malformed.Headers).IsEmpty);
    }

    [Fact]
    public void WaitAfterRateLimit_PrefersTheExhaustedDailyCap_ThenTheWindow_ThenRetryAfter()
    {
        using var daily = Response(
            ("x-rate-limit-limit", "15"), ("x-rate-limit-remaining", "0"), ("x-rate-limit-reset", "1790000030"),
            ("x-user-limit-24hour-limit", "1440"), ("x-user-limit-24hour-remaining", "0"), ("x-user-limit-24hour-reset", "1790040000"));
        using var window = Response(("x-rate-limit-limit", "15"), ("x-rate-limit-remaining", "3"), ("x-rate-limit-reset", "1790000030"));
        using var retryAfter = Response();
        retryAfter.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(12));
        using var nothing = Response();

        Assert.Equal(TimeSpan.FromSeconds(40000), XRateLimitHeaders.WaitAfterRateLimit(daily, Now));
        Assert.Equal(TimeSpan.FromSeconds(30), XRateLimitHeaders.WaitAfterRateLimit(window, Now));
        Assert.Equal(TimeSpan.FromSeconds(12), XRateLimitHeaders.WaitAfterRateLimit(retryAfter, Now));
        Assert.Null(XRateLimitHeaders.WaitAfterRateLimit(nothing, Now));
    }

    [Fact]
    public void BlockedUntil_OnlyWhileAWindowIsUsedUp_PerAccountAndEndpoint()
    {
        var limits = new XRateLimits();
        var reset = Now.AddMinutes(15);
        limits.Record("1", "POST /2/tweets", new XRateLimitHeaders(new XRateWindow(100, 0, reset), null, null));
        limits.Record("1", "POST /2/dm", new XRateLimitHeaders(new XRateWindow(15, 4, reset), null, null));

        Assert.Equal(reset, limits.BlockedUntil("1", "POST /2/tweets", Now));
        Assert.Null(limits.BlockedUntil("2", "POST /2/tweets", Now));
        Assert.Null(limits.BlockedUntil("1", "POST /2/dm", Now));
        Assert.Null(limits.BlockedUntil("1", "POST /2/tweets", reset));
    }

    [Fact]
    public void BlockedUntil_TheAppsDailyCap_BlocksEveryAccount()
    {
        var limits = new XRateLimits();
        var reset = Now.AddHours(5);
        limits.Record("1", "POST /2/tweets", new XRateLimitHeaders(new XRateWindow(100, 50, Now.AddMinutes(3)), new XRateWindow(10000, 0, reset), null));

        Assert.Equal(reset, limits.BlockedUntil("2", "POST /2/tweets", Now));
    }

    [Fact]
    public void Record_AnswerWithoutHeaders_KeepsTheLastState()
    {
        var limits = new XRateLimits();
        var reset = Now.AddMinutes(15);
        limits.Record("1", "POST /2/tweets", new XRateLimitHeaders(new XRateWindow(100, 0, reset), null, null));
        limits.Record("1", "POST /2/tweets", default);

        Assert.Equal(reset, limits.BlockedUntil("1", "POST /2/tweets", Now));
    }

    private static HttpResponseMessage Response(params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}
