using Microsoft.Extensions.DependencyInjection;
using System.Text;
using System.Text.Json;
using SocialCare.Abstractions;
using SocialCare.Core;
using SocialCare.Testing;

namespace SocialCare.Channels.Twitter.Tests;

/// <summary>
/// The X channel through the whole SocialCare stack (pipeline, engine, outbox, adapter) against the emulated X API:
/// signed webhooks in, X API requests out.
/// </summary>
public sealed class EndToEndTests
{
    private const string Customer = "1402938475610284033"; // Priya, @priya_r_travels in the fixtures
    private const string CustomerHandle = "priya_r_travels";

    [Fact]
    public async Task DirectMessage_In_Ticket_AgentReply_DirectMessageOut_EchoAndReadReceiptMatchIt()
    {
        await using var host = new XHost();

        var received = await host.PostFixture("aaa-dm-text.json");

        Assert.Equal(200, received.StatusCode);
        Assert.Equal(1, received.Applied);
        var ticket = Assert.Single(await host.TicketsAsync());
        Assert.Equal(new ConversationRef(ChannelId.X, new ChannelAccountId(XHost.Brand), new ThreadId(Customer), ConversationVisibility.Private), ticket.Conversation);
        var inbound = Assert.Single(await host.MessagesAsync(ticket.Id));
        Assert.Equal("Priya Raman", inbound.Sender!.DisplayName);
        Assert.Equal(CustomerHandle, inbound.Sender.Handle);

        // The same delivery again changes nothing.
        Assert.Equal(1, (await host.PostFixture("aaa-dm-text.json")).Skipped);

        Assert.True((await host.ReplyAsync(ticket.Id, "Thanks Priya, checking the line now & back in 10 min.")).Succeeded);
        Assert.Equal(1, await host.Scheduler.DispatchOutboxAsync());

        var request = Assert.Single(host.X.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/2/dm_conversations/with/{Customer}/messages", request.Path);
        Assert.StartsWith("OAuth ", request.Authorization, StringComparison.Ordinal);
        Assert.Contains($"oauth_consumer_key=\"{XHost.ConsumerKey}\"", request.Authorization, StringComparison.Ordinal);
        using (var body = JsonDocument.Parse(request.Body))
        {
            Assert.Equal("Thanks Priya, checking the line now & back in 10 min.", body.RootElement.GetProperty("text").GetString());
            Assert.False(body.RootElement.TryGetProperty("attachments", out _));
        }

        var sent = Assert.Single(host.X.DirectMessages);
        var reply = (await host.MessagesAsync(ticket.Id))[^1];
        Assert.Equal(sent.EventId, reply.NetworkId!.Value.Value);
        Assert.Equal(DeliveryStatus.Sent, reply.Status);

        // X echoes our own DM to the webhook: it is recognised, not recorded twice.
        var echo = XWebhooks.DirectMessage(XHost.Brand, sent.EventId, XHost.Brand, Customer, sent.Text!, host.Time.GetUtcNow(), "Nimbus", XFixtures.BrandScreenName);
        Assert.Equal(200, (await host.Post(echo)).StatusCode);
        Assert.Equal(2, (await host.MessagesAsync(ticket.Id)).Count);

        // Priya reads it.
        var read = Encoding.UTF8.GetBytes($$"""{"for_user_id":"{{XHost.Brand}}","direct_message_mark_read_events":[{"created_timestamp":"{{host.Time.GetUtcNow().ToUnixTimeMilliseconds()}}","sender_id":"{{Customer}}","target":{"recipient_id":"{{XHost.Brand}}"},"last_read_event_id":"{{sent.EventId}}"}]}""");
        Assert.Equal(1, (await host.Post(read)).Applied);
        Assert.Equal(DeliveryStatus.Read, (await host.MessagesAsync(ticket.Id))[^1].Status);
    }

    [Fact]
    public async Task Mention_In_PublicTicket_PublicReplyOut_EchoMatched_CustomerReplyJoinsTheSameTicket()
    {
        await using var host = new XHost();

        Assert.Equal(1, (await host.PostFixture("aaa-tweet-mention.json")).Applied);

        var ticket = Assert.Single(await host.TicketsAsync());
        Assert.Equal(ConversationVisibility.Public, ticket.Conversation.Visibility);
        Assert.Equal("2110295848522037206", ticket.Conversation.Thread.Value);
        Assert.Equal(TicketPriority.High, ticket.Priority);
        var options = await host.Engine.GetReplyOptionsAsync(ticket.Id);
        Assert.True(options!.CanReplyPublicly);
        Assert.True(options.CanReplyPrivately);
        Assert.Equal(280, options.MaxTextLength);

        Assert.True((await host.ReplyAsync(ticket.Id, "Sorry Priya! Engineers are on it in Headingley, ETA 11:00. ^JT")).Succeeded);
        await host.Scheduler.DispatchOutboxAsync();

        var request = Assert.Single(host.X.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/2/tweets", request.Path);
        using (var body = JsonDocument.Parse(request.Body))
        {
            Assert.Equal("Sorry Priya! Engineers are on it in Headingley, ETA 11:00. ^JT", body.RootElement.GetProperty("text").GetString());
            Assert.Equal("2110295848522037206", body.RootElement.GetProperty("reply").GetProperty("in_reply_to_tweet_id").GetString());
        }

        var post = Assert.Single(host.X.Posts);
        var reply = (await host.MessagesAsync(ticket.Id))[^1];
        Assert.Equal(post.Id, reply.NetworkId!.Value.Value);

        // The brand's reply comes back as an echo: matched by id, not recorded twice.
        var echo = XWebhooks.Mention(XHost.Brand, post.Id, XHost.Brand, XFixtures.BrandScreenName, "@priya_r_travels " + post.Text, host.Time.GetUtcNow(), inReplyToPostId: "2110295848522037206", inReplyToUserId: Customer, inReplyToScreenName: CustomerHandle);
        await host.Post(echo);
        Assert.Equal(2, (await host.MessagesAsync(ticket.Id)).Count);

        // Priya answers our reply: X names only our post; the engine files it in the thread of the first mention.
        host.Time.Advance(TimeSpan.FromMinutes(3));
        var answer = XWebhooks.Mention(XHost.Brand, "2110296900000000001", Customer, CustomerHandle, "@NimbusCare thanks, fingers crossed", host.Time.GetUtcNow(), inReplyToPostId: post.Id);
        Assert.Equal(1, (await host.Post(answer)).Applied);

        Assert.Single(await host.TicketsAsync());
        var messages = await host.MessagesAsync(ticket.Id);
        Assert.Equal(3, messages.Count);
        Assert.Equal(post.Id, messages[^1].ReplyToNetworkId!.Value.Value);
        Assert.Equal(reply.Id, messages[^1].ReplyTo);
    }

    [Fact]
    public async Task PublicReplyRefusedBySummoningRule_ErrorSaysSo_AndTheDmOfferedInsteadGoesOut()
    {
        await using var host = new XHost();
        host.X.RequireSummoning = true; // self-serve: only posts that mention or quote the brand may be answered publicly
        var post = XWebhooks.Mention(XHost.Brand, "2110297000000000001", Customer, CustomerHandle, "@NimbusCare still down", host.Time.GetUtcNow(), inReplyToPostId: "2110290000000000000");
        await host.Post(post);
        var ticket = Assert.Single(await host.TicketsAsync());

        await host.ReplyAsync(ticket.Id, "Sorry, we are on it.");
        await host.Scheduler.DispatchOutboxAsync();

        var failed = (await host.MessagesAsync(ticket.Id))[^1];
        Assert.Equal(DeliveryStatus.Failed, failed.Status);
        Assert.Equal("reply_not_summoned", failed.Failure!.Code);
        Assert.Contains("Direct Message", failed.Failure.Reason, StringComparison.Ordinal);
        var options = await host.Engine.GetReplyOptionsAsync(ticket.Id);
        Assert.False(options!.CanReplyPublicly);
        Assert.True(options.CanReplyPrivately);

        var again = await host.ReplyAsync(ticket.Id, "Sorry again");
        Assert.Equal(ReplyRejection.PublicReplyUnavailable, again.Rejection);

        Assert.True((await host.ReplyAsync(ticket.Id, "We sent you a DM about the outage.", isPrivate: true)).Succeeded);
        await host.Scheduler.DispatchOutboxAsync();
        var dm = Assert.Single(host.X.DirectMessages);
        Assert.Equal(Customer, dm.ParticipantId);
        Assert.Equal(DeliveryStatus.Sent, (await host.MessagesAsync(ticket.Id))[^1].Status);
    }

    [Fact]
    public async Task DuplicateContent_IsNotRetried_AndReportedClearly()
    {
        await using var host = new XHost();
        host.X.DetectDuplicates = true;
        await host.Post(XWebhooks.Mention(XHost.Brand, "2110297000000000011", Customer, CustomerHandle, "@NimbusCare hello?", host.Time.GetUtcNow()));
        await host.Post(XWebhooks.Mention(XHost.Brand, "2110297000000000012", "1500000000000000001", "sam", "@NimbusCare hello??", host.Time.GetUtcNow()));
        var tickets = await host.TicketsAsync();

        foreach (var ticket in tickets)
        {
            await host.ReplyAsync(ticket.Id, "Thanks for reaching out! We will DM you.");
        }

        await host.Scheduler.DispatchOutboxAsync();
        host.Time.Advance(TimeSpan.FromMinutes(5));
        await host.Scheduler.DispatchOutboxAsync();

        Assert.Equal(2, host.X.Requests.Count(r => r.Path == "/2/tweets"));
        var failures = new List<DeliveryFailure>();
        foreach (var ticket in tickets)
        {
            failures.AddRange((await host.MessagesAsync(ticket.Id)).Where(m => m.Failure is not null).Select(m => m.Failure!));
        }

        var failure = Assert.Single(failures);
        Assert.Equal("duplicate_content", failure.Code);
        Assert.Contains("vary", failure.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PostsTooLongAsXCountsThem_AreRefusedBeforeTheOutbox()
    {
        await using var host = new XHost();
        await host.PostFixture("aaa-tweet-mention.json");
        var ticket = Assert.Single(await host.TicketsAsync());

        // 150 CJK characters: 150 UTF-16 units, 300 as X counts them.
        var refused = await host.ReplyAsync(ticket.Id, new string('好', 150));

        Assert.Equal(ReplyRejection.TextTooLong, refused.Rejection);
        Assert.Contains("300", refused.Error, StringComparison.Ordinal);

        // The same text is fine in a DM (10,000 characters).
        Assert.True((await host.ReplyAsync(ticket.Id, new string('好', 150), isPrivate: true)).Succeeded);
    }

    [Fact]
    public async Task SameMentionForTwoBrandAccounts_OneTicketPerAccount_EachDeliveredOnce()
    {
        await using var host = new XHost();
        var at = host.Time.GetUtcNow();
        var forFirst = XWebhooks.Mention(XHost.Brand, "2110298000000000001", Customer, CustomerHandle, "@NimbusCare @NimbusHelp who do I ask about my bill?", at, forScreenName: XFixtures.BrandScreenName);
        var forSecond = XWebhooks.Mention(XHost.SecondBrand, "2110298000000000001", Customer, CustomerHandle, "@NimbusCare @NimbusHelp who do I ask about my bill?", at, forScreenName: "NimbusHelp");

        Assert.Equal(1, (await host.Post(forFirst)).Applied);
        Assert.Equal(1, (await host.Post(forSecond)).Applied);
        Assert.Equal(1, (await host.Post(forFirst)).Skipped);
        Assert.Equal(1, (await host.Post(forSecond)).Skipped);

        var tickets = await host.TicketsAsync();
        Assert.Equal(2, tickets.Count);
        Assert.Equal([XHost.Brand, XHost.SecondBrand], tickets.Select(t => t.Conversation.Account.Value).Order(StringComparer.Ordinal));

        // Each account answers from its own credentials: OAuth 1.0a for the first, the OAuth 2.0 user token for the second.
        foreach (var ticket in tickets)
        {
            await host.ReplyAsync(ticket.Id, $"We can help ({ticket.Conversation.Account}).");
        }

        await host.Scheduler.DispatchOutboxAsync();
        Assert.Contains(host.X.Requests, r => r.Authorization!.StartsWith("OAuth ", StringComparison.Ordinal));
        Assert.Contains(host.X.Requests, r => r.Authorization == $"Bearer {XHost.SecondAccess}");
        Assert.Equal(2, host.X.Posts.Count);
    }

    [Theory]
    [InlineData("aaa-tweet-retweet-of-brand.json")]
    [InlineData("aaa-tweet-by-brand-echo.json")]
    [InlineData("aaa-replay-job-complete.json")]
    public async Task NonTicketPosts_OpenNothing(string fixture)
    {
        await using var host = new XHost();

        var response = await host.PostFixture(fixture);

        Assert.Equal(200, response.StatusCode);
        Assert.Empty(await host.TicketsAsync());
    }

    [Fact]
    public async Task Likes_Follows_Blocks_Mutes_AreToldToTheActivitySinks_NeverTickets()
    {
        await using var host = new XHost();

        foreach (var fixture in new[] { "aaa-favorite.json", "aaa-follow.json", "aaa-unfollow.json", "aaa-block.json", "aaa-mute.json" })
        {
            Assert.Equal(200, (await host.PostFixture(fixture)).StatusCode);
        }

        Assert.Empty(await host.TicketsAsync());
        var kinds = host.Activity.Notices.Select(n => ((ActivityObserved)n.Event).Activity).ToList();
        Assert.Equal([ParticipantActivity.Liked, ParticipantActivity.Followed, ParticipantActivity.Unfollowed, ParticipantActivity.Blocked, ParticipantActivity.Muted], kinds);
    }

    [Fact]
    public async Task TypingOnAnOpenConversation_IsToldWithTheTicket()
    {
        await using var host = new XHost();
        await host.PostFixture("aaa-dm-text.json");
        var ticket = Assert.Single(await host.TicketsAsync());

        await host.PostFixture("aaa-dm-typing.json");

        var notice = Assert.Single(host.Activity.Notices);
        Assert.Equal(ParticipantActivity.Typing, ((ActivityObserved)notice.Event).Activity);
        Assert.Equal(ticket.Id, notice.Ticket);
        Assert.Single(await host.MessagesAsync(ticket.Id));
    }

    [Fact]
    public async Task Revoke_RaisesChannelHealth_AndAnActivity()
    {
        await using var host = new XHost();

        Assert.Equal(200, (await host.PostFixture("aaa-user-event-revoke.json")).StatusCode);

        var change = Assert.Single(host.Health.Changes);
        Assert.Equal(ChannelId.X, change.Channel);
        Assert.Equal(XHost.Brand, change.Account.Value);
        Assert.Equal(ChannelHealthStatus.Unauthorized, change.Status);
        Assert.Equal("access_revoked", change.Error!.Code);
        Assert.Equal(ParticipantActivity.AccessRevoked, ((ActivityObserved)Assert.Single(host.Activity.Notices).Event).Activity);
        Assert.Empty(await host.TicketsAsync());
    }

    [Fact]
    public async Task InvalidToken_OnSend_RaisesChannelHealth()
    {
        await using var host = new XHost();
        await host.PostFixture("aaa-dm-text.json");
        var ticket = Assert.Single(await host.TicketsAsync());
        host.X.FailNext(401, XApiEmulator.V1ErrorBody(89, "Invalid or expired token."));

        await host.ReplyAsync(ticket.Id, "hello");
        await host.Scheduler.DispatchOutboxAsync();

        var change = Assert.Single(host.Health.Changes);
        Assert.Equal(ChannelHealthStatus.Unauthorized, change.Status);
        Assert.Equal(DeliveryStatus.Failed, (await host.MessagesAsync(ticket.Id))[^1].Status);
    }

    [Fact]
    public async Task RateLimitedSend_GoesBackToTheOutbox_WithXsResetTime_AndSucceedsAfterIt()
    {
        await using var host = new XHost(o => o.Resilience.MaxRateLimitWait = TimeSpan.FromSeconds(1));
        await host.PostFixture("aaa-dm-text.json");
        var ticket = Assert.Single(await host.TicketsAsync());
        host.X.SetRateLimit(XApiEmulator.DirectMessageEndpoint, limit: 15, remaining: 0, reset: host.Time.GetUtcNow().AddMinutes(2));

        await host.ReplyAsync(ticket.Id, "one moment");
        await host.Scheduler.DispatchOutboxAsync();

        Assert.Empty(host.X.DirectMessages);
        Assert.Equal(DeliveryStatus.Pending, (await host.MessagesAsync(ticket.Id))[^1].Status);
        host.Time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        await host.Scheduler.DispatchOutboxAsync();
        Assert.Single(host.X.DirectMessages);
        Assert.Equal(DeliveryStatus.Sent, (await host.MessagesAsync(ticket.Id))[^1].Status);
    }

    [Fact]
    public async Task DirectMessageMedia_IsDownloadedThroughTheXApi()
    {
        await using var host = new XHost();
        await host.PostFixture("aaa-dm-with-media.json");
        var ticket = Assert.Single(await host.TicketsAsync());
        var media = (await host.MessagesAsync(ticket.Id))[0].Parts.OfType<MediaPart>().Single();
        Assert.True(XAdapter.TryDirectMessageMedia(media.Url, out var dmId, out var mediaId, out var resourceId));
        var photo = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4 };
        host.X.AddDirectMessageMedia(dmId, mediaId, resourceId, photo, "image/jpeg");
        var sink = new MemorySink();

        var result = await host.Services.GetRequiredKeyedService<IMediaDownloader>(ChannelId.X.Value).DownloadAsync(new ChannelAccountId(XHost.Brand), media, sink, default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(photo.Length, result.Bytes);
        Assert.Equal(photo, sink.Bytes);
        Assert.Equal("image/jpeg", sink.Media!.MimeType);
    }

    [Fact]
    public async Task Crc_ForgedAndMalformed_ThroughThePipeline()
    {
        await using var host = new XHost();

        var crc = await host.Pipeline.ProcessAsync(ChannelId.X, WebhookRequest.Get(XHost.WebhookPath, new Dictionary<string, string> { ["crc_token"] = "challenge_string" }), default);
        Assert.Equal(200, crc.StatusCode);
        Assert.Equal("application/json", crc.ContentType);
        Assert.Equal("{\"response_token\":\"sha256=C2pIe2fvsjIKEScMKRf2hzqAyu+XDf4vt811Tpx+roI=\"}", crc.Body);

        Assert.Equal(401, (await host.Post(XFixtures.Read("aaa-dm-text.json"), "someone-elses-secret")).StatusCode);
        Assert.Equal(400, (await host.Post("{\"for_user_id\":"u8.ToArray())).StatusCode);
        Assert.Empty(await host.TicketsAsync());
    }

    private sealed class MemorySink : IMediaSink
    {
        public byte[] Bytes { get; private set; } = [];

        public MediaDescriptor? Media { get; private set; }

        public async Task WriteAsync(MediaDescriptor media, Stream content, CancellationToken cancellationToken)
        {
            using var buffer = new MemoryStream();
            await content.CopyToAsync(buffer, cancellationToken);
            Bytes = buffer.ToArray();
            Media = media;
        }
    }
}
