using SocialCare.Abstractions;
using SocialCare.Testing;

namespace SocialCare.Channels.Twitter.Tests;

/// <summary>Keyword listening: recent search polled per rule, posts handed to the pipeline, triage deciding tickets.</summary>
public sealed class XListeningTests
{
    private static readonly XListeningRule Brand = new() { Tag = "brand", Query = "nimbus -is:retweet" };

    private static XHost Host(Action<XOptions>? configure = null) => new(o =>
    {
        o.Listening.Rules.Add(Brand);
        o.Listening.PollInterval = TimeSpan.FromMinutes(1);
        o.Listening.MaxBackoff = TimeSpan.FromMinutes(8);
        configure?.Invoke(o);
    });

    [Fact]
    public async Task Poll_QuestionOpensAPublicTicket_ChatterIsOnlyToldToTheSinks()
    {
        await using var host = Host();
        host.X.AddSearchResult("2110300000000000001", "1500000000000000001", "sam", "Does the Nimbus router support wifi 7?");
        host.X.AddSearchResult("2110300000000000002", "1500000000000000002", "lee", "Lovely new nimbus router, so fast");

        var wait = await host.Listening.PollOnceAsync(Brand, default);

        Assert.Equal(TimeSpan.FromMinutes(1), wait);
        var ticket = Assert.Single(await host.TicketsAsync());
        Assert.Equal(ConversationVisibility.Public, ticket.Conversation.Visibility);
        Assert.Equal(XHost.Brand, ticket.Conversation.Account.Value);
        var message = Assert.Single(await host.MessagesAsync(ticket.Id));
        Assert.Equal("2110300000000000001", message.NetworkId!.Value.Value);
        var notice = Assert.Single(host.Activity.Notices);
        var chatter = Assert.IsType<MessageReceived>(notice.Event);
        Assert.Equal(MessageOrigin.Listening, chatter.Origin);
        Assert.Equal("brand", chatter.MatchedRule);

        var request = Assert.Single(host.X.Requests);
        Assert.Equal("/2/tweets/search/recent", request.Path);
        Assert.Equal($"Bearer {XHost.AppBearer}", request.Authorization);
        Assert.Contains("query=nimbus", request.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("since_id", request.Query, StringComparison.Ordinal);
        Assert.Equal("2110300000000000002", host.Listening.SinceId("brand"));
    }

    [Fact]
    public async Task NextPoll_AsksOnlyForNewerPosts_AndRepeatsNothing()
    {
        await using var host = Host();
        host.X.AddSearchResult("2110300000000000001", "1500000000000000001", "sam", "is nimbus down?");
        await host.Listening.PollOnceAsync(Brand, default);
        host.X.AddSearchResult("2110300000000000005", "1500000000000000003", "kim", "nimbus broken again");

        await host.Listening.PollOnceAsync(Brand, default);

        Assert.Contains("since_id=2110300000000000001", host.X.Requests[^1].Query, StringComparison.Ordinal);
        Assert.Equal(2, (await host.TicketsAsync()).Count);
        Assert.Equal("2110300000000000005", host.Listening.SinceId("brand"));
    }

    [Fact]
    public async Task ListenedPostThatMentionsTheBrand_IsADirectMessageOfTheThread()
    {
        await using var host = Host();
        host.X.AddSearchResult("2110300000000000011", "1500000000000000001", "sam", "@NimbusCare thanks for the fix", inReplyToPostId: "2110299999999999999", inReplyToUserId: XHost.Brand);

        await host.Listening.PollOnceAsync(Brand, default);

        // Addressed to the brand: no triage; it opens a ticket like the webhook's copy would.
        Assert.Single(await host.TicketsAsync());
        Assert.Empty(host.Activity.Notices);
    }

    [Fact]
    public async Task Errors_BackOff_Doubling_UpToTheMaximum_AndRecover()
    {
        await using var host = Host(o => o.Resilience.MaxRetryAttempts = 0);
        host.X.FailNext(503, XApiEmulator.ProblemBody(503, "Service Unavailable", "busy"));
        host.X.FailNext(503, XApiEmulator.ProblemBody(503, "Service Unavailable", "busy"));
        host.X.FailNext(503, XApiEmulator.ProblemBody(503, "Service Unavailable", "busy"));
        host.X.FailNext(503, XApiEmulator.ProblemBody(503, "Service Unavailable", "busy"));

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            waits.Add(await host.Listening.PollOnceAsync(Brand, default));
        }

        Assert.All(waits, w => Assert.True(w > TimeSpan.FromMinutes(1), $"{w} should back off"));
        Assert.True(waits[1] > waits[0]);
        Assert.True(waits[^1] <= TimeSpan.FromMinutes(8));
        Assert.Equal(TimeSpan.FromMinutes(1), await host.Listening.PollOnceAsync(Brand, default));
    }

    [Fact]
    public async Task RateLimited_WaitsForTheReset()
    {
        await using var host = Host(o => o.Resilience.MaxRateLimitWait = TimeSpan.Zero);
        host.X.SetRateLimit(XApiEmulator.SearchEndpoint, limit: 450, remaining: 0, reset: host.Time.GetUtcNow().AddMinutes(12));

        // X answers 429 with its reset; the poll waits for it.
        var wait = await host.Listening.PollOnceAsync(Brand, default);
        Assert.True(wait >= TimeSpan.FromMinutes(11), $"{wait} should reach the reset");

        // Asked again before the reset, the client knows the window is used up and does not call X at all.
        var calls = host.X.Requests.Count;
        Assert.True(await host.Listening.PollOnceAsync(Brand, default) >= TimeSpan.FromMinutes(11));
        Assert.Equal(calls, host.X.Requests.Count);
    }

    [Fact]
    public async Task FilteredStreamDelivery_ThroughTheWebhook_IsAListenedPost()
    {
        await using var host = Host();

        var response = await host.Post(XFixtures.Read("api-v2-filtered-stream-post.json"));

        Assert.Equal(200, response.StatusCode);
        var listened = host.Activity.Notices.Select(n => n.Event).OfType<MessageReceived>().ToList();
        var tickets = await host.TicketsAsync();
        Assert.Equal(1, listened.Count + tickets.Count);
    }

    [Fact]
    public async Task WithoutRules_OrWithPollingOff_TheServiceDoesNothing()
    {
        await using var host = new XHost();
        using var stop = new CancellationTokenSource();

        await host.Listening.StartAsync(stop.Token);
        await host.Listening.StopAsync(default);

        Assert.Empty(host.X.Requests);
    }
}
