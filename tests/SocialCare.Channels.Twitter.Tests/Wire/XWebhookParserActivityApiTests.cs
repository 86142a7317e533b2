using SocialCare.Abstractions;
using static SocialCare.Channels.Twitter.Tests.Wire.XParse;

namespace SocialCare.Channels.Twitter.Tests.Wire;

/// <summary>X Activity API envelopes beyond the fixtures, shaped as docs.x.com/x-api/activity/event-payloads shows them.</summary>
public class XWebhookParserActivityApiTests
{
    [Fact]
    public void TryParse_PayloadBeforeEventTypeAndFilter_IsReadByLookingAhead()
    {
        var body = Envelope(
            "post.mention.create",
            Post("2110295848522037206", Priya, "@NimbusCare help", mentions: Brand),
            includes: Users(Priya, "Priya Raman", "priya_r_travels"),
            headerLast: true);

        var message = Single<MessageReceived>(Body(body, out var summary));

        Assert.Equal(XPayloadFamily.ActivityApi, summary.Family);
        Assert.Equal(Brand, message.Key.Account.Value);
        Assert.Equal("Priya Raman", message.Customer.DisplayName);
    }

    [Fact]
    public void TryParse_DmSent_IsTheBrandsOutboundEcho()
    {
        var body = $$"""
            {"data": {"event_uuid": "-3577827201104920132", "filter": {"user_id": "{{Brand}}"}, "event_type": "dm.sent", "tag": "dm-outbound",
              "payload": {"direct_message_events": [{"type": "message_create", "id": "2110298397415297791", "created_timestamp": "1791969320049",
                 "message_create": {"target": {"recipient_id": "{{Priya}}"}, "sender_id": "{{Brand}}", "message_data": {"text": "Thanks Priya."} } }],
                "users": {"{{Brand}}": {"data": {"id": "{{Brand}}", "username": "NimbusCare"} }, "{{Priya}}": {"data": {"id": "{{Priya}}", "name": "Priya Raman", "username": "priya_r_travels"} } } } } }
            """;

        var message = Single<MessageReceived>(Body(body));

        Assert.Equal(MessageDirection.Outbound, message.Direction);
        Assert.Equal(AuthorKind.Agent, message.Author);
        Assert.Equal(Priya, message.Customer.UserKey.Value);
        Assert.Equal("priya_r_travels", message.Customer.Handle);
        Assert.Equal(Single<MessageReceived>(Fixture("aaa-dm-outbound-echo.json")).Key, message.Key);
    }

    [Fact]
    public void TryParse_DmEventForAnAccountNotServed_IsSkippedAndCounted()
    {
        var body = Variant("xaa-dm-received.json", ("\"user_id\": \"1278843152204431360\"", "\"user_id\": \"999\""));

        Assert.Empty(Body(body, out var summary));
        Assert.Equal(1, summary.UnknownAccountItems);
    }

