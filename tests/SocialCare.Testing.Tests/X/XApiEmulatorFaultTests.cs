using System.Net;
using System.Text.Json;

namespace SocialCare.Testing.Tests.X;

/// <summary>The X API emulator's failures on demand, in process: invalid and revoked tokens, server errors, delays on its clock.</summary>
public sealed class XApiEmulatorFaultTests : IDisposable
{
    private const string Dm = """{"text":"hello"}""";
    private readonly XTestClient _x = new();

    public void Dispose() => _x.Dispose();

    [Fact]
    public async Task InvalidToken_Answers401WithCode89_Once()
    {
        _x.X.FailNextWithInvalidToken();

        using var failed = await SendDmAsync();
        using var next = await SendDmAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        Assert.Equal(89, await CodeAsync(failed));
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
    }

    [Fact]
    public async Task RevokedToken_Answers89_UntilTheAccountIsAddedAgain()
    {
        _x.X.RevokeAccessToken(XTestClient.Token);

        using var revoked = await SendDmAsync();
        _x.X.AddAccount(XTestClient.UserId, XTestClient.ConsumerKey, XTestClient.ConsumerSecret, XTestClient.Token, XTestClient.TokenSecret);
        using var restored = await SendDmAsync();

        Assert.Equal((HttpStatusCode.Unauthorized, 89), (revoked.StatusCode, await CodeAsync(revoked)));
        Assert.Equal(HttpStatusCode.Created, restored.StatusCode);
        Assert.Single(_x.X.DirectMessages);
    }

    [Fact]
    public async Task ServerError_AnswersAProblem_AndProcessesNothing()
    {
        _x.X.FailNextWithServerError(503);

        using var response = await SendDmAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Service Unavailable", body.RootElement.GetProperty("title").GetString());
        Assert.Empty(_x.X.DirectMessages);
    }

    [Fact]
    public async Task DelayNext_HoldsTheAnswer_UntilTheEmulatorsClockPassesIt()
    {
        _x.X.DelayNext(TimeSpan.FromSeconds(3));

        var slow = SendDmAsync();
        await Task.Delay(50);
        Assert.False(slow.IsCompleted);
        _x.Time.Advance(TimeSpan.FromSeconds(3));

        using var response = await slow.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task ClearRequests_ForgetsRequests_ButNotWhatWasSent()
    {
        using var response = await SendDmAsync();
        Assert.Single(_x.X.Requests);

        _x.X.ClearRequests();

        Assert.Empty(_x.X.Requests);
        Assert.Single(_x.X.DirectMessages);
    }

    [Fact]
    public async Task AsNetworkFaults_RateLimit_ResetsTheWaitAhead_AndDmsAreAccepted()
    {
        INetworkFaults faults = _x.X;
        faults.FailNextWithRateLimit(TimeSpan.FromSeconds(89.5));

        using var limited = await SendDmAsync();
        using var sent = await SendDmAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var reset = long.Parse(limited.Headers.GetValues("x-rate-limit-reset").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(_x.Time.GetUtcNow().AddSeconds(90).ToUnixTimeSeconds(), reset);
        var accepted = Assert.Single(faults.AcceptedMessages);
        Assert.Equal(("1402938475610284033", "hello", _x.X.DirectMessages.Single().EventId), (accepted.Recipient, accepted.Text, accepted.Id));
    }

    [Fact]
    public void AsNetworkFaults_OutsideWindow_IsNotSupported_XHasNoWindow()
        => Assert.Throws<NotSupportedException>(((INetworkFaults)_x.X).FailNextOutsideWindow);

    private Task<HttpResponseMessage> SendDmAsync()
        => _x.SignedAsync(HttpMethod.Post, "2/dm_conversations/with/1402938475610284033/messages", Dm);

    private static async Task<int> CodeAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("errors")[0].GetProperty("code").GetInt32();
    }
}
