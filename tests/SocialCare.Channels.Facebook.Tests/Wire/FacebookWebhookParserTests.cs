using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Facebook.Tests.Wire;

public class FacebookWebhookParserTests
{
    private const string Page = "104857392016485";
    private const string OurAppId = "1398475620193847"; // the app of the fixtures (echo app_id, new_owner_app_id)
    private const string Psid = "6241839201847562";
    private const long Timestamp = 1795097141000;

    // ------------------------------------------------------------------ reference normalisation (_expected.json)

    public static TheoryData<string> MessengerAndFeedFixtures() => new(FixtureNames());

    private static IEnumerable<string> FixtureNames() => Fixtures.Names("messenger-*.json").Concat(Fixtures.Names("page-feed-*.json"));

    [Fact]
    public void TryParse_ExpectedFile_CoversEveryMessengerAndFeedFixture()
    {
        using var expected = JsonDocument.Parse(Fixtures.Read("_expected.json"));
        var listed = expected.RootElement.GetProperty("files").EnumerateObject()
            .Select(p => p.Name)
            .Where(n => n.StartsWith("messenger-", StringComparison.Ordinal) || n.StartsWith("page-feed-", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        Assert.Equal(listed, FixtureNames().Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(MessengerAndFeedFixtures))]
    public void TryParse_Fixture_MatchesReferenceNormalisation(string name)
    {
        using var expectedDocument = JsonDocument.Parse(Fixtures.Read("_expected.json"));
        var expected = expectedDocument.RootElement.GetProperty("files").GetProperty(name).EnumerateArray().ToList();
        var body = Fixtures.Read(name);
        using var fixture = JsonDocument.Parse(body);
        var items = Items(fixture);

        var events = Parse(body);

        Assert.Equal(expected.Count, events.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            CheckAgainstReference(expected[i], events[i].Event, items[i]);
        }
    }

    private static void CheckAgainstReference(JsonElement expected, InboundEvent actual, JsonElement item)
    {
        var pageId = expected.GetProperty("page_id").GetString();
        var kind = expected.GetProperty("kind").GetString();
        Assert.Equal(ChannelId.Facebook, actual.Key.Channel);
        Assert.Equal(ChannelId.Facebook, actual.Conversation.Channel);
        Assert.Equal(pageId, actual.Key.Account.Value);
        Assert.Equal(pageId, actual.Conversation.Account.Value);
        Assert.Equal(pageId, actual.Customer.Account.Value);

        if (expected.GetProperty("channel").GetString() == "messenger")
        {
            Assert.Equal(expected.GetProperty("timestamp_ms").GetInt64(), actual.OccurredAt.ToUnixTimeMilliseconds());
            Assert.Equal(ConversationVisibility.Private, actual.Conversation.Visibility);
            var sender = expected.GetProperty("sender").GetString();
            if (kind == "echo")
            {
                // The reference reports the raw sender, which for an echo is the Page itself. Our events are about the
                // customer, so an echo's customer (and thread) is the recipient PSID.
                Assert.Equal(pageId, sender);
                Assert.Equal(item.GetProperty("recipient").GetProperty("id").GetString(), actual.Customer.UserKey.Value);
                Assert.NotEqual(sender, actual.Customer.UserKey.Value);
            }
            else
            {
                Assert.Equal(sender, actual.Customer.UserKey.Value);
            }

            Assert.Equal(actual.Customer.UserKey.Value, actual.Conversation.Thread.Value);
            var standby = expected.GetProperty("standby").GetBoolean();
            if (actual is MessageReceived received)
            {
                Assert.Equal(standby, received.Standby);
            }
            else
            {
                Assert.False(standby);
            }

            var mid = expected.TryGetProperty("mid", out var m) ? m.GetString() : null;
            switch (kind)
            {
                case "message":
                {
                    var message = Assert.IsType<MessageReceived>(actual);
                    Assert.Equal(MessageDirection.Inbound, message.Direction);
                    Assert.Equal(AuthorKind.Customer, message.Author);
                    Assert.Equal(mid, message.MessageId.Value);
                    Assert.Equal(mid, message.Key.EventId);
                    CheckAttachmentTypes(expected.GetProperty("attachment_types"), message.Parts);
                    break;
                }

                case "echo":
                {
                    var message = Assert.IsType<MessageReceived>(actual);
                    Assert.Equal(MessageDirection.Outbound, message.Direction);
                    Assert.Equal(AuthorKind.Agent, message.Author); // app_id is ours (OurAppId)
                    Assert.Equal(mid, message.MessageId.Value);
                    CheckAttachmentTypes(expected.GetProperty("attachment_types"), message.Parts);
                    break;
                }

                case "postback":
                {
                    var message = Assert.IsType<MessageReceived>(actual);
                    Assert.Equal(mid, message.MessageId.Value);
                    Assert.Equal(ChoiceKind.Postback, Assert.IsType<ChoicePart>(Assert.Single(message.Parts)).ChoiceKind);
                    break;
                }

                case "delivery":
                    Assert.Equal(DeliveryStatus.Delivered, Assert.IsType<DeliveryStatusChanged>(actual).Status);
                    break;
                case "read":
                    Assert.Equal(DeliveryStatus.Read, Assert.IsType<DeliveryStatusChanged>(actual).Status);
                    break;
                case "reaction":
                    Assert.Equal(mid, Assert.IsType<ReactionChanged>(actual).Reaction.Target.Value);
                    break;
                case "message_edit":
                    Assert.Equal(mid, Assert.IsType<MessageEdited>(actual).MessageId.Value);
                    break;
                case "referral":
                    Assert.IsType<ReferralReceived>(actual);
                    break;
                case "pass_thread_control":
                    Assert.IsType<ConversationControlChanged>(actual);
                    break;
                default:
                    Assert.Fail($"kind {kind} is not mapped by this test");
                    break;
            }
        }
        else
        {
            Assert.Equal("page_feed", expected.GetProperty("channel").GetString());
            Assert.Equal(expected.GetProperty("created_time_s").GetInt64(), actual.OccurredAt.ToUnixTimeSeconds());
            Assert.Equal(ConversationVisibility.Public, actual.Conversation.Visibility);
            var postId = expected.GetProperty("post_id").GetString();
            Assert.Equal(postId, actual.Conversation.Thread.Value);
            Assert.Equal(expected.GetProperty("from_id").GetString(), actual.Customer.UserKey.Value);
            var messageId = expected.GetProperty("comment_id").GetString() ?? postId; // a post is its own message
            var parentId = expected.GetProperty("parent_id").GetString();
            var ownPage = expected.GetProperty("is_own_page").GetBoolean();
            switch (kind)
            {
                case "feed.comment.add":
                case "feed.status.add":
                {
                    var message = Assert.IsType<MessageReceived>(actual);
                    Assert.Equal(messageId, message.MessageId.Value);
                    Assert.Equal(ownPage ? MessageDirection.Outbound : MessageDirection.Inbound, message.Direction);
                    Assert.Equal(ownPage ? AuthorKind.Agent : AuthorKind.Customer, message.Author);
                    Assert.Equal(parentId is null || parentId == postId ? null : parentId, message.ReplyTo?.Value);
                    break;
                }

                case "feed.comment.edited":
                    Assert.Equal(messageId, Assert.IsType<MessageEdited>(actual).MessageId.Value);
                    break;
                case "feed.comment.remove":
                    Assert.Equal(messageId, Assert.IsType<MessageDeleted>(actual).MessageId.Value);
                    break;
                default:
                    Assert.Fail($"kind {kind} is not mapped by this test");
                    break;
            }
        }
    }

    private static void CheckAttachmentTypes(JsonElement attachmentTypes, IReadOnlyList<MessagePart> parts)
    {
        var expectedMedia = new List<MediaKind>();
        foreach (var type in attachmentTypes.EnumerateArray().Select(t => t.GetString()))
        {
            switch (type)
            {
                case "image": expectedMedia.Add(MediaKind.Image); break;
                case "video": expectedMedia.Add(MediaKind.Video); break;
                case "audio": expectedMedia.Add(MediaKind.Audio); break;
                case "file": expectedMedia.Add(MediaKind.Document); break;
                case "sticker": expectedMedia.Add(MediaKind.Sticker); break;
                case "fallback":
                    // The reference lists the raw attachment type. A fallback is a shared link; in this fixture the
                    // message text already is that link, so it adds no part of its own (the link is the TextPart).
                    Assert.IsType<TextPart>(Assert.Single(parts));
                    break;
                default:
                    Assert.Fail($"attachment type {type} is not mapped by this test");
                    break;
            }
        }

        Assert.Equal(expectedMedia, parts.OfType<MediaPart>().Select(p => p.MediaKind));
        Assert.DoesNotContain(parts, p => p is UnsupportedPart);
        Assert.All(parts.OfType<MediaPart>(), p => Assert.True(p.Url is { IsAbsoluteUri: true }));
    }

    // ------------------------------------------------------------------ same events whatever the order or number form

    public static TheoryData<string, string> RewrittenFixtures()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in FixtureNames())
        {
            data.Add(name, "reversed");
            data.Add(name, "numbers-as-strings");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RewrittenFixtures))]
    public void TryParse_FixtureRewritten_GivesTheSameEvents(string name, string rewrite)
    {
        var body = Fixtures.Read(name);
        var rewritten = Rewrite(body, reverse: rewrite == "reversed", numbersAsStrings: rewrite == "numbers-as-strings");
        Assert.NotEqual(body, rewritten);

        var expected = Parse(body).Select(e => SocialCareJson.Serialize(e.Event));
        var actual = Parse(rewritten).Select(e => SocialCareJson.Serialize(e.Event));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void TryParse_PropertiesInReversedOrder_ReadsEveryField()
    {
        // object after entry, the entry's id and time after its items, message before sender, text after attachments.
        var body = """
            {"entry":[{"messaging":[{"message":{"attachments":[{"payload":{"url":"https://cdn.example.com/a.jpg"},"type":"image"}],
              "text":"look","mid":"m_1"},"timestamp":1795097141000,"recipient":{"id":"104857392016485"},"sender":{"id":"6241839201847562"}}],
              "time":1795097141412,"id":"104857392016485"}],"object":"page"}
            """u8.ToArray();

        var message = Single<MessageReceived>(body);

        Assert.Equal(Page, message.Key.Account.Value);
        Assert.Equal(Psid, message.Customer.UserKey.Value);
        Assert.Equal(Timestamp, message.OccurredAt.ToUnixTimeMilliseconds());
        Assert.Equal("m_1", message.MessageId.Value);
        Assert.Equal("look", Assert.IsType<TextPart>(message.Parts[0]).Text);
        Assert.Equal(new Uri("https://cdn.example.com/a.jpg"), Assert.IsType<MediaPart>(message.Parts[1]).Url);
    }

    [Fact]
    public void TryParse_NumbersAsStrings_AreAccepted()
    {
        var body = Messenger(
            """
            {"sender":{"id":"6241839201847562"},"recipient":{"id":"104857392016485"},"timestamp":"1795097141000",
             "message":{"mid":"m_1","attachments":[{"type":"sticker","payload":{"url":"https://cdn.example.com/s.png","sticker_id":"369239263222822"}}]}},
            {"sender":{"id":"6241839201847562"},"recipient":{"id":"104857392016485"},"timestamp":"1795097142000","read":{"watermark":"1795097140000"}},
            {"sender":{"id":"6241839201847562"},"recipient":{"id":"104857392016485"},"timestamp":"1795097143000","message_edit":{"mid":"m_1","text":"x","num_edit":"2"}},
            {"sender":{"id":"104857392016485"},"recipient":{"id":"6241839201847562"},"timestamp":"1795097144000","message":{"mid":"m_2","is_echo":true,"app_id":"1398475620193847","text":"hi"}}
            """);

        var events = Parse(body).Select(e => e.Event).ToList();

        Assert.Equal(4, events.Count);
        var sticker = Assert.IsType<MediaPart>(Assert.Single(Assert.IsType<MessageReceived>(events[0]).Parts));
        Assert.Equal("369239263222822", sticker.NetworkMediaId);
        Assert.Equal(Timestamp, events[0].OccurredAt.ToUnixTimeMilliseconds());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795097140000), Assert.IsType<DeliveryStatusChanged>(events[1]).Watermark);
        Assert.Equal("edit:m_1:2", events[2].Key.EventId);
        Assert.Equal(AuthorKind.Agent, Assert.IsType<MessageReceived>(events[3]).Author);

        var feed = Feed("""{"item":"comment","verb":"add","comment_id":"1_2","post_id":"P_1","parent_id":"P_1","from":{"id":"42"},"message":"hi","created_time":"1795110000"}""");
        Assert.Equal(1795110000, Single<MessageReceived>(feed).OccurredAt.ToUnixTimeSeconds());
    }

    [Fact]
    public void TryParse_TimestampInSeconds_IsReadAsSeconds()
    {
        // The dashboard's test payloads send Messenger times as strings of seconds (meta.md §4.5, §10.11). A value that
        // small cannot be milliseconds of a real event (it would fall in 1973), so it is read as seconds.
        var body = Messenger(Item("""{"mid":"m_1","title":"Go","payload":"GO"}""", key: "postback", timestamp: "\"1795097141\""));

        var message = Single<MessageReceived>(body);

        Assert.Equal(1795097141000, message.OccurredAt.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void TryParse_ItemWithoutTimestamp_UsesEntryTime()
    {
        var body = Messenger("""{"sender":{"id":"6241839201847562"},"recipient":{"id":"104857392016485"},"message":{"mid":"m_1","text":"hi"}}""");

        Assert.Equal(1795097141412, Single<MessageReceived>(body).OccurredAt.ToUnixTimeMilliseconds());
    }

    // ------------------------------------------------------------------ Messenger messages

    [Fact]
    public void TryParse_Text_ProducesInboundCustomerMessageInPrivateConversation()
    {
        var envelope = Assert.Single(Parse(Fixtures.Read("messenger-text.json")));
        var message = Assert.IsType<MessageReceived>(envelope.Event);

        var account = new ChannelAccountId(Page);
        const string Mid = "m_EXehXcv3__DUMZH8KRrYV3CJC_BZHhm5S6xxMYHxq2B5kRP0r6UV1cZB3urJ1mKpWx-KA7EvZtxr9Pko2JjCKl";
        Assert.Equal(new IdempotencyKey(ChannelId.Facebook, account, Mid), message.Key);
        Assert.Equal(new ConversationRef(ChannelId.Facebook, account, new ThreadId(Psid), ConversationVisibility.Private), message.Conversation);
        Assert.Equal(new Participant(ChannelId.Facebook, account, new NetworkUserId(Psid)), message.Customer);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(Timestamp), message.OccurredAt);
        Assert.Equal(new NetworkMessageId(Mid), message.MessageId);
        Assert.Equal(MessageDirection.Inbound, message.Direction);
        Assert.Equal(AuthorKind.Customer, message.Author);
        Assert.Equal(new TextPart("Hi, my order #48213 still hasn't arrived. Can you check the status?"), Assert.Single(message.Parts));
        Assert.Null(message.ReplyTo);
        Assert.Null(message.LocalId);
        Assert.Null(message.Referral);
        Assert.False(message.Standby);
    }

    [Fact]
    public void TryParse_QuickReply_ProducesChoiceInsteadOfText()
    {
        var message = Single<MessageReceived>(Fixtures.Read("messenger-quick-reply.json"));

        Assert.Equal(new ChoicePart(ChoiceKind.QuickReply, "Billing question", "TOPIC_BILLING"), Assert.Single(message.Parts));
    }

    [Fact]
    public void TryParse_QuickReplyWithoutText_UsesPayloadAsTitle()
    {
        var message = Single<MessageReceived>(Messenger(Item("""{"mid":"m_1","quick_reply":{"payload":"YES"}}""")));

        Assert.Equal(new ChoicePart(ChoiceKind.QuickReply, "YES", "YES"), Assert.Single(message.Parts));
    }

    [Fact]
    public void TryParse_ReplyTo_SetsReplyTo()
    {
        var message = Single<MessageReceived>(Fixtures.Read("messenger-reply-to.json"));

        Assert.Equal("m_dWt2kLkW8ymfi34Dcntk7OmAODTJZwDY3FhoM4d9bvWTcEMqDWJ9wBztdiD8XXfDgulkDl6WKkrnwGOl9guXCY", message.ReplyTo?.Value);
        Assert.Equal(new TextPart("Yes, that's the address"), Assert.Single(message.Parts));
    }

    [Fact]
    public void TryParse_Attachments_MapToMediaPartsAfterText()
    {
        var message = Single<MessageReceived>(Fixtures.Read("messenger-attachment-multiple.json"));

        Assert.Collection(
            message.Parts,
            p => Assert.Equal("Here is the receipt and a short clip of the damage", Assert.IsType<TextPart>(p).Text),
            p => Assert.Equal(MediaKind.Document, Assert.IsType<MediaPart>(p).MediaKind),
            p => Assert.Equal(MediaKind.Video, Assert.IsType<MediaPart>(p).MediaKind),
            p => Assert.Equal(MediaKind.Audio, Assert.IsType<MediaPart>(p).MediaKind));
        Assert.StartsWith("https://cdn.fbsbx.com/v/t59.2708-21/", ((MediaPart)message.Parts[1]).Url!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Image_KeepsTheUrl()
    {
        var part = Assert.IsType<MediaPart>(Assert.Single(Single<MessageReceived>(Fixtures.Read("messenger-attachment-image.json")).Parts));

        Assert.Equal(MediaKind.Image, part.MediaKind);
        Assert.Equal("scontent.xx.fbcdn.net", part.Url?.Host);
        Assert.Contains("oe=693C2F1A", part.Url!.Query, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Sticker_HasStickerIdAndUrl()
    {
        var part = Assert.IsType<MediaPart>(Assert.Single(Single<MessageReceived>(Fixtures.Read("messenger-attachment-sticker.json")).Parts));

        Assert.Equal(MediaKind.Sticker, part.MediaKind);
        Assert.Equal("369239263222822", part.NetworkMediaId);
        Assert.NotNull(part.Url);
    }

    [Fact]
    public void TryParse_ImageWithStickerId_IsStickerAndNotDuplicated()
    {
        // Until 2026-08-30 Meta sent a sticker both as an image with sticker_id and as a sticker: one part is kept.
        var body = Messenger(Item("""
            {"mid":"m_1","attachments":[
              {"type":"image","payload":{"url":"https://cdn.example.com/thumb.png","sticker_id":369239263222822}},
              {"type":"sticker","payload":{"url":"https://cdn.example.com/thumb.png","sticker_id":369239263222822}}]}
            """));

        var part = Assert.IsType<MediaPart>(Assert.Single(Single<MessageReceived>(body).Parts));

        Assert.Equal(MediaKind.Sticker, part.MediaKind);
        Assert.Equal("369239263222822", part.NetworkMediaId);
    }

    [Fact]
    public void TryParse_Location_ProducesLocationPart()
    {
        var body = Messenger(Item("""{"mid":"m_1","attachments":[{"type":"location","payload":{"coordinates":{"lat":52.52,"long":"13.405"}}}]}"""));

        Assert.Equal(new LocationPart(52.52, 13.405), Assert.Single(Single<MessageReceived>(body).Parts));
    }

    [Fact]
    public void TryParse_FallbackWhoseUrlIsTheText_AddsNoPart()
    {
        var message = Single<MessageReceived>(Fixtures.Read("messenger-attachment-fallback.json"));

        Assert.Equal(new TextPart("https://shop.example.com/p/blue-kettle-17"), Assert.Single(message.Parts));
    }

    [Fact]
    public void TryParse_FallbackWithNullPayload_AddsTitleAndUrlAsText()
    {
        var body = Messenger(Item("""{"mid":"m_1","text":"see this","attachments":[{"type":"fallback","payload":null,"title":"Blue Kettle","url":"https://shop.example.com/k"}]}"""));

        var message = Single<MessageReceived>(body);

        Assert.Equal([new TextPart("see this"), new TextPart("Blue Kettle https://shop.example.com/k")], message.Parts);
    }

    [Theory]
    [InlineData("ig_reel")]
    [InlineData("reel")]
    [InlineData("post")]
    [InlineData("template")]
    [InlineData("appointment_booking")]
    [InlineData("something_new")]
    public void TryParse_OtherAttachment_IsKeptAsUnsupportedPart(string type)
    {
        var body = Messenger(Item($$$"""{"mid":"m_1","attachments":[{"type":"{{{type}}}","payload":{"url":"https://www.instagram.com/reel/x","title":"A reel"}}]}"""));

        var part = Assert.IsType<UnsupportedPart>(Assert.Single(Single<MessageReceived>(body).Parts));

        Assert.Equal(type, part.RawType);
        Assert.Equal("A reel", part.Description);
    }

    [Fact]
    public void TryParse_AttachmentWithInvalidUrl_LeavesUrlNull()
    {
        var body = Messenger(Item("""{"mid":"m_1","attachments":[{"type":"image","payload":{"url":"not a url"}}]}"""));

        var part = Assert.IsType<MediaPart>(Assert.Single(Single<MessageReceived>(body).Parts));

        Assert.Equal(MediaKind.Image, part.MediaKind);
        Assert.Null(part.Url);
    }

    [Fact]
    public void TryParse_MessageWithoutContent_HasOneUnsupportedPart()
    {
        var message = Single<MessageReceived>(Messenger(Item("""{"mid":"m_1"}""")));

        Assert.Equal(new UnsupportedPart("message"), Assert.Single(message.Parts));
    }

    [Fact]
    public void TryParse_MessageWithReferral_SetsReferral()
    {
        var body = Messenger(Item("""
            {"mid":"m_1","text":"Hi","referral":{"ref":"spring","source":"ADS","type":"OPEN_THREAD","ad_id":"6045","ads_context_data":{"ad_title":"Spring sale"}}}
            """));

        var referral = Single<MessageReceived>(body).Referral;

        Assert.Equal(new Referral("ADS") { Ref = "spring", SourceId = "6045", SourceType = "OPEN_THREAD", Headline = "Spring sale" }, referral);
    }

    [Fact]
    public void TryParse_UserRefSender_UsesPrefixedUserKey()
    {
        var body = Messenger("""{"sender":{"user_ref":"abc123"},"recipient":{"id":"104857392016485"},"timestamp":1795097141000,"message":{"mid":"m_1","text":"hi"}}""");

        var message = Single<MessageReceived>(body);

        Assert.Equal("user_ref:abc123", message.Customer.UserKey.Value);
        Assert.Equal("user_ref:abc123", message.Conversation.Thread.Value);
    }

    [Fact]
    public void TryParse_StandbyMessage_SetsStandby()
    {
        var message = Single<MessageReceived>(Fixtures.Read("messenger-standby-message.json"));

        Assert.True(message.Standby);
        Assert.Equal("7019283746512093", message.Customer.UserKey.Value);
        Assert.Equal(new TextPart("Is anyone there?"), Assert.Single(message.Parts));
    }

    [Fact]
    public void TryParse_StandbyPostback_SetsStandby()
    {
        var body = Messenger(Item("""{"mid":"m_1","title":"Go"}""", key: "postback"), list: "standby");

        Assert.True(Single<MessageReceived>(body).Standby);
    }

    // ------------------------------------------------------------------ echoes

    [Fact]
    public void TryParse_EchoWithOurMetadata_SetsLocalIdAndIsAgent()
    {
        var body = Messenger(Echo($$"""{"mid":"m_e","is_echo":true,"app_id":{{OurAppId}},"metadata":"socialcare:msg-0042","text":"Hello"}"""));

        var message = Single<MessageReceived>(body);

        Assert.Equal(new MessageId("msg-0042"), message.LocalId);
        Assert.Equal(MessageDirection.Outbound, message.Direction);
        Assert.Equal(AuthorKind.Agent, message.Author);
        Assert.Equal(Psid, message.Customer.UserKey.Value); // the recipient, not the Page that sent it
        Assert.Equal(Psid, message.Conversation.Thread.Value);
        Assert.Equal("m_e", message.Key.EventId);
    }

    [Fact]
    public void TryParse_EchoWithOurMetadataFromAnotherApp_HasNoLocalIdAndIsBot()
    {
        var body = Messenger(Echo("""{"mid":"m_e","is_echo":true,"app_id":555,"metadata":"socialcare:msg-0042","text":"Hello"}"""));

        var message = Single<MessageReceived>(body);

        Assert.Null(message.LocalId);
        Assert.Equal(AuthorKind.Bot, message.Author);
    }

    [Fact]
    public void TryParse_EchoWithOurMetadataAndNoConfiguredAppId_SetsLocalId()
    {
        var body = Messenger(Echo("""{"mid":"m_e","is_echo":true,"app_id":555,"metadata":"socialcare:msg-0042","text":"Hello"}"""));

        Assert.Equal(new MessageId("msg-0042"), Single<MessageReceived>(body, appId: null).LocalId);
    }

    [Theory]
    [InlineData("socialcare:")]
    [InlineData("socialcare:   ")]
    [InlineData("helpdesk:ticket=TCK-20931;agent=418")]
    public void TryParse_EchoWithOtherMetadata_HasNoLocalId(string metadata)
    {
        var body = Messenger(Echo($$"""{"mid":"m_e","is_echo":true,"app_id":{{OurAppId}},"metadata":"{{metadata}}","text":"Hello"}"""));

        Assert.Null(Single<MessageReceived>(body).LocalId);
    }

    [Fact]
    public void TryParse_EchoFromPageInbox_IsAgent()
    {
        var body = Messenger(Echo("""{"mid":"m_e","is_echo":true,"app_id":263902037430900,"text":"Typed in Business Suite"}"""));

        var message = Single<MessageReceived>(body);

        Assert.Equal(AuthorKind.Agent, message.Author);
        Assert.Equal(MessageDirection.Outbound, message.Direction);
        Assert.Null(message.LocalId);
    }

    [Fact]
    public void TryParse_EchoWithoutAppId_IsAgent()
    {
        var body = Messenger(Echo("""{"mid":"m_e","is_echo":true,"text":"Typed on the phone"}"""));

        Assert.Equal(AuthorKind.Agent, Single<MessageReceived>(body).Author);
    }

    [Fact]
    public void TryParse_EchoFromAnotherApp_IsBot()
    {
        var message = Single<MessageReceived>(Fixtures.Read("messenger-echo.json"), appId: "999000111");

        Assert.Equal(AuthorKind.Bot, message.Author);
        Assert.Equal(MessageDirection.Outbound, message.Direction);
        Assert.Null(message.LocalId);
    }

    [Fact]
    public void TryParse_EchoTemplate_IsUnsupportedPart()
    {
        var body = Messenger(Echo("""{"mid":"m_e","is_echo":true,"attachments":[{"type":"template","payload":{"template_type":"button"}}]}"""));

        Assert.Equal(new UnsupportedPart("template"), Assert.Single(Single<MessageReceived>(body).Parts));
    }

    // ------------------------------------------------------------------ postbacks, edits, reactions, referrals

    [Fact]
    public void TryParse_Postback_ProducesPostbackChoice()
    {
        const string Mid = "m_pXFB7BSv0hD9Oi22Jc8FQF6cA1EZeXrddMgg1mhzLaPI89Aay6Sa7XXhV6L9uf9D8DXa-RAnfBmKOO5KMOZPI-";

        var message = Single<MessageReceived>(Fixtures.Read("messenger-postback.json"));

        Assert.Equal("postback:" + Mid, message.Key.EventId);
        Assert.Equal(Mid, message.MessageId.Value);
        Assert.Equal(new ChoicePart(ChoiceKind.Postback, "Track my order", "TRACK_ORDER"), Assert.Single(message.Parts));
        Assert.Equal(MessageDirection.Inbound, message.Direction);
        Assert.Equal(AuthorKind.Customer, message.Author);
    }

    [Fact]
    public void TryParse_PostbackWithoutMid_UsesSyntheticIdsAndReferral()
    {
        var body = Messenger(Item("""{"payload":"GET_STARTED","referral":{"ref":"winter","source":"SHORTLINK","type":"OPEN_THREAD"}}""", key: "postback"));

        var message = Single<MessageReceived>(body);

        Assert.Equal($"postback:{Psid}:{Timestamp}:GET_STARTED", message.Key.EventId);
        Assert.Equal($"postback:{Psid}:{Timestamp}", message.MessageId.Value);
        Assert.Equal(new ChoicePart(ChoiceKind.Postback, "GET_STARTED", "GET_STARTED"), Assert.Single(message.Parts));
        Assert.Equal(new Referral("SHORTLINK") { Ref = "winter", SourceType = "OPEN_THREAD" }, message.Referral);
    }

    [Fact]
    public void TryParse_MessageEdit_ProducesMessageEdited()
    {
        const string Mid = "m_iCjK4aWUK0iHby-3WQkTvojS0g8feoB-2WrqTtkBlTkPzk0ApyPnRMG501aYpUDOo9MIFJj0yAprvUol-vqTD6";

        var edited = Single<MessageEdited>(Fixtures.Read("messenger-message-edit.json"));

        Assert.Equal($"edit:{Mid}:1", edited.Key.EventId);
        Assert.Equal(Mid, edited.MessageId.Value);
        Assert.Equal(new TextPart("Here is the receipt and a short video of the damage"), Assert.Single(edited.Parts));
        Assert.Equal("7019283746512093", edited.Customer.UserKey.Value);
    }

    [Fact]
    public void TryParse_Reaction_ProducesReactionChanged()
    {
        const string Mid = "m_otBDyrbI3x_00iGocCyp_y0rY3APZyqIKPHts4IZ3FCtDWTO12V-NB_VbOm703B9vTEyhwK-YwBJ_LSDr4tKp7";

        var reaction = Single<ReactionChanged>(Fixtures.Read("messenger-reaction.json"));

        Assert.Equal($"reaction:{Mid}:react:❤️:1795097471000", reaction.Key.EventId);
        Assert.Equal(new ReactionPart("❤️", new NetworkMessageId(Mid)), reaction.Reaction);
        Assert.False(reaction.Reaction.Removed);
    }

    [Fact]
    public void TryParse_Unreact_MarksReactionRemoved()
    {
        // unreact may omit both reaction and emoji (meta.md §4.5).
        var body = Messenger(Item("""{"action":"unreact","mid":"m_1"}""", key: "reaction"));

        var reaction = Single<ReactionChanged>(body);

        Assert.True(reaction.Reaction.Removed);
        Assert.Equal(string.Empty, reaction.Reaction.Emoji);
        Assert.Equal("m_1", reaction.Reaction.Target.Value);
        Assert.Equal($"reaction:m_1:unreact::{Timestamp}", reaction.Key.EventId);
    }

    [Fact]
    public void TryParse_UnreactWithReactionName_UsesIt()
    {
        var body = Messenger(Item("""{"reaction":"love","action":"unreact","mid":"m_1"}""", key: "reaction"));

        var reaction = Single<ReactionChanged>(body);

        Assert.Equal(new ReactionPart("love", new NetworkMessageId("m_1")) { Removed = true }, reaction.Reaction);
    }

    [Fact]
    public void TryParse_Referral_ProducesReferralReceived()
    {
        var referral = Single<ReferralReceived>(Fixtures.Read("messenger-referral.json"));

        Assert.Equal($"referral:7019283746512093:1795097491000", referral.Key.EventId);
        Assert.Equal(new Referral("SHORTLINK") { Ref = "winter_sale_support", SourceType = "OPEN_THREAD" }, referral.Referral);
    }

    [Fact]
    public void TryParse_AdReferral_KeepsAdIdAndAbsoluteRefererUri()
    {
        var body = Messenger(Item("""{"ref":"x","source":"ADS","type":"OPEN_THREAD","ad_id":"6045","referer_uri":"https:\/\/m.me\/shop"}""", key: "referral"));

        var referral = Single<ReferralReceived>(body).Referral;

        Assert.Equal("6045", referral.SourceId);
        Assert.Equal(new Uri("https://m.me/shop"), referral.SourceUrl);
    }

    [Fact]
    public void TryParse_ReferralWithoutSource_IsUnknownAndIgnoresRelativeUri()
    {
        var body = Messenger(Item("""{"ref":"x","referer_uri":"/relative"}""", key: "referral"));

        var referral = Single<ReferralReceived>(body).Referral;

        Assert.Equal("unknown", referral.Source);
        Assert.Null(referral.SourceUrl);
    }

    // ------------------------------------------------------------------ delivery and read receipts

    [Fact]
    public void TryParse_DeliveryWithMids_OneEventPerMid()
    {
        var body = Messenger(Item("""{"mids":["m_a","m_b"],"watermark":1795097140000}""", key: "delivery"));

        var events = Parse(body).Select(e => Assert.IsType<DeliveryStatusChanged>(e.Event)).ToList();

        Assert.Equal(["delivery:m_a", "delivery:m_b"], events.Select(e => e.Key.EventId));
        Assert.Equal(["m_a", "m_b"], events.Select(e => e.MessageId?.Value));
        Assert.All(events, e =>
        {
            Assert.Equal(DeliveryStatus.Delivered, e.Status);
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795097140000), e.Watermark);
            Assert.Equal(Psid, e.Customer.UserKey.Value);
        });
    }

    [Fact]
    public void TryParse_DeliveryFixture_NamesTheMid()
    {
        var delivery = Single<DeliveryStatusChanged>(Fixtures.Read("messenger-delivery.json"));

        Assert.Equal("m_U-vcq17cNyuZw2XGPcATMTAVnTmZrrkg2wUUPv18_5Q9CwuT5q5OQDaNROHavp6K5i6BVcIAc5L1Y25vm1Vfid", delivery.MessageId?.Value);
        Assert.Equal("delivery:" + delivery.MessageId?.Value, delivery.Key.EventId);
        Assert.Equal(1795097441000, delivery.Watermark?.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void TryParse_DeliveryWithoutMids_OneWatermarkEvent()
    {
        var body = Messenger(Item("""{"watermark":1795097140000,"seq":37}""", key: "delivery"));

        var delivery = Single<DeliveryStatusChanged>(body);

        Assert.Equal($"delivery:{Psid}:1795097140000", delivery.Key.EventId);
        Assert.Null(delivery.MessageId);
        Assert.Equal(DeliveryStatus.Delivered, delivery.Status);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795097140000), delivery.Watermark);
    }

    [Fact]
    public void TryParse_Read_SetsWatermark()
    {
        var read = Single<DeliveryStatusChanged>(Fixtures.Read("messenger-read.json"));

        Assert.Equal(DeliveryStatus.Read, read.Status);
        Assert.Equal($"read:{Psid}:1795097441000", read.Key.EventId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795097441000), read.Watermark);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795097461000), read.OccurredAt);
        Assert.Null(read.MessageId);
    }

    // ------------------------------------------------------------------ handover

    [Theory]
    [InlineData(OurAppId, ConversationControl.Ours)]
    [InlineData(null, ConversationControl.Ours)]
    [InlineData("555", ConversationControl.Elsewhere)]
    public void TryParse_PassThreadControl_TellsWhoOwnsTheConversation(string? appId, ConversationControl expected)
    {
        var control = Single<ConversationControlChanged>(Fixtures.Read("messenger-handover-pass-thread-control.json"), appId);

        Assert.Equal(expected, control.Control);
        Assert.Equal(OurAppId, control.OwnerAppId);
        Assert.Equal(FacebookDefaults.PageInboxAppId, control.PreviousOwnerAppId);
        Assert.Equal("escalated from Page Inbox: refund request", control.Metadata);
        Assert.Equal($"pass_thread_control:{Psid}:1795097501000", control.Key.EventId);
        Assert.Equal(Psid, control.Customer.UserKey.Value);
    }

    [Theory]
    [InlineData(OurAppId, ConversationControl.Ours)]
    [InlineData(null, ConversationControl.Elsewhere)]
    [InlineData("555", ConversationControl.Elsewhere)]
    public void TryParse_TakeThreadControl_IsElsewhereUnlessWeTookIt(string? appId, ConversationControl expected)
    {
        var body = Messenger(Item($$"""{"previous_owner_app_id":"555","new_owner_app_id":"{{OurAppId}}","metadata":"bot gave up"}""", key: "take_thread_control"));
        var other = Messenger(Item("""{"previous_owner_app_id":"1","new_owner_app_id":"263902037430900"}""", key: "take_thread_control"));

        var control = Single<ConversationControlChanged>(body, appId);

        Assert.Equal(expected, control.Control);
        Assert.Equal(OurAppId, control.OwnerAppId);
        Assert.Equal("555", control.PreviousOwnerAppId);
        Assert.Equal("bot gave up", control.Metadata);
        Assert.Equal($"take_thread_control:{Psid}:{Timestamp}", control.Key.EventId);
        Assert.Equal(ConversationControl.Elsewhere, Single<ConversationControlChanged>(other, appId).Control);
    }

    [Fact]
    public void TryParse_RequestThreadControl_IsRequested()
    {
        var body = Messenger(Item("""{"requested_owner_app_id":263902037430900,"metadata":"customer asked for a person"}""", key: "request_thread_control"));

        var control = Single<ConversationControlChanged>(body);

        Assert.Equal(ConversationControl.Requested, control.Control);
        Assert.Equal(FacebookDefaults.PageInboxAppId, control.OwnerAppId);
        Assert.Equal("customer asked for a person", control.Metadata);
        Assert.Equal($"request_thread_control:{Psid}:{Timestamp}", control.Key.EventId);
    }

    [Theory]
    [InlineData("app_roles", """{"1398475620193847":["primary_receiver"]}""")]
    [InlineData("optin", """{"type":"notification_messages","payload":"x","notification_messages_token":"t"}""")]
    [InlineData("policy_enforcement", """{"action":"block","reason":"spam"}""")]
    [InlineData("account_linking", """{"status":"linked","authorization_code":"c"}""")]
    [InlineData("something_new", """{"a":1}""")]
    public void TryParse_UnknownMessagingKey_IsSkippedAndNamed(string key, string value)
    {
        var body = Messenger(Item(value, key: key));
        var events = new List<InboundEnvelope>();

        Assert.True(FacebookWebhookParser.TryParse(body, OurAppId, events, out var summary, out var error), error);

        Assert.Empty(events);
        Assert.Equal(1, summary.Ignored);
        Assert.Equal([key], summary.IgnoredKinds!);
        Assert.Equal(1, summary.Entries);
        Assert.Equal("page", summary.Object);
    }

    // ------------------------------------------------------------------ Page feed

    [Fact]
    public void TryParse_FeedCommentAdd_ProducesPublicInboundMessage()
    {
        var body = Fixtures.Read("page-feed-comment-add.json");

        var message = Single<MessageReceived>(body);

        var account = new ChannelAccountId(Page);
        Assert.Equal(new ConversationRef(ChannelId.Facebook, account, new ThreadId("104857392016485_1184739201847563"), ConversationVisibility.Public), message.Conversation);
        Assert.Equal(new Participant(ChannelId.Facebook, account, new NetworkUserId("8172635401928374")) { DisplayName = "Maria Gonzalez" }, message.Customer);
        Assert.Equal("1184739201847563_2039485761029384", message.MessageId.Value);
        Assert.Equal("feed:1184739201847563_2039485761029384:add:1795110000", message.Key.EventId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795110000), message.OccurredAt);
        Assert.Equal(MessageDirection.Inbound, message.Direction);
        Assert.Equal(AuthorKind.Customer, message.Author);
        Assert.Null(message.ReplyTo); // parent_id is the post: a top-level comment
        Assert.Equal(new TextPart("Do you ship to Portugal? Ordered last week and no tracking yet"), Assert.Single(message.Parts));
    }

    [Fact]
    public void TryParse_FeedCommentReply_SetsReplyToTheParentComment()
    {
        var message = Single<MessageReceived>(Fixtures.Read("page-feed-comment-reply.json"));

        Assert.Equal("1184739201847563_2039485761029384", message.ReplyTo?.Value);
        Assert.Equal("104857392016485_1184739201847563", message.Conversation.Thread.Value);
        Assert.Equal("Tom Becker", message.Customer.DisplayName);
    }

    [Fact]
    public void TryParse_FeedCommentEdited_ProducesMessageEdited()
    {
        var edited = Single<MessageEdited>(Fixtures.Read("page-feed-comment-edited.json"));

        Assert.Equal("1184739201847563_2039485761029384", edited.MessageId.Value);
        Assert.Equal("feed:1184739201847563_2039485761029384:edited:1795110240", edited.Key.EventId);
        Assert.Equal(new TextPart("Do you ship to Portugal? Ordered last week (order 48213) and no tracking yet"), Assert.Single(edited.Parts));
    }

    [Theory]
    [InlineData("edit", typeof(MessageEdited))]
    [InlineData("delete", typeof(MessageDeleted))]
    public void TryParse_FeedVerbSynonyms_AreMapped(string verb, Type expected)
    {
        var body = Feed($$"""{"item":"comment","verb":"{{verb}}","comment_id":"1_2","post_id":"P_1","parent_id":"P_1","from":{"id":"42"},"message":"x","created_time":1795110000}""");

        var envelope = Assert.Single(Parse(body));

        Assert.IsType(expected, envelope.Event);
        Assert.Equal($"feed:1_2:{verb}:1795110000", envelope.Event.Key.EventId);
    }

    [Fact]
    public void TryParse_FeedCommentRemove_ProducesMessageDeleted()
    {
        var deleted = Single<MessageDeleted>(Fixtures.Read("page-feed-comment-remove.json"));

        Assert.Equal("1184739201847563_2039485761029384", deleted.MessageId.Value);
        Assert.Equal("feed:1184739201847563_2039485761029384:remove:1795110900", deleted.Key.EventId);
        Assert.Equal("8172635401928374", deleted.Customer.UserKey.Value);
    }

    [Fact]
    public void TryParse_FeedCommentByPage_IsOutboundAgentEcho()
    {
        var message = Single<MessageReceived>(Fixtures.Read("page-feed-comment-by-page.json"));

        Assert.Equal(MessageDirection.Outbound, message.Direction);
        Assert.Equal(AuthorKind.Agent, message.Author);
        Assert.Equal(Page, message.Customer.UserKey.Value); // the Page itself wrote it
        Assert.Equal("1184739201847563_2039485761029384", message.ReplyTo?.Value);
    }

    [Fact]
    public void TryParse_FeedVisitorPost_ProducesMessageKeyedByThePost()
    {
        var message = Single<MessageReceived>(Fixtures.Read("page-feed-post-add.json"));

        Assert.Equal("104857392016485_1184739201990011", message.MessageId.Value);
        Assert.Equal("104857392016485_1184739201990011", message.Conversation.Thread.Value);
        Assert.Equal(ConversationVisibility.Public, message.Conversation.Visibility);
        Assert.Equal("feed:104857392016485_1184739201990011:add:1795111200", message.Key.EventId);
        Assert.Equal(new TextPart("Visitor post: my kettle arrived broken, please help"), Assert.Single(message.Parts));
        Assert.Equal(MessageDirection.Inbound, message.Direction);
        Assert.Null(message.ReplyTo);
    }

    [Fact]
    public void TryParse_FeedPhotoPost_HasImagePart()
    {
        var body = Feed("""{"item":"photo","verb":"add","post_id":"P_9","photo_id":"9","link":"https://scontent.example.com/p.jpg","from":{"id":"42","name":"Ann"},"created_time":1795110000}""");

        var part = Assert.IsType<MediaPart>(Assert.Single(Single<MessageReceived>(body).Parts));

        Assert.Equal(MediaKind.Image, part.MediaKind);
        Assert.Equal(new Uri("https://scontent.example.com/p.jpg"), part.Url);
    }

    [Fact]
    public void TryParse_FeedPhotoComment_HasTextThenImage()
    {
        var body = Feed("""{"item":"comment","verb":"add","comment_id":"1_2","post_id":"P_1","parent_id":"P_1","from":{"id":"42"},"message":"broken","photo":"https://scontent.example.com/c.jpg","created_time":1795110000}""");

        var parts = Single<MessageReceived>(body).Parts;

        Assert.Equal(new TextPart("broken"), parts[0]);
        Assert.Equal(MediaKind.Image, Assert.IsType<MediaPart>(parts[1]).MediaKind);
        Assert.Equal(2, parts.Count);
    }

    [Fact]
    public void TryParse_FeedCommentWithoutContent_HasUnsupportedPart()
    {
        var body = Feed("""{"item":"comment","verb":"add","comment_id":"1_2","post_id":"P_1","from":{"id":"42"},"created_time":1795110000}""");

        Assert.Equal(new UnsupportedPart("comment"), Assert.Single(Single<MessageReceived>(body).Parts));
    }

    [Fact]
    public void TryParse_FeedLegacySender_IsAccepted()
    {
        var body = Feed("""{"item":"comment","verb":"add","comment_id":"1_2","post_id":"P_1","sender_id":"42","sender_name":"Old Client","message":"x","created_time":1795110000}""");

        var message = Single<MessageReceived>(body);

        Assert.Equal("42", message.Customer.UserKey.Value);
        Assert.Equal("Old Client", message.Customer.DisplayName);
    }

    [Fact]
    public void TryParse_FeedWithoutCreatedTime_UsesEntryTimeInSeconds()
    {
        var body = Feed("""{"item":"comment","verb":"add","comment_id":"1_2","post_id":"P_1","from":{"id":"42"},"message":"x"}""");

        var message = Single<MessageReceived>(body);

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795110003), message.OccurredAt);
        Assert.Equal("feed:1_2:add:1795110003", message.Key.EventId);
    }

    [Theory]
    [InlineData("""{"item":"status","verb":"add","post_id":"P_1","from":{"id":"104857392016485"},"message":"Our news","created_time":1795110000}""", "feed:own-post")]
    [InlineData("""{"item":"comment","verb":"hide","comment_id":"1_2","post_id":"P_1","from":{"id":"42"},"created_time":1795110000}""", "feed:comment:hide")]
    [InlineData("""{"item":"reaction","verb":"add","reaction_type":"love","post_id":"P_1","from":{"id":"42"},"created_time":1795110000}""", "feed:reaction")]
    [InlineData("""{"item":"like","verb":"add","post_id":"P_1","from":{"id":"42"},"created_time":1795110000}""", "feed:like")]
    [InlineData("""{"item":"comment","verb":"add","comment_id":"1_2","post_id":"P_1","message":"who?","created_time":1795110000}""", "feed:no-author")]
    [InlineData("""{"item":"status","verb":"hide","post_id":"P_1","from":{"id":"42"},"created_time":1795110000}""", "feed:status:hide")]
    public void TryParse_FeedItemNotSurfaced_IsSkippedAndNamed(string value, string kind)
    {
        var events = new List<InboundEnvelope>();

        Assert.True(FacebookWebhookParser.TryParse(Feed(value), OurAppId, events, out var summary, out var error), error);

        Assert.Empty(events);
        Assert.Equal(1, summary.Ignored);
        Assert.Equal([kind], summary.IgnoredKinds!);
    }

    [Fact]
    public void TryParse_OtherChangeField_IsSkippedAndNamed()
    {
        var body = Feed("""{"post_id":"P_1","mention_id":"9","verb":"add"}""", field: "mention");
        var events = new List<InboundEnvelope>();

        Assert.True(FacebookWebhookParser.TryParse(body, OurAppId, events, out var summary, out var error), error);

        Assert.Empty(events);
        Assert.Equal(["field:mention"], summary.IgnoredKinds!);
    }

    [Fact]
    public void TryParse_OtherChangeFieldAfterItsValue_IsSkippedAndNamed()
    {
        // "value" is read before "field" says what it is: a comment-shaped value under another field is still dropped.
        var body = $$"""
            {"object":"page","entry":[{"id":"{{Page}}","time":1795110003,"changes":[
              {"value":{"item":"comment","verb":"add","comment_id":"1_2","post_id":"P_1","from":{"id":"42"},"message":"x","created_time":1795110000},"field":"group_feed"}]}]}
            """;
        var events = new List<InboundEnvelope>();

        Assert.True(FacebookWebhookParser.TryParse(Encoding.UTF8.GetBytes(body), OurAppId, events, out var summary, out var error), error);

        Assert.Empty(events);
        Assert.Equal(1, summary.Ignored);
        Assert.Equal(["field:group_feed"], summary.IgnoredKinds!);
    }

    // ------------------------------------------------------------------ batching, objects, summary

    [Fact]
    public void TryParse_SeveralEntriesAndItems_KeepsOrderAndAccounts()
    {
        var body = Fixtures.Read("messenger-batch-multiple-entries.json");
        var events = new List<InboundEnvelope>();

        Assert.True(FacebookWebhookParser.TryParse(body, OurAppId, events, out var summary, out var error), error);

        Assert.Equal(2, summary.Entries);
        Assert.Equal(0, summary.Ignored);
        Assert.Null(summary.IgnoredKinds);
        Assert.Equal(
            ["One more thing", "can I change the delivery date?", "Hello second page"],
            events.Select(e => ((TextPart)((MessageReceived)e.Event).Parts[0]).Text));
        Assert.Equal([Page, Page, "100928374651029"], events.Select(e => e.Event.Key.Account.Value));
        Assert.Equal(["6241839201847562", "6241839201847562", "5520193847561029"], events.Select(e => e.Event.Customer.UserKey.Value));
    }

    [Fact]
    public void TryParse_MessagingStandbyAndChangesInOneBody_AreAllRead()
    {
        var body = Encoding.UTF8.GetBytes($$$"""
            {"object":"page","entry":[
              {"id":"{{{Page}}}","time":1795097141412,
               "messaging":[{{{Item("""{"mid":"m_1","text":"a"}""")}}},{{{Item("""{"watermark":1795097140000}""", key: "read")}}}],
               "standby":[{{{Item("""{"mid":"m_2","text":"b"}""")}}}]},
              {"id":"200","time":1795110003,
               "changes":[{"field":"feed","value":{"item":"reaction","verb":"add","post_id":"200_1","from":{"id":"42"} } },
                          {"field":"feed","value":{"item":"comment","verb":"add","comment_id":"1_2","post_id":"200_1","from":{"id":"42"},"message":"c","created_time":1795110000} } ] } ] }
            """);
        var events = new List<InboundEnvelope>();

        Assert.True(FacebookWebhookParser.TryParse(body, OurAppId, events, out var summary, out var error), error);

        Assert.Collection(
            events.Select(e => e.Event),
            e => Assert.False(Assert.IsType<MessageReceived>(e).Standby),
            e => Assert.Equal(DeliveryStatus.Read, Assert.IsType<DeliveryStatusChanged>(e).Status),
            e => Assert.True(Assert.IsType<MessageReceived>(e).Standby),
            e => Assert.Equal("200", Assert.IsType<MessageReceived>(e).Key.Account.Value));
        Assert.Equal(2, summary.Entries);
        Assert.Equal(1, summary.Ignored);
        Assert.Equal(["feed:reaction"], summary.IgnoredKinds!);
    }

    [Fact]
    public void TryParse_UnknownObject_ReturnsTrueWithoutEvents()
    {
        var body = """{"object":"instagram","entry":[{"id":"1784","time":1795097141412,"messaging":[{"sender":{"id":"1"},"recipient":{"id":"1784"},"timestamp":1795097141000,"message":{"mid":"m","text":"hi"}}]}]}"""u8.ToArray();
        var events = new List<InboundEnvelope>();

        Assert.True(FacebookWebhookParser.TryParse(body, OurAppId, events, out var summary, out var error));

        Assert.Null(error);
        Assert.Empty(events);
        Assert.Equal("instagram", summary.Object);
        Assert.Equal(1, summary.Entries);
        Assert.Equal(1, summary.Ignored);
        Assert.Equal(["object:instagram"], summary.IgnoredKinds!);
    }

    [Fact]
    public void TryParse_UnknownObjectAfterEntry_ReturnsTrueWithoutEvents()
    {
        var body = """{"entry":[{"id":"1784","changes":[{"field":"messages","value":{"messages":[{"id":"wamid.x"}]}}]}],"object":"whatsapp_business_account"}"""u8.ToArray();
        var events = new List<InboundEnvelope>();

        Assert.True(FacebookWebhookParser.TryParse(body, OurAppId, events, out var summary, out var error), error);

        Assert.Empty(events);
        Assert.Equal("whatsapp_business_account", summary.Object);
    }

    [Fact]
    public void TryParse_WhatsAppFixture_ReturnsTrueWithoutEvents()
    {
        var body = Fixtures.Read("whatsapp-batch-multiple-entries.json");
        using var fixture = JsonDocument.Parse(body);
        var entries = fixture.RootElement.GetProperty("entry").GetArrayLength();
        var events = new List<InboundEnvelope>();

        Assert.True(FacebookWebhookParser.TryParse(body, OurAppId, events, out var summary, out var error), error);

        Assert.Empty(events);
        Assert.Equal("whatsapp_business_account", summary.Object);
        Assert.Equal(entries, summary.Entries);
        Assert.Equal(entries, summary.Ignored);
    }

    [Fact]
    public void TryParse_ManyUnknownKinds_NamesAtMostSixteen()
    {
        var items = string.Join(",", Enumerable.Range(0, 20).Select(i => Item("{}", key: "unknown_" + i.ToString(CultureInfo.InvariantCulture))));
        var events = new List<InboundEnvelope>();

        Assert.True(FacebookWebhookParser.TryParse(Messenger(items), OurAppId, events, out var summary, out var error), error);

        Assert.Equal(20, summary.Ignored);
        Assert.Equal(FacebookWebhookParser.MaxIgnoredKinds, summary.IgnoredKinds!.Count);
    }

    [Fact]
    public void TryParse_EmptyEntryList_ReturnsTrue()
    {
        var events = new List<InboundEnvelope>();

        Assert.True(FacebookWebhookParser.TryParse("""{"object":"page","entry":[]}"""u8.ToArray(), null, events, out var summary, out var error), error);

        Assert.Empty(events);
        Assert.Equal(0, summary.Entries);
    }

    // ------------------------------------------------------------------ refused bodies

    [Theory]
    [InlineData("", "body")]
    [InlineData("{\"object\":\"page\",\"entry\":[{\"id\":\"1\",}]}", "JSON")]
    [InlineData("{\"object\":\"page\",\"entry\":[{\"id\":\"1\"}]} x", "JSON")]
    [InlineData("{\"object\":\"page\" \"entry\":[]}", "JSON")]
    [InlineData("[{\"object\":\"page\"}]", "JSON object")]
    [InlineData("{\"object\":\"page\",\"entry\":{\"id\":\"1\"}}", "\"entry\" is not an array")]
    [InlineData("{\"object\":\"page\",\"entry\":[\"x\"]}", "\"entry\" item")]
    [InlineData("{\"object\":\"page\",\"entry\":[{\"id\":\"1\",\"messaging\":{}}]}", "\"messaging\" is not an array")]
    [InlineData("{\"object\":\"page\",\"entry\":[{\"id\":\"1\",\"changes\":[1]}]}", "\"changes\" item")]
    [InlineData("{\"object\":7,\"entry\":[]}", "\"object\"")]
    [InlineData("{\"entry\":[]}", "\"object\" is missing")]
    public void TryParse_RefusedBody_ReturnsFalseWithError(string json, string errorPart)
    {
        var events = new List<InboundEnvelope>();

        Assert.False(FacebookWebhookParser.TryParse(Encoding.UTF8.GetBytes(json), OurAppId, events, out _, out var error));

        Assert.NotNull(error);
        Assert.Contains(errorPart, error, StringComparison.Ordinal);
        Assert.Empty(events);
    }

    [Fact]
    public void TryParse_TruncatedBody_ReturnsFalseAtEveryLength()
    {
        var body = Fixtures.Read("messenger-attachment-multiple.json").AsMemory().TrimEnd("\n\r "u8);

        for (var length = 0; length < body.Length; length++)
        {
            var events = new List<InboundEnvelope>();
            var ok = FacebookWebhookParser.TryParse(body[..length], OurAppId, events, out _, out var error);

            Assert.False(ok, $"a body cut at {length} bytes was accepted");
            Assert.NotNull(error);
            Assert.Empty(events);
        }
    }

    [Fact]
    public void TryParse_RefusedBody_KeepsEarlierEventsAndNamesNoContent()
    {
        // The second item's array is broken after a message was read: the message must not leak into the list.
        var body = Encoding.UTF8.GetBytes($$$"""{"object":"page","entry":[{"id":"{{{Page}}}","messaging":[{{{Item("""{"mid":"m_1","text":"secret text"}""")}}}]},{"id":"{{{Page}}}","messaging":{"x":1}}]}""");
        var earlier = new InboundEnvelope(new MessageDeleted(
            new IdempotencyKey(ChannelId.Facebook, new ChannelAccountId(Page), "e"),
            new ConversationRef(ChannelId.Facebook, new ChannelAccountId(Page), new ThreadId("t"), ConversationVisibility.Private),
            new Participant(ChannelId.Facebook, new ChannelAccountId(Page), new NetworkUserId("u")),
            DateTimeOffset.UnixEpoch,
            new NetworkMessageId("n")));
        List<InboundEnvelope> events = [earlier];

        Assert.False(FacebookWebhookParser.TryParse(body, OurAppId, events, out _, out var error));

        Assert.Same(earlier, Assert.Single(events));
        Assert.DoesNotContain("secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_MalformedJsonError_NamesNoContent()
    {
        var body = "{\"object\":\"page\",\"entry\":[{\"messaging\":[{\"message\":{\"text\":\"my secret\" oops}}]}]}"u8.ToArray();

        Assert.False(FacebookWebhookParser.TryParse(body, OurAppId, [], out _, out var error));

        Assert.DoesNotContain("secret", error, StringComparison.Ordinal);
        Assert.DoesNotContain("oops", error, StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ Raw

    [Theory]
    [InlineData("messenger-batch-multiple-entries.json")]
    [InlineData("messenger-standby-message.json")]
    [InlineData("page-feed-comment-add.json")]
    [InlineData("messenger-reaction.json")] // literal UTF-8 emoji: byte offsets, not char offsets
    public void TryParse_Raw_IsTheItemsBytesWithinTheBody(string name)
    {
        var body = Fixtures.Read(name);
        using var fixture = JsonDocument.Parse(body);
        var items = Items(fixture);

        var events = Parse(body);

        Assert.Equal(items.Count, events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            Assert.Equal(items[i].GetRawText(), Encoding.UTF8.GetString(events[i].Raw.Span));
            Assert.True(MemoryMarshal.TryGetArray(events[i].Raw, out var segment));
            Assert.Same(body, segment.Array); // a slice of the body, not a copy
        }
    }

    [Fact]
    public void TryParse_DeliveryWithSeveralMids_SharesTheItemsRaw()
    {
        var item = Item("""{"mids":["m_a","m_b"],"watermark":1795097140000}""", key: "delivery");

        var events = Parse(Messenger(item));

        Assert.All(events, e => Assert.Equal(item, Encoding.UTF8.GetString(e.Raw.Span)));
    }

    // ------------------------------------------------------------------ helpers

    private static List<InboundEnvelope> Parse(byte[] body, string? appId = OurAppId)
    {
        var events = new List<InboundEnvelope>();
        var ok = FacebookWebhookParser.TryParse(body, appId, events, out _, out var error);
        Assert.True(ok, error);
        Assert.Null(error);
        return events;
    }

    private static T Single<T>(byte[] body, string? appId = OurAppId)
        where T : InboundEvent => Assert.IsType<T>(Assert.Single(Parse(body, appId)).Event);

    /// <summary>A Page webhook body whose one entry holds the given items.</summary>
    private static byte[] Messenger(string items, string list = "messaging") =>
        Encoding.UTF8.GetBytes($$"""{"object":"page","entry":[{"id":"{{Page}}","time":1795097141412,"{{list}}":[{{items}}]}]}""");

    /// <summary>A messaging item from the customer, with one event key (default <c>message</c>).</summary>
    private static string Item(string eventJson, string key = "message", string timestamp = "1795097141000") =>
        $$$"""{"sender":{"id":"{{{Psid}}}"},"recipient":{"id":"{{{Page}}}"},"timestamp":{{{timestamp}}},"{{{key}}}":{{{eventJson}}}}""";

    /// <summary>An echo item: the Page sends to the customer.</summary>
    private static string Echo(string messageJson) =>
        $$$"""{"sender":{"id":"{{{Page}}}"},"recipient":{"id":"{{{Psid}}}"},"timestamp":1795097141000,"message":{{{messageJson}}}}""";

    private static byte[] Feed(string value, string field = "feed") =>
        Encoding.UTF8.GetBytes($$$"""{"object":"page","entry":[{"id":"{{{Page}}}","time":1795110003,"changes":[{"field":"{{{field}}}","value":{{{value}}}}]}]}""");

    /// <summary>The messaging, standby and changes items of a fixture, in body order (each yields one event there).</summary>
    private static List<JsonElement> Items(JsonDocument fixture)
    {
        var items = new List<JsonElement>();
        foreach (var entry in fixture.RootElement.GetProperty("entry").EnumerateArray())
        {
            foreach (var property in entry.EnumerateObject())
            {
                if (property.Name is "messaging" or "standby" or "changes")
                {
                    items.AddRange(property.Value.EnumerateArray());
                }
            }
        }

        return items;
    }

    /// <summary>Writes the body again with every object's properties in reverse order, or every number as a string.</summary>
    private static byte[] Rewrite(byte[] body, bool reverse, bool numbersAsStrings)
    {
        using var document = JsonDocument.Parse(body);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(document.RootElement, writer);
        }

        return buffer.WrittenSpan.ToArray();

        void Write(JsonElement element, Utf8JsonWriter writer)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    writer.WriteStartObject();
                    var properties = element.EnumerateObject().ToList();
                    if (reverse)
                    {
                        properties.Reverse();
                    }

                    foreach (var property in properties)
                    {
                        writer.WritePropertyName(property.Name);
                        Write(property.Value, writer);
                    }

                    writer.WriteEndObject();
                    break;
                case JsonValueKind.Array:
                    writer.WriteStartArray();
                    foreach (var item in element.EnumerateArray())
                    {
                        Write(item, writer);
                    }

                    writer.WriteEndArray();
                    break;
                case JsonValueKind.Number when numbersAsStrings:
                    writer.WriteStringValue(element.GetRawText());
                    break;
                default:
                    element.WriteTo(writer);
                    break;
            }
        }
    }
}