    [Fact]
    public void TryParse_PostReplyCreateForAnotherServedAccount_IsFiledUnderIt()
    {
        var body = Variant("xaa-post-reply-create.json", ("\"user_id\": \"1278843152204431360\"", $"\"user_id\": \"{OtherBrand}\""));

        var message = Single<MessageReceived>(Body(body));

        Assert.Equal(OtherBrand, message.Key.Account.Value);
        Assert.Equal(Single<MessageReceived>(Fixture("xaa-post-reply-create.json")).Key.EventId, message.Key.EventId);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TryParse_PostQuoteCreate_FollowsQuotesOpenTickets(bool quotes)
    {
        var body = Envelope("post.quote.create", Post("2110301409582643969", Kenji, "Third outage this month.", quoted: "2110294207570526412"));

        var events = Body(body, out var summary, Settings(quotes: quotes));

        if (quotes)
        {
            Assert.Equal("Third outage this month.", Text(Single<MessageReceived>(events)));
        }
        else
        {
            Assert.Empty(events);
            Assert.Contains("post:quote", summary.IgnoredKinds!);
        }
    }

    [Fact]
    public void TryParse_PostRepostCreate_IsNeverATicket()
    {
        var body = Envelope("post.repost.create", Post("2110300971509095139", Dana, "RT @NimbusCare: outage update", retweeted: "2110294207570526412"));

        Assert.Empty(Body(body, out var summary, Settings(retweets: true)));
        Assert.Contains("post:retweet", summary.IgnoredKinds!);
    }

    [Fact]
    public void TryParse_RepostOfACustomerPostKnownFromIncludes_FollowsRetweetsOpenTickets()
    {
        var includes = """{"tweets": [{"id": "2110300971509095100", "author_id": "3311479021", "text": "@NimbusCare down again"}]}""";
        var body = Envelope("post.repost.create", Post("2110300971509095139", Dana, "RT @kenji_sato_jp: @NimbusCare down again", retweeted: "2110300971509095100"), includes);

        Assert.Empty(Body(body));
        Assert.Equal(Dana, Single<MessageReceived>(Body(body, Settings(retweets: true))).Customer.UserKey.Value);
    }

    [Fact]
    public void TryParse_PostCreateReplyingToACustomer_IsOutbound()
    {
        var post = Post("2110297574627676872", Brand, "@priya_r_travels Sorry about this", inReplyTo: ("2110295848522037206", Priya), conversation: "2110295848522037206", range: (17, 33));
        var body = Envelope("post.create", post, Users(Priya, "Priya Raman", "priya_r_travels"));

        var message = Single<MessageReceived>(Body(body));

        Assert.Equal(MessageDirection.Outbound, message.Direction);
        Assert.Equal(Priya, message.Customer.UserKey.Value);
        Assert.Equal("Priya Raman", message.Customer.DisplayName);
        Assert.Equal("Sorry about this", Text(message));
        Assert.Equal("2110295848522037206", message.ReplyTo?.Value);
        Assert.Equal(Single<MessageReceived>(Fixture("aaa-tweet-by-brand-echo.json")).Key, message.Key);
    }

    [Fact]
    public void TryParse_PostCreateStandalone_IsSkipped()
    {
        var body = Envelope("post.create", Post("2080761390344937796", Brand, "Hello from the Activity API"));

        Assert.Empty(Body(body, out var summary));
        Assert.Contains("post:own", summary.IgnoredKinds!);
    }

    [Fact]
    public void TryParse_PostMentionCreateWithoutEntities_IsStillAMention()
    {
        var body = Envelope("post.mention.create", Post("2110295848522037206", Priya, "hey @NimbusCare"));

        Assert.Equal(MessageDirection.Inbound, Single<MessageReceived>(Body(body)).Direction);
    }

    [Fact]
    public void TryParse_PostWithEditHistory_IsMessageEditedOfTheFirstVersion()
    {
        var post = Post("2110296000000000001", Priya, "@NimbusCare fixed typo", mentions: Brand, editHistory: ["2110295848522037206", "2110296000000000001"]);

        var edited = Single<MessageEdited>(Body(Envelope("post.mention.create", post)));

        Assert.Equal("2110295848522037206", edited.MessageId.Value);
        Assert.Equal("post:2110296000000000001", edited.Key.EventId);
    }

    [Fact]
    public void TryParse_LongformNotePost_UsesTheNoteText()
    {
        var note = "@NimbusCare " + new string('z', 300);
        var post = $$"""
            {"id": "2110295848522037206", "text": "@NimbusCare zzz…", "author_id": "{{Priya}}", "created_at": "2026-10-14T09:05:12.000Z",
             "note_tweet": {"text": "{{note}}", "entities": {"mentions": [{"start": 0, "end": 11, "username": "NimbusCare", "id": "{{Brand}}"}]} },
             "edit_history_tweet_ids": ["2110295848522037206"]}
            """;

        Assert.Equal(note, Text(Single<MessageReceived>(Body(Envelope("post.mention.create", post)))));
    }

    [Fact]
    public void TryParse_PostWithMediaKeys_TakesTheMediaFromIncludes()
    {
        var post = $$"""
            {"id": "2110295848522037206", "text": "@NimbusCare look https://t.co/x1", "author_id": "{{Priya}}", "created_at": "2026-10-14T09:05:12.000Z",
             "display_text_range": [0, 16], "entities": {"mentions": [{"id": "{{Brand}}"}]}, "attachments": {"media_keys": ["3_111", "7_222", "3_missing"]} }
            """;
        var includes = """
            {"media": [{"media_key": "3_111", "type": "photo", "url": "https://pbs.twimg.com/media/a.jpg"},
                       {"media_key": "7_222", "type": "video", "preview_image_url": "https://pbs.twimg.com/amplify_video_thumb/222/img/b.jpg"}]}
            """;

        var message = Single<MessageReceived>(Body(Envelope("post.mention.create", post, includes)));

        Assert.Equal(3, message.Parts.Count);
        Assert.Equal("@NimbusCare look", Assert.IsType<TextPart>(message.Parts[0]).Text);
        Assert.Equal(("3_111", MediaKind.Image), (Assert.IsType<MediaPart>(message.Parts[1]).NetworkMediaId, ((MediaPart)message.Parts[1]).MediaKind));
        Assert.Equal(new Uri("https://pbs.twimg.com/amplify_video_thumb/222/img/b.jpg"), Assert.IsType<MediaPart>(message.Parts[2]).Url);
    }

    [Fact]
    public void TryParse_PostDelete_IsMessageDeletedNamedFromDataWrappedIncludes()
    {
        var body = $$"""
            {"data": {"event_uuid": "-2781149976877970683", "filter": {"user_id": "{{Brand}}"}, "event_type": "post.delete", "tag": "post-deletes",
              "payload": {"id": "2110294207570526412", "author_id": "{{Brand}}"},
              "includes": {"users": [{"data": {"id": "{{Brand}}", "username": "NimbusCare", "name": "Nimbus Telecom Support"} }]} } }
            """;

        var deleted = Single<MessageDeleted>(Body(body));

        Assert.Equal("2110294207570526412", deleted.MessageId.Value);
        Assert.Equal(Single<MessageDeleted>(Fixture("aaa-tweet-delete.json")).Key, deleted.Key);
        Assert.Equal("NimbusCare", deleted.Customer.Handle);
        Assert.Equal(ReceivedAt, deleted.OccurredAt);
    }

    [Fact]
    public void TryParse_LikeCreateOutbound_IsByTheAccountForTheLikedPostsAuthor()
    {
        var body = $$"""
            {"data": {"event_uuid": "-3402274206530057851", "filter": {"user_id": "{{Brand}}", "direction": "outbound"}, "event_type": "like.create",
              "payload": {"id": "87719f50ee17bdfa06a3089098a2b9ed", "created_at": "2026-07-24T21:12:45.000Z", "timestamp_ms": "1784927565236",
                          "liked_tweet_author_id": "{{Kenji}}", "liked_tweet_id": "2079814480427442556"},
              "includes": {"users": [{"id": "{{Kenji}}", "name": "Kenji Sato", "username": "kenji_sato_jp"}],
                           "tweets": [{"id": "2079814480427442556", "author_id": "{{Kenji}}", "conversation_id": "2079814480427442000"}]} } }
            """;

        var activity = Single<ActivityObserved>(Body(body));

        Assert.Equal(ParticipantActivity.Liked, activity.Activity);
        Assert.True(activity.ByAccount);
        Assert.Equal("like.create", activity.RawType);
        Assert.Equal(Kenji, activity.Customer.UserKey.Value);
        Assert.Equal("Kenji Sato", activity.Customer.DisplayName);
        Assert.Equal("2079814480427442556", activity.Target?.Value);
        Assert.Equal("2079814480427442000", activity.Conversation.Thread.Value);
        Assert.Equal("like:87719f50ee17bdfa06a3089098a2b9ed", activity.Key.EventId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1784927565236), activity.OccurredAt);
    }

