using System.Diagnostics;
using SocialCare.Abstractions;

namespace SocialCare.Testing.Tests.Network;

/// <summary>The emulators failing on demand, as the networks do, and each failure reaching the real adapters as their channel error.</summary>
public sealed class NetworkEmulatorsFaultTests
{
    private static readonly Participant Giulia = new(ChannelId.Facebook, new ChannelAccountId(DemoAccounts.PageId), new NetworkUserId("7012938475610293"));
    private static readonly Participant Marco = new(ChannelId.WhatsApp, new ChannelAccountId(DemoAccounts.PhoneNumberId), new NetworkUserId("393471234567"));
    private static readonly Participant Priya = new(ChannelId.X, new ChannelAccountId(DemoAccounts.XBrandUserId), new NetworkUserId("1402938475610284033")) { Handle = "priya_r_travels" };

    [Fact]
    public async Task WindowClosed_Messenger_IsCode10Subcode2018278_OutsideReplyWindow()
    {
        await using var app = await DemoApp.StartAsync();
        app.Emulators.Graph.FailNextWithWindowClosed();

        var error = await FailAsync(app, Giulia);

        Assert.Equal((ChannelErrorKind.OutsideReplyWindow, "10", "2018278", 400), (error.Kind, error.Code, error.Subcode, error.StatusCode));
        Assert.True(error.OutsideReplyWindow);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task WindowClosed_WhatsApp_Is131047_OutsideReplyWindow()
    {
        await using var app = await DemoApp.StartAsync();
        app.Emulators.Graph.FailNextWithWindowClosed();

        var error = await FailAsync(app, Marco);

        Assert.Equal((ChannelErrorKind.OutsideReplyWindow, "131047", 400), (error.Kind, error.Code, error.StatusCode));
        Assert.Contains("24 hours", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("facebook", "613")]
    [InlineData("whatsapp", "130429")]
    public async Task RateLimited_Graph_Is429WithRetryAfter(string channel, string code)
    {
        // Retry-After longer than the channel's MaxRetryDelay (30 s): no retry, the wait is handed to the caller.
        await using var app = await DemoApp.StartAsync(retries: 3);
        app.Emulators.Graph.FailNextWithRateLimit(TimeSpan.FromSeconds(120));

        var error = await FailAsync(app, channel == "facebook" ? Giulia : Marco);

        Assert.Equal((ChannelErrorKind.RateLimited, code, 429), (error.Kind, error.Code, error.StatusCode));
        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.True(error.IsTransient);
        Assert.Single(app.Emulators.Requests);
    }

    [Fact]
    public async Task RateLimited_X_Is429WithTheWindowsReset()
    {
        await using var app = await DemoApp.StartAsync(retries: 3);
        var reset = TimeProvider.System.GetUtcNow().AddMinutes(10);
        app.Emulators.X.FailNextWithRateLimit(reset);

        var error = await FailAsync(app, Priya);

        Assert.Equal((ChannelErrorKind.RateLimited, 429), (error.Kind, error.StatusCode));
        Assert.InRange(error.RetryAfter!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(11));
        var request = Assert.Single(app.Emulators.Requests);
        Assert.Equal(429, request.StatusCode);
    }

    [Theory]
    [InlineData("facebook")]
    [InlineData("whatsapp")]
    [InlineData("x")]
    public async Task ServerError_IsTransient(string channel)
    {
        await using var app = await DemoApp.StartAsync();
        app.Emulators.Graph.FailNextWithServerError(503);
        app.Emulators.X.FailNextWithServerError(503);

        var error = await FailAsync(app, For(channel));

        Assert.Equal((ChannelErrorKind.Transient, 503), (error.Kind, error.StatusCode));
        Assert.True(error.IsTransient);
    }

    [Theory]
    [InlineData("facebook")]
    [InlineData("whatsapp")]
    public async Task ServerErrorOnce_IsRetried_AndTheSendSucceeds(string channel)
    {
        await using var app = await DemoApp.StartAsync(retries: 2);
        app.Emulators.Graph.FailNextWithServerError(500);
        app.Emulators.X.FailNextWithServerError(500);

        var result = await app.Adapter(new ChannelId(channel)).SendAsync(Direct(For(channel), "Second time lucky"), default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal([500, 200], app.Emulators.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task ServerErrorOnAnXSend_IsNotRetried_ForXHasNoIdempotencyKey()
    {
        await using var app = await DemoApp.StartAsync(retries: 2);
        app.Emulators.X.FailNextWithServerError(500);

        var error = await FailAsync(app, Priya);

        Assert.Equal((ChannelErrorKind.Transient, 500), (error.Kind, error.StatusCode));
        Assert.Equal(500, Assert.Single(app.Emulators.Requests).StatusCode);
        Assert.Empty(app.Emulators.X.DirectMessages);
    }

    [Theory]
    [InlineData("facebook", "190", 400)]
    [InlineData("whatsapp", "190", 401)]
    [InlineData("x", "invalid_token", 401)]
    public async Task InvalidToken_IsUnauthorized(string channel, string code, int status)
    {
        await using var app = await DemoApp.StartAsync();
        app.Emulators.Graph.FailNextWithInvalidToken();
        app.Emulators.X.FailNextWithInvalidToken();

        var error = await FailAsync(app, For(channel));

        Assert.Equal((ChannelErrorKind.Unauthorized, code, status), (error.Kind, error.Code, error.StatusCode));
        Assert.False(error.IsTransient);
    }

    [Theory]
    [InlineData("facebook", DemoAccounts.PageAccessToken)]
    [InlineData("whatsapp", DemoAccounts.WhatsAppAccessToken)]
    [InlineData("x", DemoAccounts.XAccessToken)]
    public async Task RevokedToken_IsUnauthorizedUntilAddedAgain(string channel, string token)
    {
        await using var app = await DemoApp.StartAsync();
        if (channel == "x")
        {
            app.Emulators.X.RevokeAccessToken(token);
        }
        else
        {
            app.Emulators.Graph.RevokeAccessToken(token);
        }

        var first = await FailAsync(app, For(channel));
        var second = await FailAsync(app, For(channel));
        if (channel == "x")
        {
            app.Emulators.X.AddAccount(DemoAccounts.XBrandUserId, DemoAccounts.XConsumerKey, DemoAccounts.XConsumerSecret, token, DemoAccounts.XAccessTokenSecret);
        }
        else
        {
            app.Emulators.Graph.AddAccessToken(token);
        }

        var third = await app.Adapter(new ChannelId(channel)).SendAsync(Direct(For(channel), "Back again"), default);

        Assert.Equal(ChannelErrorKind.Unauthorized, first.Kind);
        Assert.Equal(ChannelErrorKind.Unauthorized, second.Kind);
        Assert.True(third.Succeeded, third.Error?.Message);
    }

    [Fact]
    public async Task UnknownGraphToken_IsRefused_OnceTokensAreRegistered()
    {
        await using var emulators = await NetworkEmulators.StartAsync();
        using var client = new HttpClient { BaseAddress = emulators.GraphBaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v25.0/{DemoAccounts.PageId}/messages")
        {
            Content = new StringContent("""{"recipient":{"id":"1"},"message":{"text":"hi"}}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", "EAA-somebody-elses-token");

        using var response = await client.SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("\"code\":190", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("facebook", ChannelErrorKind.Transient)]
    [InlineData("whatsapp", ChannelErrorKind.Transient)]
    [InlineData("x", ChannelErrorKind.Unknown)]
    public async Task ConnectionError_AbortsTheConnection_WithoutAnAnswer(string channel, ChannelErrorKind kind)
    {
        // Over HTTP the request was sent before the connection dropped: the X adapter cannot tell whether X posted it
        // (outcome unknown, not retried); Graph's adapter reports a transient failure.
        await using var app = await DemoApp.StartAsync();
        app.Emulators.Graph.FailNextWithConnectionError();
        app.Emulators.X.FailNextWithConnectionError();

        var error = await FailAsync(app, For(channel));

        Assert.Equal(kind, error.Kind);
        Assert.Null(error.StatusCode);
        Assert.Equal(0, Assert.Single(app.Emulators.Requests).StatusCode);
        Assert.Empty(app.Emulators.X.DirectMessages);
    }

    [Theory]
    [InlineData("facebook")]
    [InlineData("whatsapp")]
    [InlineData("x")]
    public async Task SlowAnswer_IsSlow_ButSucceeds(string channel)
    {
        await using var app = await DemoApp.StartAsync();
        app.Emulators.Graph.DelayNext(TimeSpan.FromMilliseconds(800));
        app.Emulators.X.DelayNext(TimeSpan.FromMilliseconds(800));
        var adapter = app.Adapter(new ChannelId(channel));

        var slow = Stopwatch.StartNew();
        var first = await adapter.SendAsync(Direct(For(channel), "slow"), default);
        slow.Stop();
        var fast = Stopwatch.StartNew();
        var second = await adapter.SendAsync(Direct(For(channel), "fast"), default);
        fast.Stop();

        Assert.True(first.Succeeded && second.Succeeded);
        Assert.True(slow.Elapsed >= TimeSpan.FromMilliseconds(750), $"took {slow.Elapsed}");
        Assert.True(fast.Elapsed < slow.Elapsed, $"the second took {fast.Elapsed}, the delayed one {slow.Elapsed}");
    }

    [Theory]
    [InlineData("whatsapp", ChannelErrorKind.Transient)]
    [InlineData("x", ChannelErrorKind.Unknown)]
    public async Task AnswerSlowerThanTheAttemptTimeout_FailsTheSend_AndTheEmulatorSeesTheClientLeave(string channel, ChannelErrorKind kind)
    {
        // A generous first attempt warms the path (JIT, the connection) so that the short attempt below is spent waiting
        // for the emulator's answer, not on a cold start: on a loaded machine 300 ms can pass before the request arrives.
        await using var app = await DemoApp.StartAsync(attemptTimeout: TimeSpan.FromMilliseconds(300));
        var to = For(channel);
        var warm = await app.Adapter(to.Channel).SendAsync(Direct(to, "warm"), default);
        if (!warm.Succeeded)
        {
            // The cold first send itself ran out of time; a second one on the warm path must not.
            warm = await app.Adapter(to.Channel).SendAsync(Direct(to, "warm"), default);
        }

        Assert.True(warm.Succeeded, warm.Error?.Message);
        app.Emulators.Clear();
        app.Emulators.Graph.ResponseDelay = TimeSpan.FromSeconds(20);
        app.Emulators.X.ResponseDelay = TimeSpan.FromSeconds(20);

        var clock = Stopwatch.StartNew();
        var error = await FailAsync(app, to);
        clock.Stop();

        Assert.Equal(kind, error.Kind);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        // Matched by its text: a cold warm-up attempt that timed out may be recorded late, after the clear.
        var abandoned = await DemoApp.EventuallyAsync(() => Task.FromResult(app.Emulators.Requests.SingleOrDefault(r => r.Body.Contains("Hello", StringComparison.Ordinal))));
        Assert.Equal(0, abandoned.StatusCode);
    }

    private static Participant For(string channel) => channel switch
    {
        "facebook" => Giulia,
        "whatsapp" => Marco,
        _ => Priya,
    };

    private static async Task<ChannelError> FailAsync(DemoApp app, Participant to)
    {
        var result = await app.Adapter(to.Channel).SendAsync(Direct(to, "Hello"), default);
        Assert.False(result.Succeeded, "The send should have failed.");
        return result.Error!;
    }

    private static OutboundMessage Direct(Participant to, string text)
    {
        var now = TimeProvider.System.GetUtcNow();
        return new(MessageId.New(now), ConversationRef.PrivateWith(to), [new TextPart(text)]) { Recipient = to, CustomerLastMessageAt = now.AddMinutes(-5) };
    }
}
