using SocialCare.Abstractions;
using static SocialCare.Channels.Twitter.Tests.Wire.XParse;

namespace SocialCare.Channels.Twitter.Tests.Wire;

/// <summary>Each shared webhook fixture parses as <c>_index.json</c> describes it.</summary>
public class XWebhookParserFixtureTests
{
    private static readonly ChannelAccountId Account = new(Brand);

    /// <summary>The fixtures this class has a test for; a new webhook fixture fails <see cref="Fixtures_EveryWebhookFixture_HasATest"/> until it gets one.</summary>
    private static readonly string[] Covered =
    [
        "aaa-block.json", "aaa-dm-outbound-echo.json", "aaa-dm-quick-reply-response.json", "aaa-dm-read.json", "aaa-dm-text.json",
        "aaa-dm-typing.json", "aaa-dm-with-media.json", "aaa-favorite.json", "aaa-follow.json", "aaa-mute.json",
        "aaa-replay-job-complete.json", "aaa-tweet-by-brand-echo.json", "aaa-tweet-delete.json", "aaa-tweet-mention-extended.json",
        "aaa-tweet-mention.json", "aaa-tweet-quote-of-brand.json", "aaa-tweet-reply-to-brand.json", "aaa-tweet-retweet-of-brand.json",
        "aaa-unfollow.json", "aaa-user-event-revoke.json", "api-v2-filtered-stream-post.json", "xaa-dm-received.json",
        "xaa-oauth-revoke.json", "xaa-post-mention-create.json", "xaa-post-reply-create.json",
    ];

    [Fact]
    public void Fixtures_EveryWebhookFixture_HasATest()
    {
        var webhookFixtures = XFixtures.Names("aaa-*.json").Concat(XFixtures.Names("xaa-*.json")).Append("api-v2-filtered-stream-post.json").Order(StringComparer.Ordinal);

        Assert.Equal(webhookFixtures, Covered.Order(StringComparer.Ordinal));
        foreach (var name in Covered)
        {
            Assert.True(XFixtures.Index.GetProperty("files").TryGetProperty(name, out _), name);
        }
    }

    // ------------------------------------------------------------------------------------------------ DMs