    [Fact]
    public void TryParse_LikeCreateInbound_TakesTheLikerFromIncludes()
    {
        var body = $$"""
            {"data": {"event_uuid": "123", "filter": {"user_id": "{{Brand}}", "direction": "inbound"}, "event_type": "like.create",
              "payload": {"id": "4c1f0a9be27d35e18a6b0f2d9c7e5a13", "timestamp_ms": "1791969150402", "liked_tweet_author_id": "{{Brand}}", "liked_tweet_id": "2110297574627676872"},
              "includes": {"users": [{"id": "{{Brand}}", "username": "NimbusCare"}, {"id": "{{Priya}}", "name": "Priya Raman", "username": "priya_r_travels"}]} } }
            """;

        var activity = Single<ActivityObserved>(Body(body));

        Assert.False(activity.ByAccount);
        Assert.Equal(Priya, activity.Customer.UserKey.Value);
        Assert.Equal("2110297574627676872", activity.Conversation.Thread.Value);
        Assert.Equal(Single<ActivityObserved>(Fixture("aaa-favorite.json")).Key, activity.Key);
    }

    [Fact]
    public void TryParse_LikeCreateInboundWithoutALiker_IsSkipped()
    {
        var body = $$"""
            {"data": {"event_uuid": "123", "filter": {"user_id": "{{Brand}}"}, "event_type": "like.create",
              "payload": {"id": "4c1f0a9be27d35e18a6b0f2d9c7e5a13", "liked_tweet_author_id": "{{Brand}}", "liked_tweet_id": "2110297574627676872"} } }
            """;

        Assert.Empty(Body(body, out var summary));
        Assert.Contains("like.create:no-liker", summary.IgnoredKinds!);
    }

    [Theory]
    [InlineData("follow.follow", ParticipantActivity.Followed, false)]
    [InlineData("follow.unfollow", ParticipantActivity.Unfollowed, false)]
    [InlineData("block.block", ParticipantActivity.Blocked, true)]
    [InlineData("block.unblock", ParticipantActivity.Unblocked, true)]
    [InlineData("mute.mute", ParticipantActivity.Muted, true)]
    [InlineData("mute.unmute", ParticipantActivity.Unmuted, true)]
    public void TryParse_SocialEvent_MapsToItsActivity(string eventType, ParticipantActivity expected, bool byBrand)
    {
        var (source, target) = byBrand ? (Brand, Dana) : (Dana, Brand);
        var body = $$"""
            {"data": {"event_uuid": "-7953119945885597316", "filter": {"user_id": "{{Brand}}"}, "event_type": "{{eventType}}",
              "payload": {"source": {"data": {"id": "{{source}}", "username": "u{{source}}", "name": "n{{source}}"} },
                          "target": {"data": {"id": "{{target}}", "username": "u{{target}}", "name": "n{{target}}"} } } } }
            """;

        var activity = Single<ActivityObserved>(Body(body));

        Assert.Equal(expected, activity.Activity);
        Assert.Equal(byBrand, activity.ByAccount);
        Assert.Equal(eventType, activity.RawType);
        Assert.Equal(Dana, activity.Customer.UserKey.Value);
        Assert.Equal("u" + Dana, activity.Customer.Handle);
        Assert.Equal(ConversationRef.PrivateWith(activity.Customer), activity.Conversation);
        Assert.Equal(ReceivedAt, activity.OccurredAt);
        var dot = eventType.IndexOf('.', StringComparison.Ordinal);
        Assert.Equal($"{eventType[..dot]}:{eventType[(dot + 1)..]}:{source}:{target}:uuid:-7953119945885597316", activity.Key.EventId);
    }

    [Fact]
    public void TryParse_SocialEventWithoutAReceivedTime_IsSkipped()
    {
        var body = $$"""
            {"data": {"event_uuid": "1", "filter": {"user_id": "{{Brand}}"}, "event_type": "follow.follow",
              "payload": {"source": {"data": {"id": "{{Dana}}"} }, "target": {"data": {"id": "{{Brand}}"} } } } }
            """;

        Assert.Empty(Body(body, out var summary, Settings(receivedAt: default(DateTimeOffset))));
        Assert.Contains("follow.follow:no-time", summary.IgnoredKinds!);
    }