    [Fact]
    public void DmText_IsAnInboundMessageFromTheSender()
    {
        var events = Fixture("aaa-dm-text.json", out var summary);

        var message = Single<MessageReceived>(events);
        Assert.Equal(XPayloadFamily.AccountActivity, summary.Family);
        Assert.Equal(0, summary.Ignored);
        Assert.Equal(new IdempotencyKey(ChannelId.X, Account, "dm:2110298073131778308"), message.Key);
        Assert.Equal("2110298073131778308", message.MessageId.Value);
        Assert.Equal(MessageDirection.Inbound, message.Direction);
        Assert.Equal(AuthorKind.Customer, message.Author);
        Assert.Equal(MessageOrigin.Direct, message.Origin);
        AssertCustomer(message.Customer, Priya, "Priya Raman", "priya_r_travels");
        Assert.Equal(ConversationRef.PrivateWith(message.Customer), message.Conversation);
        Assert.Equal(ConversationVisibility.Private, message.Conversation.Visibility);
        Assert.Equal(Priya, message.Conversation.Thread.Value);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1791969242733), message.OccurredAt);
        Assert.Equal("Hi, account number is NT-4471-2290, postcode LS6 3AB. Line's been dead since about 7.", Assert.IsType<TextPart>(Assert.Single(message.Parts)).Text);
        Assert.Null(message.ReplyTo);
        var raw = Raw(events[0]);
        Assert.StartsWith("{", raw, StringComparison.Ordinal);
        Assert.EndsWith("}", raw, StringComparison.Ordinal);
        Assert.Contains("\"id\": \"2110298073131778308\"", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\"users\"", raw, StringComparison.Ordinal);
    }

    [Fact]
    public void DmWithMedia_HasAnImagePartAndNoLinkInTheText()
    {
        var message = Single<MessageReceived>(Fixture("aaa-dm-with-media.json"));

        Assert.Equal(2, message.Parts.Count);
        Assert.Equal("This is what the router shows now", Assert.IsType<TextPart>(message.Parts[0]).Text);
        var media = Assert.IsType<MediaPart>(message.Parts[1]);
        Assert.Equal(MediaKind.Image, media.MediaKind);
        Assert.Equal("2110298680136525404", media.NetworkMediaId);
        Assert.Equal(new Uri("https://ton.twitter.com/1.1/ton/data/dm/2110298694595901297/2110298680136525404/Rk8mT2qA.jpg"), media.Url);
        Assert.Equal("image/jpeg", media.MimeType);
        Assert.DoesNotContain(message.Parts.OfType<TextPart>(), p => p.Text.Contains("t.co", StringComparison.Ordinal));
        Assert.Equal(MessageDirection.Inbound, message.Direction);
        Assert.Equal("dm:2110298694595901297", message.Key.EventId);
    }

    [Fact]
    public void DmQuickReplyResponse_IsAChoiceWithTheMetadata()
    {
        var message = Single<MessageReceived>(Fixture("aaa-dm-quick-reply-response.json"));

        var choice = Assert.IsType<ChoicePart>(Assert.Single(message.Parts));
        Assert.Equal(ChoiceKind.QuickReply, choice.ChoiceKind);
        Assert.Equal("Yes, all working now", choice.Title);
        Assert.Equal("csat:resolved:yes:ticket=NT-88213", choice.Payload);
        AssertCustomer(message.Customer, Priya, "Priya Raman", "priya_r_travels");
        Assert.Equal(MessageDirection.Inbound, message.Direction);
    }

    [Fact]
    public void DmOutboundEcho_IsOutboundToTheRecipient()
    {
        var message = Single<MessageReceived>(Fixture("aaa-dm-outbound-echo.json"));

        Assert.Equal(MessageDirection.Outbound, message.Direction);
        Assert.Equal(AuthorKind.Agent, message.Author);
        AssertCustomer(message.Customer, Priya, "Priya Raman", "priya_r_travels");
        Assert.Equal(Priya, message.Conversation.Thread.Value);
        Assert.Equal(ConversationVisibility.Private, message.Conversation.Visibility);
        Assert.Equal("dm:2110298397415297791", message.Key.EventId);
        Assert.Equal("2110298397415297791", message.MessageId.Value);
        Assert.StartsWith("Thanks Priya.", Assert.IsType<TextPart>(Assert.Single(message.Parts)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void DmTyping_IsTypingActivityOfTheCustomer()
    {
        var activity = Single<ActivityObserved>(Fixture("aaa-dm-typing.json"));

        Assert.Equal(ParticipantActivity.Typing, activity.Activity);
        Assert.False(activity.ByAccount);
        AssertCustomer(activity.Customer, Priya, "Priya Raman", "priya_r_travels");
        Assert.Equal(ConversationRef.PrivateWith(activity.Customer), activity.Conversation);
        Assert.Equal("typing:" + Priya + ":1791969230517", activity.Key.EventId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1791969230517), activity.OccurredAt);
        Assert.Null(activity.Target);
    }

    [Fact]
    public void DmRead_IsReadStatusOfTheLastReadMessage()
    {
        var status = Single<DeliveryStatusChanged>(Fixture("aaa-dm-read.json"));

        Assert.Equal(DeliveryStatus.Read, status.Status);
        Assert.Equal("2110298397415297791", status.MessageId?.Value);
        AssertCustomer(status.Customer, Priya, "Priya Raman", "priya_r_travels");
        Assert.Equal(ConversationRef.PrivateWith(status.Customer), status.Conversation);
        Assert.Equal("read:" + Priya + ":2110298397415297791", status.Key.EventId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1791969348310), status.OccurredAt);
    }

    // ------------------------------------------------------------------------------------------------ posts

    [Fact]
    public void TweetMention_IsAnInboundPublicMessage()
    {
        var events = Fixture("aaa-tweet-mention.json", out var summary);

        var message = Single<MessageReceived>(events);
        Assert.Equal(0, summary.Ignored);
        Assert.Equal(new IdempotencyKey(ChannelId.X, Account, "post:2110295848522037206"), message.Key);
        Assert.Equal(MessageDirection.Inbound, message.Direction);
        Assert.Equal(AuthorKind.Customer, message.Author);
        Assert.Equal(MessageOrigin.Direct, message.Origin);
        AssertCustomer(message.Customer, Priya, "Priya Raman", "priya_r_travels");
        Assert.Equal(new ConversationRef(ChannelId.X, Account, new ThreadId("2110295848522037206"), ConversationVisibility.Public), message.Conversation);
        Assert.Equal("@NimbusCare my fibre has been down since 7am in Headingley, any ETA? Working from home today 😩", Text(message));
        Assert.Null(message.ReplyTo);
        Assert.Null(message.MatchedRule);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1791968712345), message.OccurredAt);
        Assert.Contains("\"id_str\": \"2110295848522037206\"", Raw(events[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void TweetMentionExtended_UsesTheFullText()
    {
        var message = Single<MessageReceived>(Fixture("aaa-tweet-mention-extended.json"));

        Assert.Equal(
            "@NimbusCare engineer visit booked for 12-2pm, nobody turned up and now the app says the job is 'completed'?! I've taken a half day off work for this. Reference NT-90017. Please call me back today, not tomorrow.",
            Text(message));
        Assert.DoesNotContain("https://t.co", Text(message), StringComparison.Ordinal);
        AssertCustomer(message.Customer, Dana, "Dana Whitfield", "danawhit");
        Assert.Equal("post:2110310329464002913", message.Key.EventId);
        Assert.Equal("2110310329464002913", message.Conversation.Thread.Value);
    }

    [Fact]
    public void TweetReplyToBrand_SkipsTheAutoMentionAndRepliesToTheBrandPost()
    {
        var message = Single<MessageReceived>(Fixture("aaa-tweet-reply-to-brand.json"));

        Assert.Equal("Same here in Chapel Allerton, router light flashing red since 6:45. Any compensation for this?", Text(message));
        Assert.Equal("2110294207570526412", message.ReplyTo?.Value);
        Assert.Equal("2110294207570526412", message.Conversation.Thread.Value);
        Assert.Equal(ConversationVisibility.Public, message.Conversation.Visibility);
        AssertCustomer(message.Customer, Marco, "Marco Bellini", "mbellini");
        Assert.Equal(MessageDirection.Inbound, message.Direction);
        Assert.Equal("2110296467915445367", message.MessageId.Value);
    }

    [Fact]
    public void TweetByBrandEcho_IsOutboundToTheRepliedToCustomer()
    {
        var message = Single<MessageReceived>(Fixture("aaa-tweet-by-brand-echo.json"));

        Assert.Equal(MessageDirection.Outbound, message.Direction);
        Assert.Equal(AuthorKind.Agent, message.Author);
        Assert.Equal(Priya, message.Customer.UserKey.Value);
        Assert.Equal("priya_r_travels", message.Customer.Handle);
        Assert.Equal("2110295848522037206", message.ReplyTo?.Value);
        Assert.Equal("2110295848522037206", message.Conversation.Thread.Value);
        Assert.Equal("Sorry about this, Priya. Can you DM us your account number and postcode so we can check your line? ^JT", Text(message));
        Assert.Equal("post:2110297574627676872", message.Key.EventId);
    }

    [Fact]
    public void TweetRetweetOfBrand_IsNoEvent_EvenWhenRetweetsOpenTickets()
    {
        Assert.Empty(Fixture("aaa-tweet-retweet-of-brand.json", out var summary));
        Assert.Equal(1, summary.Ignored);
        Assert.Contains("post:retweet", summary.IgnoredKinds!);

        Assert.Empty(Fixture("aaa-tweet-retweet-of-brand.json", Settings(retweets: true)));
    }

    [Fact]
    public void TweetQuoteOfBrand_IsInboundWhenQuotesOpenTickets()
    {
        var message = Single<MessageReceived>(Fixture("aaa-tweet-quote-of-brand.json", Settings(quotes: true)));

        Assert.Equal("Third outage this month. Seriously thinking about switching provider.", Text(message));
        AssertCustomer(message.Customer, Kenji, "Kenji Sato", "kenji_sato_jp");
        Assert.Equal(MessageDirection.Inbound, message.Direction);
        Assert.Equal("2110301409582643969", message.Conversation.Thread.Value);
        Assert.Null(message.ReplyTo);
    }

    [Fact]
    public void TweetQuoteOfBrand_IsNoEventWhenQuotesDoNotOpenTickets()
    {
        Assert.Empty(Fixture("aaa-tweet-quote-of-brand.json", out var summary, Settings(quotes: false)));
        Assert.Contains("post:quote", summary.IgnoredKinds!);
    }

    [Fact]
    public void TweetDelete_IsMessageDeleted()
    {
        var deleted = Single<MessageDeleted>(Fixture("aaa-tweet-delete.json"));

        Assert.Equal("2110294207570526412", deleted.MessageId.Value);
        Assert.Equal("delete:2110294207570526412", deleted.Key.EventId);
        Assert.Equal(new ConversationRef(ChannelId.X, Account, new ThreadId("2110294207570526412"), ConversationVisibility.Public), deleted.Conversation);
        Assert.Equal(Brand, deleted.Customer.UserKey.Value);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1791986700120), deleted.OccurredAt);
    }

    // ------------------------------------------------------------------------------------------------ activity

    [Fact]
    public void Favorite_IsLikedByTheCustomerOnTheBrandReply()
    {
        var activity = Single<ActivityObserved>(Fixture("aaa-favorite.json"));

        Assert.Equal(ParticipantActivity.Liked, activity.Activity);
        Assert.False(activity.ByAccount);
        Assert.Equal("favorite", activity.RawType);
        AssertCustomer(activity.Customer, Priya, "Priya Raman", "priya_r_travels");
        Assert.Equal("2110297574627676872", activity.Target?.Value);
        Assert.Equal(new ConversationRef(ChannelId.X, Account, new ThreadId("2110295848522037206"), ConversationVisibility.Public), activity.Conversation);
        Assert.Equal("like:4c1f0a9be27d35e18a6b0f2d9c7e5a13", activity.Key.EventId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1791969150402), activity.OccurredAt);
    }

    [Fact]
    public void Follow_IsFollowedByTheSource()
    {
        var activity = Single<ActivityObserved>(Fixture("aaa-follow.json"));

        Assert.Equal(ParticipantActivity.Followed, activity.Activity);
        Assert.False(activity.ByAccount);
        Assert.Equal("follow", activity.RawType);
        AssertCustomer(activity.Customer, Dana, "Dana Whitfield", "danawhit");
        Assert.Equal(ConversationRef.PrivateWith(activity.Customer), activity.Conversation);
        Assert.Equal($"follow:follow:{Dana}:{Brand}:1791970204001", activity.Key.EventId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1791970204001), activity.OccurredAt);
    }

    [Fact]
    public void Unfollow_UnderFollowEvents_IsUnfollowed()
    {
        var activity = Single<ActivityObserved>(Fixture("aaa-unfollow.json"));

        Assert.Equal(ParticipantActivity.Unfollowed, activity.Activity);
        Assert.Equal("unfollow", activity.RawType);
        AssertCustomer(activity.Customer, Kenji, "Kenji Sato", "kenji_sato_jp");
        Assert.Equal($"follow:unfollow:{Kenji}:{Brand}:1791970287640", activity.Key.EventId);
    }

    [Fact]
    public void Block_ByTheBrand_IsBlockedByAccountOfTheTarget()
    {
        var activity = Single<ActivityObserved>(Fixture("aaa-block.json"));

        Assert.Equal(ParticipantActivity.Blocked, activity.Activity);
        Assert.True(activity.ByAccount);
        AssertCustomer(activity.Customer, "2041187722651340801", "FREE CRYPTO DROP", "fr33_c0ins_drop");
        Assert.Equal(ConversationRef.PrivateWith(activity.Customer), activity.Conversation);
        Assert.Equal($"block:block:{Brand}:2041187722651340801:1791970800412", activity.Key.EventId);
    }

    [Fact]
    public void Mute_ByTheBrand_IsMutedByAccountOfTheTarget()
    {
        var activity = Single<ActivityObserved>(Fixture("aaa-mute.json"));

        Assert.Equal(ParticipantActivity.Muted, activity.Activity);
        Assert.True(activity.ByAccount);
        Assert.Equal("mute", activity.RawType);
        AssertCustomer(activity.Customer, "1733014455667788992", "Broadband Deals UK", "bbdeals_uk");
        Assert.Equal($"mute:mute:{Brand}:1733014455667788992:1791970869998", activity.Key.EventId);
    }

    [Fact]
    public void UserEventRevoke_IsAccessRevokedOfTheAccount()
    {
        var events = Fixture("aaa-user-event-revoke.json", out var summary);

        var activity = Single<ActivityObserved>(events);
        Assert.Equal(ParticipantActivity.AccessRevoked, activity.Activity);
        Assert.True(activity.ByAccount);
        Assert.Equal("user_event.revoke", activity.RawType);
        Assert.Equal(new Participant(ChannelId.X, Account, new NetworkUserId(Brand)), activity.Customer);
        Assert.Equal(ConversationRef.PrivateWith(activity.Customer), activity.Conversation);
        Assert.Equal($"revoke:{Brand}:2026-10-15T08:02:41+00:00", activity.Key.EventId);
        Assert.Equal(new DateTimeOffset(2026, 10, 15, 8, 2, 41, TimeSpan.Zero), activity.OccurredAt);
        Assert.Equal([Brand], summary.RevokedAccounts!);
        Assert.Equal(XPayloadFamily.AccountActivity, summary.Family);
        Assert.Equal(0, summary.UnknownAccountItems);
    }

    [Fact]
    public void ReplayJobComplete_IsNoEventButTheJobState()
    {
        var events = Fixture("aaa-replay-job-complete.json", out var summary);

        Assert.Empty(events);
        Assert.Equal("Complete", summary.ReplayJobState);
        Assert.Equal("2110671204589903872", summary.ReplayJobId);
        Assert.Equal(XPayloadFamily.AccountActivity, summary.Family);
        Assert.Equal(0, summary.Ignored);
    }

    // ------------------------------------------------------------------------------------------------ X Activity API

    [Fact]
    public void XaaDmReceived_ReadsTheDataWrappedUsers_AndCollidesWithTheAaaCopy()
    {
        var events = Fixture("xaa-dm-received.json", out var summary);

        var message = Single<MessageReceived>(events);
        Assert.Equal(XPayloadFamily.ActivityApi, summary.Family);
        AssertCustomer(message.Customer, Priya, "Priya Raman", "priya_r_travels");
        Assert.Equal(MessageDirection.Inbound, message.Direction);
        Assert.Equal("Hi, account number is NT-4471-2290, postcode LS6 3AB. Line's been dead since about 7.", Text(message));
        Assert.Equal(ConversationRef.PrivateWith(message.Customer), message.Conversation);
        var aaa = Single<MessageReceived>(Fixture("aaa-dm-text.json"));
        Assert.Equal(aaa.Key, message.Key);
        Assert.Equal(aaa.Conversation, message.Conversation);
        Assert.Equal(aaa.OccurredAt, message.OccurredAt);
        Assert.StartsWith("{", Raw(events[0]), StringComparison.Ordinal);
        Assert.Contains("\"type\": \"message_create\"", Raw(events[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void XaaPostMentionCreate_IsInbound_AndCollidesWithTheAaaCopy()
    {
        var events = Fixture("xaa-post-mention-create.json", out var summary);

        var message = Single<MessageReceived>(events);
        Assert.Equal(XPayloadFamily.ActivityApi, summary.Family);
        Assert.Equal("@NimbusCare my fibre has been down since 7am in Headingley, any ETA? Working from home today 😩", Text(message));
        AssertCustomer(message.Customer, Priya, "Priya Raman", "priya_r_travels");
        Assert.Equal(MessageDirection.Inbound, message.Direction);
        Assert.Equal(MessageOrigin.Direct, message.Origin);
        Assert.Equal(new DateTimeOffset(2026, 10, 14, 9, 5, 12, TimeSpan.Zero), message.OccurredAt);
        var aaa = Single<MessageReceived>(Fixture("aaa-tweet-mention.json"));
        Assert.Equal(aaa.Key, message.Key);
        Assert.Equal(aaa.Conversation, message.Conversation);
        Assert.Equal(aaa.Customer, message.Customer);
        Assert.Contains("\"author_id\": \"1402938475610284033\"", Raw(events[0]), StringComparison.Ordinal);
        Assert.DoesNotContain("event_uuid", Raw(events[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void XaaPostReplyCreate_IsInboundReplySkippingTheAutoMention()
    {
        var message = Single<MessageReceived>(Fixture("xaa-post-reply-create.json"));

        Assert.Equal("Same here in Chapel Allerton, router light flashing red since 6:45. Any compensation for this?", Text(message));
        Assert.Equal("2110294207570526412", message.ReplyTo?.Value);
        Assert.Equal("2110294207570526412", message.Conversation.Thread.Value);
        Assert.Equal(Marco, message.Customer.UserKey.Value);
        Assert.Null(message.Customer.DisplayName);
        Assert.Equal(Single<MessageReceived>(Fixture("aaa-tweet-reply-to-brand.json")).Key, message.Key);
    }

    [Fact]
    public void XaaOauthRevoke_WithEmptyFilter_IsAccessRevoked_AndCollidesWithTheAaaCopy()
    {
        var activity = Single<ActivityObserved>(Fixture("xaa-oauth-revoke.json", out var summary));

        Assert.Equal(ParticipantActivity.AccessRevoked, activity.Activity);
        Assert.True(activity.ByAccount);
        Assert.Equal("oauth.revoke", activity.RawType);
        Assert.Equal(Brand, activity.Customer.UserKey.Value);
        Assert.Equal([Brand], summary.RevokedAccounts!);
        Assert.Equal(XPayloadFamily.ActivityApi, summary.Family);
        Assert.Equal(Single<ActivityObserved>(Fixture("aaa-user-event-revoke.json")).Key, activity.Key);
    }

    // ------------------------------------------------------------------------------------------------ filtered stream

    [Fact]
    public void FilteredStreamPost_IsAListenedMessageWithItsRule()
    {
        var events = Fixture("api-v2-filtered-stream-post.json", out var summary);

        var message = Single<MessageReceived>(events);
        Assert.Equal(XPayloadFamily.FilteredStream, summary.Family);
        Assert.Equal(MessageOrigin.Listening, message.Origin);
        Assert.Equal("care-listening-outage", message.MatchedRule);
        Assert.Equal(MessageDirection.Inbound, message.Direction);
        AssertCustomer(message.Customer, Kenji, "Kenji Sato", "kenji_sato_jp");
        Assert.Equal(new ConversationRef(ChannelId.X, Account, new ThreadId("2110301409582643969"), ConversationVisibility.Public), message.Conversation);
        Assert.Equal("Third outage this month. Seriously thinking about switching provider.", Text(message));
        Assert.Equal(new DateTimeOffset(2026, 10, 14, 9, 27, 18, TimeSpan.Zero), message.OccurredAt);
        Assert.Equal(Single<MessageReceived>(Fixture("aaa-tweet-quote-of-brand.json")).Key, message.Key);
    }

    [Fact]
    public void FilteredStreamPost_WithoutListeningAccount_IsSkippedAndCounted()
    {
        Assert.Empty(Fixture("api-v2-filtered-stream-post.json", out var summary, Settings(listening: null)));
        Assert.Equal(1, summary.UnknownAccountItems);
    }

    private static void AssertCustomer(Participant customer, string id, string? name, string? handle)
    {
        Assert.Equal(ChannelId.X, customer.Channel);
        Assert.Equal(Account, customer.Account);
        Assert.Equal(id, customer.UserKey.Value);
        Assert.Equal(name, customer.DisplayName);
        Assert.Equal(handle, customer.Handle);
    }
}