    [Theory]
    [InlineData("chat.received")]
    [InlineData("chat.sent")]
    [InlineData("chat.conversation_join")]
    [InlineData("profile.update.bio")]
    [InlineData("spaces.start")]
    [InlineData("news.new")]
    [InlineData("SomethingNew")]
    public void TryParse_EventTypeNotHandled_IsIgnoredByName(string eventType)
    {
        var body = $$"""
            {"data": {"event_uuid": "8511582263942905822", "filter": {"user_id": "{{Brand}}"}, "event_type": "{{eventType}}", "tag": "t",
              "payload": {"conversation_token": "eyJ…", "encoded_event": "CwAB…", "sender_id": "{{Priya}}", "before": "a", "after": "b"} } }
            """;

        Assert.Empty(Body(body, out var summary));
        Assert.Equal(["xaa:" + eventType], summary.IgnoredKinds!);
        Assert.Equal(XPayloadFamily.ActivityApi, summary.Family);
    }

    [Fact]
    public void TryParse_EnvelopeWithoutPayload_IsIgnored()
    {
        Assert.Empty(Body($$"""{"data": {"event_uuid": "1", "filter": {"user_id": "{{Brand}}"}, "event_type": "dm.received"} }""", out var summary));
        Assert.Equal(["xaa:no-payload"], summary.IgnoredKinds!);
    }

    [Fact]
    public void TryParse_EnvelopeWithoutEventType_IsIgnored()
    {
        Assert.Empty(Body($$"""{"data": {"event_uuid": "1", "filter": {"user_id": "{{Brand}}"}, "payload": {"id": "1"} } }""", out var summary));
        Assert.Equal(["xaa:no-event-type"], summary.IgnoredKinds!);
    }

    [Fact]
    public void TryParse_OauthRevokeOfAnotherApp_IsIgnored()
    {
        var body = Variant("xaa-oauth-revoke.json", ("\"app_id\": \"28817342\"", "\"app_id\": \"29820954\""));

        Assert.Empty(Body(body, out var summary));
        Assert.Contains("oauth.revoke:other-app", summary.IgnoredKinds!);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static string Envelope(string eventType, string payload, string? includes = null, bool headerLast = false)
    {
        var header = $$"""
            "event_uuid": "2110295848522037206", "filter": {"user_id": "{{Brand}}"}, "event_type": "{{eventType}}", "tag": "care"
            """;
        var rest = "\"payload\": " + payload + (includes is null ? string.Empty : ", \"includes\": " + includes);
        return "{\"data\": {" + (headerLast ? rest + ", " + header : header + ", " + rest) + "}}";
    }

    private static string Users(string id, string name, string username) =>
        $$"""{"users": [{"id": "{{id}}", "name": "{{name}}", "username": "{{username}}"}]}""";

    private static string Post(
        string id,
        string author,
        string text,
        string? mentions = null,
        string? quoted = null,
        string? retweeted = null,
        (string Post, string User)? inReplyTo = null,
        string? conversation = null,
        (int Start, int End)? range = null,
        string[]? editHistory = null)
    {
        var fields = new List<string>
        {
            $"\"id\": \"{id}\"",
            $"\"text\": \"{text}\"",
            $"\"author_id\": \"{author}\"",
            "\"created_at\": \"2026-10-14T09:05:12.000Z\"",
            $"\"edit_history_tweet_ids\": [{string.Join(", ", (editHistory ?? [id]).Select(e => $"\"{e}\""))}]",
        };
        var references = new List<string>();
        if (quoted is not null)
        {
            references.Add($$"""{"type": "quoted", "id": "{{quoted}}"}""");
        }

        if (retweeted is not null)
        {
            references.Add($$"""{"type": "retweeted", "id": "{{retweeted}}"}""");
        }

        if (inReplyTo is { } reply)
        {
            references.Add($$"""{"type": "replied_to", "id": "{{reply.Post}}"}""");
            fields.Add($"\"in_reply_to_user_id\": \"{reply.User}\"");
        }

        if (references.Count > 0)
        {
            fields.Add($"\"referenced_tweets\": [{string.Join(", ", references)}]");
        }

        if (mentions is not null)
        {
            fields.Add($$"""
                "entities": {"mentions": [{"start": 0, "end": 11, "username": "x", "id": "{{mentions}}"}]}
                """);
        }

        if (conversation is not null)
        {
            fields.Add($"\"conversation_id\": \"{conversation}\"");
        }

        if (range is { } r)
        {
            fields.Add($"\"display_text_range\": [{r.Start}, {r.End}]");
        }

        return "{" + string.Join(", ", fields) + "}";
    }
}
