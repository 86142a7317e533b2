using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using SocialCare.Abstractions;

namespace SocialCare.Channels.WhatsApp.Tests.Wire;

public class WhatsAppWebhookParserTests
{
    private const string PhoneNumberId = Fixtures.PhoneNumberId;
    private const string OtherPhoneNumberId = "120394857610293"; // the second number of the batch fixture
    private const string OliverPhone = "447700900123";
    private const string OliverBsuid = "GB.1839201746502938";
    private const string BeatrizPhone = "5511987650043";
    private const string BeatrizBsuid = "BR.7734019283746512";
    private const long Timestamp = 1795199400;

    private static readonly ChannelAccountId Account = new(PhoneNumberId);

    // ------------------------------------------------------------------ reference normalisation (_expected.json)

    public static TheoryData<string> WhatsAppFixtures() => new(Fixtures.Names("whatsapp-*.json"));

    [Fact]
    public void TryParse_ExpectedFile_CoversEveryWhatsAppFixture()
    {
        using var expected = JsonDocument.Parse(Fixtures.Read("_expected.json"));
        var listed = expected.RootElement.GetProperty("files").EnumerateObject()
            .Select(p => p.Name)
            .Where(n => n.StartsWith("whatsapp-", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        Assert.Equal(listed, Fixtures.Names("whatsapp-*.json"));
    }

    [Theory]
    [MemberData(nameof(WhatsAppFixtures))]
    public void TryParse_Fixture_MatchesReferenceNormalisation(string name)
    {
        using var expectedDocument = JsonDocument.Parse(Fixtures.Read("_expected.json"));
        var expected = expectedDocument.RootElement.GetProperty("files").GetProperty(name).EnumerateArray().ToList();
        var body = Fixtures.Read(name);
        var contactUserIds = ContactUserIds(body);

        var events = Parse(body, out var summary);

        Assert.Equal("whatsapp_business_account", summary.Object);
        Assert.Equal(0, summary.Ignored);
        Assert.Null(summary.IgnoredKinds);
        var expectedEvents = expected.Where(e => e.GetProperty("kind").GetString() != "value_error").ToList();
        var expectedValueErrors = expected.Where(e => e.GetProperty("kind").GetString() == "value_error").ToList();
        Assert.Equal(expectedEvents.Count, events.Count);
        for (var i = 0; i < expectedEvents.Count; i++)
        {
            CheckAgainstReference(expectedEvents[i], events[i].Event, contactUserIds);
        }

        Assert.Equal(expectedValueErrors.Count, summary.ValueErrors?.Count ?? 0);
        for (var i = 0; i < expectedValueErrors.Count; i++)
        {
            var (phoneNumberId, code, _) = summary.ValueErrors![i];
            Assert.Equal(expectedValueErrors[i].GetProperty("phone_number_id").GetString(), phoneNumberId);
            Assert.Equal(expectedValueErrors[i].GetProperty("code").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), code);
        }
    }

    private static void CheckAgainstReference(JsonElement expected, InboundEvent actual, Dictionary<string, string> contactUserIds)
    {
        Assert.Equal("whatsapp", expected.GetProperty("channel").GetString());
        var phoneNumberId = expected.GetProperty("phone_number_id").GetString();
        Assert.Equal(ChannelId.WhatsApp, actual.Key.Channel);
        Assert.Equal(ChannelId.WhatsApp, actual.Conversation.Channel);
        Assert.Equal(ChannelId.WhatsApp, actual.Customer.Channel);
        Assert.Equal(phoneNumberId, actual.Key.Account.Value);
        Assert.Equal(phoneNumberId, actual.Conversation.Account.Value);
        Assert.Equal(phoneNumberId, actual.Customer.Account.Value);
        Assert.Equal(ConversationVisibility.Private, actual.Conversation.Visibility);
        Assert.Equal(actual.Customer.UserKey.Value, actual.Conversation.Thread.Value);
        Assert.Equal(expected.GetProperty("timestamp_s").GetInt64(), actual.OccurredAt.ToUnixTimeSeconds());

        var kind = expected.GetProperty("kind").GetString()!;
        var id = expected.GetProperty("id").GetString();
        if (kind.StartsWith("status.", StringComparison.Ordinal))
        {
            var status = Assert.IsType<DeliveryStatusChanged>(actual);
            var statusName = kind["status.".Length..];
            Assert.Equal($"{id}:{statusName}", status.Key.EventId);
            Assert.Equal(id, status.MessageId?.Value);
            Assert.Equal(
                statusName switch
                {
                    "sent" => DeliveryStatus.Sent,
                    "delivered" => DeliveryStatus.Delivered,
                    "read" or "played" => DeliveryStatus.Read,
                    "failed" => DeliveryStatus.Failed,
                    _ => throw new InvalidOperationException($"status {statusName} is not mapped by this test"),
                },
                status.Status);
            var recipientId = expected.GetProperty("recipient_id").GetString();
            var recipientUserId = expected.GetProperty("recipient_user_id").GetString();
            Assert.Equal(recipientId, status.Customer.Phone);
            Assert.Equal(recipientUserId ?? recipientId, status.Customer.UserKey.Value);
            var codes = expected.GetProperty("error_codes").EnumerateArray().Select(c => c.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            if (codes.Count == 0)
            {
                Assert.Null(status.Failure);
            }
            else
            {
                Assert.Equal(codes[0], status.Failure?.Code);
            }

            return;
        }

        Assert.StartsWith("message.", kind, StringComparison.Ordinal);
        Assert.Equal(id, actual.Key.EventId);

        // The reference gives the raw sender; the parser keys the customer by the business-scoped id when known, which
        // for a phone sender comes from the contact joined on wa_id.
        var from = expected.GetProperty("from").GetString();
        var fromUserId = expected.GetProperty("from_user_id").GetString();
        Assert.Equal(from, actual.Customer.Phone);
        var expectedKey = fromUserId ?? (from is not null && contactUserIds.TryGetValue(from, out var joined) ? joined : from);
        Assert.Equal(expectedKey, actual.Customer.UserKey.Value);

        switch (kind)
        {
            case "message.reaction":
                Assert.IsType<ReactionChanged>(actual);
                return;
            case "message.system":
            {
                var changed = Assert.IsType<IdentityChanged>(actual);
                Assert.NotEqual(changed.Customer.UserKey, changed.NewIdentity.UserKey);
                return;
            }
        }

        var message = Assert.IsType<MessageReceived>(actual);
        Assert.Equal(id, message.MessageId.Value);
        Assert.Equal(MessageDirection.Inbound, message.Direction);
        Assert.Equal(AuthorKind.Customer, message.Author);
        var part = Assert.Single(message.Parts);
        switch (kind)
        {
            case "message.text":
                Assert.IsType<TextPart>(part);
                break;
            case "message.image":
                Assert.Equal(MediaKind.Image, Assert.IsType<MediaPart>(part).MediaKind);
                break;
            case "message.video":
                Assert.Equal(MediaKind.Video, Assert.IsType<MediaPart>(part).MediaKind);
                break;
            case "message.audio":
                Assert.Equal(MediaKind.Audio, Assert.IsType<MediaPart>(part).MediaKind);
                break;
            case "message.document":
                Assert.Equal(MediaKind.Document, Assert.IsType<MediaPart>(part).MediaKind);
                break;
            case "message.sticker":
                Assert.Equal(MediaKind.Sticker, Assert.IsType<MediaPart>(part).MediaKind);
                break;
            case "message.location":
                Assert.IsType<LocationPart>(part);
                break;
            case "message.contacts":
                Assert.IsType<ContactPart>(part);
                break;
            case "message.interactive":
                Assert.Contains(Assert.IsType<ChoicePart>(part).ChoiceKind, new[] { ChoiceKind.Button, ChoiceKind.ListItem });
                break;
            case "message.button":
                Assert.Equal(ChoiceKind.QuickReply, Assert.IsType<ChoicePart>(part).ChoiceKind);
                break;
            case "message.unsupported":
                Assert.IsType<UnsupportedPart>(part);
                break;
            default:
                Assert.Fail($"kind {kind} is not mapped by this test");
                break;
        }
    }

    /// <summary>Every <c>value.contacts[]</c> of a fixture: wa_id → user_id.</summary>
    private static Dictionary<string, string> ContactUserIds(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in document.RootElement.GetProperty("entry").EnumerateArray())
        {
            foreach (var change in entry.GetProperty("changes").EnumerateArray())
            {
                if (change.GetProperty("value").TryGetProperty("contacts", out var contacts))
                {
                    foreach (var contact in contacts.EnumerateArray())
                    {
                        if (contact.TryGetProperty("wa_id", out var waId) && contact.TryGetProperty("user_id", out var userId))
                        {
                            map[waId.GetString()!] = userId.GetString()!;
                        }
                    }
                }
            }
        }

        return map;
    }

    // ------------------------------------------------------------------ same events whatever the order or number form

    public static TheoryData<string, string> RewrittenFixtures()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Fixtures.Names("whatsapp-*.json"))
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
        // Reversed, a fixture has "field" before "value" (or after, for the batch), metadata and contacts after the
        // messages, "type" after the content, "object" after "entry".
        var body = Fixtures.Read(name);
        var rewritten = Rewrite(body, reverse: rewrite == "reversed", numbersAsStrings: rewrite == "numbers-as-strings");

        var expected = Parse(body, out var expectedSummary).Select(e => SocialCareJson.Serialize(e.Event));
        var actual = Parse(rewritten, out var actualSummary).Select(e => SocialCareJson.Serialize(e.Event));

        Assert.Equal(expected, actual);
        Assert.Equal(expectedSummary.ValueErrors, actualSummary.ValueErrors);
        Assert.Equal(expectedSummary.Ignored, actualSummary.Ignored);
    }

    // ------------------------------------------------------------------ messages: the fixtures in detail

    [Fact]
    public void TryParse_Text_ProducesInboundCustomerMessageKeyedByTheJoinedBusinessScopedId()
    {
        var envelope = Assert.Single(Parse(Fixtures.Read("whatsapp-text.json")));
        var message = Assert.IsType<MessageReceived>(envelope.Event);

        const string Wamid = "wamid.HBgMNDQ3NzAwOTAwMTIzFQIAEhgUMDU4ODA1QkU5Q0VEQTMzQzE2Q0EA";
        var customer = new Participant(ChannelId.WhatsApp, Account, new NetworkUserId(OliverBsuid))
        {
            Phone = OliverPhone,
            DisplayName = "Oliver Hughes",
        };
        Assert.Equal(new IdempotencyKey(ChannelId.WhatsApp, Account, Wamid), message.Key);
        Assert.Equal(customer, message.Customer);
        Assert.Equal(new ConversationRef(ChannelId.WhatsApp, Account, new ThreadId(OliverBsuid), ConversationVisibility.Private), message.Conversation);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Timestamp), message.OccurredAt);
        Assert.Equal(new NetworkMessageId(Wamid), message.MessageId);
        Assert.Equal(new TextPart("Hello, I need to change the delivery address for order 48213"), Assert.Single(message.Parts));
        Assert.Null(message.ReplyTo);
        Assert.Null(message.Referral);
        Assert.Null(message.LocalId);
        Assert.False(message.Standby);
    }

    [Fact]
    public void TryParse_Image_KeepsIdMimeHashCaptionAndUrl()
    {
        var part = Assert.IsType<MediaPart>(Assert.Single(Single<MessageReceived>(Fixtures.Read("whatsapp-image.json")).Parts));

        Assert.Equal(MediaKind.Image, part.MediaKind);
        Assert.Equal("1827364509182736", part.NetworkMediaId);
        Assert.Equal("image/jpeg", part.MimeType);
        Assert.Equal("tt/d5X7+vH+rfKEO54zINGTG5kxjNk7pa8rEACJl0Zc=", part.Sha256);
        Assert.Equal("This is how it arrived", part.Caption);
        Assert.Equal(
            new Uri("https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1827364509182736&source=webhook&ext=1795203030&hash=ARk2vLq9Xm1TzP0aBcD3eF"),
            part.Url);
        Assert.Null(part.FileName);
        Assert.False(part.IsVoice);
    }

    [Fact]
    public void TryParse_AudioVoiceNote_IsVoice()
    {
        var part = Assert.IsType<MediaPart>(Assert.Single(Single<MessageReceived>(Fixtures.Read("whatsapp-audio-voice.json")).Parts));

        Assert.Equal(MediaKind.Audio, part.MediaKind);
        Assert.True(part.IsVoice);
        Assert.Equal("audio/ogg; codecs=opus", part.MimeType);
        Assert.Equal("3019283746501928", part.NetworkMediaId);
        Assert.Null(part.Url);
    }

    [Fact]
    public void TryParse_Document_KeepsFileNameAndCaption()
    {
        var part = Assert.IsType<MediaPart>(Assert.Single(Single<MessageReceived>(Fixtures.Read("whatsapp-document.json")).Parts));

        Assert.Equal(MediaKind.Document, part.MediaKind);
        Assert.Equal("invoice-48213.pdf", part.FileName);
        Assert.Equal("Invoice", part.Caption);
        Assert.Equal("application/pdf", part.MimeType);
        Assert.Equal("2918374650192837", part.NetworkMediaId);
    }

    [Theory]
    [InlineData("video", MediaKind.Video)]
    [InlineData("sticker", MediaKind.Sticker)]
    public void TryParse_VideoAndSticker_AreMedia(string type, MediaKind kind)
    {
        var body = Messages(Message($$"""
            "type":"{{type}}","{{type}}":{"id":"55501","mime_type":"x/y","sha256":"abc=","animated":false,"file_size":"2048","url":"/relative/only"}
            """));

        var part = Assert.IsType<MediaPart>(Assert.Single(Single<MessageReceived>(body).Parts));

        Assert.Equal(kind, part.MediaKind);
        Assert.Equal("55501", part.NetworkMediaId);
        Assert.Equal(2048, part.Size);
        Assert.Null(part.Url); // only absolute addresses are kept
    }

    [Fact]
    public void TryParse_MediaWithoutIdOrUrl_IsUnsupported()
    {
        var body = Messages(Message("""
            "type":"image","image":{"mime_type":"image/jpeg"}
            """));

        var part = Assert.IsType<UnsupportedPart>(Assert.Single(Single<MessageReceived>(body).Parts));

        Assert.Equal("image", part.RawType);
        Assert.NotNull(part.Description);
    }

    [Fact]
    public void TryParse_Location_KeepsCoordinatesNameAddressAndUrl()
    {
        var part = Assert.IsType<LocationPart>(Assert.Single(Single<MessageReceived>(Fixtures.Read("whatsapp-location.json")).Parts));

        Assert.Equal(51.5080298, part.Latitude);
        Assert.Equal(-0.1280607, part.Longitude);
        Assert.Equal("Trafalgar Square", part.Name);
        Assert.Equal("Trafalgar Sq, London WC2N 5DN, United Kingdom", part.Address);
        Assert.Equal(new Uri("https://maps.google.com/?cid=4827364501928374650"), part.Url);
    }

    [Fact]
    public void TryParse_LocationWithStringCoordinates_IsAccepted()
    {
        var body = Messages(Message("""
            "type":"location","location":{"latitude":"-23.5613","longitude":"-46.6565","name":"Paulista"}
            """));

        var part = Assert.IsType<LocationPart>(Assert.Single(Single<MessageReceived>(body).Parts));

        Assert.Equal(-23.5613, part.Latitude);
        Assert.Equal(-46.6565, part.Longitude);
        Assert.Equal("Paulista", part.Name);
        Assert.Null(part.Address);
        Assert.Null(part.Url);
    }

    [Theory]
    [InlineData("""{"latitude":"north","longitude":"-46.6565"}""")]
    [InlineData("""{"longitude":-46.6565}""")]
    [InlineData("""{"latitude":123.0,"longitude":10}""")]
    [InlineData("""{"latitude":true,"longitude":{"x":1}}""")]
    public void TryParse_LocationWithInvalidCoordinates_IsUnsupportedWithDescription(string location)
    {
        var body = Messages(Message($$""" "type":"location","location":{{location}}"""));

        var part = Assert.IsType<UnsupportedPart>(Assert.Single(Single<MessageReceived>(body).Parts));

        Assert.Equal("location", part.RawType);
        Assert.False(string.IsNullOrEmpty(part.Description));
    }

    [Fact]
    public void TryParse_Contacts_ProducesContactCard()
    {
        var part = Assert.IsType<ContactPart>(Assert.Single(Single<MessageReceived>(Fixtures.Read("whatsapp-contacts.json")).Parts));

        Assert.Equal("Priya Raman", part.FormattedName);
        Assert.Equal("Priya", part.FirstName);
        Assert.Equal("Raman", part.LastName);
        Assert.Equal("Raman Logistics Ltd", part.Organization);
        var phone = Assert.Single(part.Phones);
        Assert.Equal(new ContactPhone("+44 7700 900456") { Type = "CELL", WhatsAppId = new NetworkUserId("447700900456") }, phone);
        Assert.Equal(["priya.raman@example.org"], part.Emails);
    }

    [Fact]
    public void TryParse_SeveralContactCards_GiveOnePartEach()
    {
        var body = Messages(Message("""
            "type":"contacts","contacts":[
              {"name":{"first_name":"Ana","last_name":"Souza"},"phones":[{"phone":"+55 11 5555-0101"},{"wa_id":"551155550102"}]},
              {"name":{"formatted_name":"Bob"},"emails":[{"email":"bob@example.org"},"b@example.org"]}]
            """));

        var parts = Single<MessageReceived>(body).Parts;

        Assert.Collection(
            parts,
            p =>
            {
                var card = Assert.IsType<ContactPart>(p);
                Assert.Equal("Ana Souza", card.FormattedName);
                Assert.Equal(["+55 11 5555-0101", "551155550102"], card.Phones.Select(x => x.Number));
                Assert.Null(card.Phones[0].WhatsAppId);
                Assert.Equal("551155550102", card.Phones[1].WhatsAppId?.Value);
                Assert.Empty(card.Emails);
            },
            p =>
            {
                var card = Assert.IsType<ContactPart>(p);
                Assert.Equal("Bob", card.FormattedName);
                Assert.Empty(card.Phones);
                Assert.Equal(["bob@example.org", "b@example.org"], card.Emails);
            });
    }

    [Fact]
    public void TryParse_InteractiveButtonReply_IsButtonChoiceReplyingToTheBrandsMessage()
    {
        var message = Single<MessageReceived>(Fixtures.Read("whatsapp-interactive-button-reply.json"));

        Assert.Equal(new ChoicePart(ChoiceKind.Button, "Yes, confirm", "confirm_address"), Assert.Single(message.Parts));
        Assert.Equal("wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgURTI3NDY4NUVCNjIzNzMzMTMwMTkA", message.ReplyTo?.Value);
    }

    [Fact]
    public void TryParse_InteractiveListReply_IsListItemWithDescription()
    {
        var message = Single<MessageReceived>(Fixtures.Read("whatsapp-interactive-list-reply.json"));

        Assert.Equal(
            new ChoicePart(ChoiceKind.ListItem, "Sat 21 Nov, 8-12", "slot_2026_11_21_am") { Description = "Morning delivery window" },
            Assert.Single(message.Parts));
        Assert.Equal("wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgUNzYwQjlEMDhDRTFENURBRDg0QjUA", message.ReplyTo?.Value);
    }

    [Theory]
    [InlineData("""{"type":"nfm_reply","nfm_reply":{"name":"flow","body":"Sent","response_json":"{\"address\":\"secret\"}"}}""", "interactive.nfm_reply", "Sent")]
    [InlineData("""{"type":"call_permission_reply","call_permission_reply":{"response":"accept"}}""", "interactive.call_permission_reply", null)]
    [InlineData("""{"button_reply":null}""", "interactive", null)]
    public void TryParse_OtherInteractiveTypes_AreUnsupported(string interactive, string rawType, string? description)
    {
        var body = Messages(Message($$""" "type":"interactive","interactive":{{interactive}}"""));

        var part = Assert.IsType<UnsupportedPart>(Assert.Single(Single<MessageReceived>(body).Parts));

        Assert.Equal(rawType, part.RawType);
        Assert.Equal(description, part.Description);
    }

    [Fact]
    public void TryParse_InteractiveReplyBeforeItsType_IsRead()
    {
        var body = Messages(Message("""
            "interactive":{"list_reply":{"title":"B","id":"b"},"type":"list_reply"},"type":"interactive"
            """));

        Assert.Equal(new ChoicePart(ChoiceKind.ListItem, "B", "b"), Assert.Single(Single<MessageReceived>(body).Parts));
    }

    [Fact]
    public void TryParse_TemplateQuickReplyButton_IsQuickReplyChoice()
    {
        var message = Single<MessageReceived>(Fixtures.Read("whatsapp-button-template-quick-reply.json"));

        Assert.Equal(new ChoicePart(ChoiceKind.QuickReply, "Talk to an agent", "TALK_TO_AGENT"), Assert.Single(message.Parts));
        Assert.Equal("wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgUOEQ3MzU0MzI0RkY3MTgwMDE0MkMA", message.ReplyTo?.Value);
    }

    [Fact]
    public void TryParse_Reaction_IsReactionChanged()
    {
        var envelope = Assert.Single(Parse(Fixtures.Read("whatsapp-reaction.json")));
        var reaction = Assert.IsType<ReactionChanged>(envelope.Event);

        Assert.Equal("wamid.HBgMNDQ3NzAwOTAwMTIzFQIAEhgUQ0ZDMEM0NUI0OUE3REIxQzQ1MDQA", reaction.Key.EventId);
        Assert.Equal(OliverBsuid, reaction.Customer.UserKey.Value);
        Assert.Equal(
            new ReactionPart("👍", new NetworkMessageId("wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgURTI3NDY4NUVCNjIzNzMzMTMwMTkA")),
            reaction.Reaction);
        Assert.False(reaction.Reaction.Removed);
    }

    [Theory]
    [InlineData("""{"message_id":"wamid.TARGET","emoji":""}""")]
    [InlineData("""{"message_id":"wamid.TARGET"}""")]
    public void TryParse_ReactionWithoutEmoji_IsRemoved(string reactionJson)
    {
        var body = Messages(Message($$""" "type":"reaction","reaction":{{reactionJson}}"""));

        var reaction = Single<ReactionChanged>(body);

        Assert.Equal(new ReactionPart(string.Empty, new NetworkMessageId("wamid.TARGET")) { Removed = true }, reaction.Reaction);
    }

    [Fact]
    public void TryParse_ReactionWithoutTarget_IsSkippedAndCounted()
    {
        var body = Messages(Message(""" "type":"reaction","reaction":{"emoji":"👍"}"""));

        Assert.Empty(Parse(body, out var summary));

        Assert.Equal(1, summary.Ignored);
        Assert.Equal(["reaction:no-target"], summary.IgnoredKinds);
    }

    [Fact]
    public void TryParse_ReplyContext_SetsReplyTo()
    {
        var message = Single<MessageReceived>(Fixtures.Read("whatsapp-reply-context.json"));

        Assert.Equal(new NetworkMessageId("wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgURTI3NDY4NUVCNjIzNzMzMTMwMTkA"), message.ReplyTo);
        Assert.Equal(new TextPart("Is this still valid?"), Assert.Single(message.Parts));
    }

    [Fact]
    public void TryParse_ClickToWhatsAppReferral_SetsReferral()
    {
        var message = Single<MessageReceived>(Fixtures.Read("whatsapp-referral-ctwa.json"));

        Assert.Equal(
            new Referral("ad")
            {
                SourceId = "120219283746501928",
                SourceType = "ad",
                SourceUrl = new Uri("https://fb.me/8GkZ2xQ1a"),
                Headline = "Kettles from R$99",
                Body = "Free delivery this week",
            },
            message.Referral);
        Assert.Equal(new TextPart("Oi! Vi o anúncio, ainda tem o modelo azul?"), Assert.Single(message.Parts));
        Assert.Equal(BeatrizBsuid, message.Customer.UserKey.Value);
        Assert.Equal(BeatrizPhone, message.Customer.Phone);
        Assert.Equal("Beatriz Lima", message.Customer.DisplayName);
    }

    [Fact]
    public void TryParse_ReferralWithoutSourceType_DefaultsToAd()
    {
        var body = Messages(Message(""" "type":"text","text":{"body":"hi"},"referral":{"source_id":"9","source_url":"not a url"}"""));

        var referral = Single<MessageReceived>(body).Referral;

        Assert.Equal(new Referral("ad") { SourceId = "9" }, referral);
    }

    [Fact]
    public void TryParse_BusinessScopedIdWithoutPhone_KeysByIdWithUsername()
    {
        var message = Single<MessageReceived>(Fixtures.Read("whatsapp-bsuid-no-phone.json"));

        Assert.Equal(
            new Participant(ChannelId.WhatsApp, Account, new NetworkUserId("BR.5019283746510293")) { DisplayName = "Rafa", Handle = "rafa.design" },
            message.Customer);
        Assert.Null(message.Customer.Phone);
        Assert.Equal("BR.5019283746510293", message.Conversation.Thread.Value);
    }

    [Fact]
    public void TryParse_PhoneSenderWithoutContacts_IsKeyedByPhone()
    {
        var body = Value($$"""
            "metadata":{"phone_number_id":"{{PhoneNumberId}}"},
            "messages":[{{Message(""" "type":"text","text":{"body":"hi"}""")}}]
            """);

        var message = Single<MessageReceived>(body);

        Assert.Equal(new Participant(ChannelId.WhatsApp, Account, new NetworkUserId(OliverPhone)) { Phone = OliverPhone }, message.Customer);
    }

    [Fact]
    public void TryParse_FromUserIdAndPhone_PrefersTheMessagesBusinessScopedId()
    {
        var body = MessagesWithContacts("""[{"wa_id":"447700900123","user_id":"GB.999","profile":{"name":"O"}}]""", Message(""" "type":"text","text":{"body":"hi"}""", fromUserId: "GB.999"));

        var message = Single<MessageReceived>(body);

        Assert.Equal(new Participant(ChannelId.WhatsApp, Account, new NetworkUserId("GB.999")) { Phone = OliverPhone, DisplayName = "O" }, message.Customer);
    }

    [Fact]
    public void TryParse_Unsupported_KeepsTheRawTypeAndTheErrorAsDescription()
    {
        var message = Single<MessageReceived>(Fixtures.Read("whatsapp-unsupported.json"));

        Assert.Equal(
            new UnsupportedPart("poll_creation") { Description = "131051 Message type unknown: Message type is currently not supported." },
            Assert.Single(message.Parts));
    }

    [Theory]
    [InlineData(""" "type":"hologram","hologram":{"depth":3}""", "hologram", null)]
    [InlineData(""" "type":"unknown","errors":[{"code":131051,"title":"Message type unknown"}]""", "unknown", "131051 Message type unknown")]
    [InlineData(""" "type":"unsupported","errors":[{"code":"131051","message":"Unsupported message type"}]""", "unsupported", "131051 Unsupported message type")]
    [InlineData(""" "type":"request_welcome" """, "request_welcome", "The customer opened the chat for the first time.")]
    [InlineData(""" "text":{"body":"no type"}""", "unknown", null)]
    public void TryParse_UnknownOrUnsupportedType_IsKeptAsUnsupportedPart(string fields, string rawType, string? description)
    {
        var body = Messages(Message(fields));

        var message = Single<MessageReceived>(body, out var summary);

        Assert.Equal(new UnsupportedPart(rawType) { Description = description }, Assert.Single(message.Parts));
        Assert.Equal(0, summary.Ignored);
    }

    [Fact]
    public void TryParse_Order_IsUnsupportedWithASummary()
    {
        var body = Messages(Message("""
            "type":"order","order":{"catalog_id":"77","text":"for Saturday","product_items":[
              {"product_retailer_id":"a","quantity":"1","item_price":"9.99","currency":"EUR"},
              {"product_retailer_id":"b","quantity":2,"item_price":5,"currency":"EUR"}]}
            """));

        var part = Assert.IsType<UnsupportedPart>(Assert.Single(Single<MessageReceived>(body).Parts));

        Assert.Equal("order", part.RawType);
        Assert.Equal("Order of 2 items: for Saturday", part.Description);
    }

    [Fact]
    public void TryParse_KnownTypeWithoutItsContent_IsUnsupported()
    {
        var body = Messages(Message(""" "type":"text","image":{"id":"1"}"""));

        var part = Assert.IsType<UnsupportedPart>(Assert.Single(Single<MessageReceived>(body).Parts));

        Assert.Equal("text", part.RawType);
    }

    // ------------------------------------------------------------------ system messages, edits, revokes

    [Fact]
    public void TryParse_UserChangedNumber_IsIdentityChangedToTheNewPhone()
    {
        var envelope = Assert.Single(Parse(Fixtures.Read("whatsapp-system-user-changed-number.json")));
        var changed = Assert.IsType<IdentityChanged>(envelope.Event);

        var old = new Participant(ChannelId.WhatsApp, Account, new NetworkUserId(OliverPhone)) { Phone = OliverPhone };
        Assert.Equal(old, changed.Customer);
        Assert.Equal(ConversationRef.PrivateWith(old), changed.Conversation);
        Assert.Equal(new Participant(ChannelId.WhatsApp, Account, new NetworkUserId("447700900987")) { Phone = "447700900987" }, changed.NewIdentity);
        Assert.Equal("User Oliver Hughes changed from 447700900123 to 447700900987", changed.Description);
        Assert.Equal("wamid.HBgMNDQ3NzAwOTAwMTIzFQIAEhgUQjI2RERGRDAzNzlDRTMzREI4NzcA", changed.Key.EventId);
        Assert.Equal(1795200200, changed.OccurredAt.ToUnixTimeSeconds());
    }

    [Fact]
    public void TryParse_LegacyCustomerChangedNumber_IsIdentityChanged()
    {
        var body = Value($$"""
            "metadata":{"phone_number_id":"{{PhoneNumberId}}"},
            "messages":[{{Message(""" "type":"system","system":{"type":"customer_changed_number","wa_id":"447700900987","body":"changed"}""")}}]
            """);

        var changed = Single<IdentityChanged>(body);

        Assert.Equal("447700900987", changed.NewIdentity.UserKey.Value);
        Assert.Equal("447700900987", changed.NewIdentity.Phone);
        Assert.Equal("changed", changed.Description);
    }

    [Theory]
    [InlineData("user_id")]
    [InlineData("new_user_id")]
    public void TryParse_UserChangedUserId_IsIdentityChangedToTheNewIdKeepingThePhone(string field)
    {
        var body = Value($$"""
            "metadata":{"phone_number_id":"{{PhoneNumberId}}"},
            "messages":[{{Message($$""" "type":"system","system":{"type":"user_changed_user_id","{{field}}":"GB.2000","body":"new id"}""", fromUserId: "GB.1000")}}]
            """);

        var changed = Single<IdentityChanged>(body);

        Assert.Equal(new Participant(ChannelId.WhatsApp, Account, new NetworkUserId("GB.1000")) { Phone = OliverPhone }, changed.Customer);
        Assert.Equal(new Participant(ChannelId.WhatsApp, Account, new NetworkUserId("GB.2000")) { Phone = OliverPhone }, changed.NewIdentity);
        Assert.Equal("new id", changed.Description);
    }

    [Theory]
    [InlineData("""{"type":"customer_identity_changed","body":"security code changed","identity":"x"}""", "system.customer_identity_changed")]
    [InlineData("""{"type":"user_changed_number","body":"no new number"}""", "system.user_changed_number")]
    [InlineData("""{"body":"no type"}""", "system")]
    public void TryParse_OtherSystemMessages_AreUnsupportedEvents(string system, string rawType)
    {
        var body = Messages(Message($$""" "type":"system","system":{{system}}"""));

        var unsupported = Single<UnsupportedEvent>(body);

        Assert.Equal(rawType, unsupported.RawType);
        Assert.NotNull(unsupported.Description);
        Assert.Equal(OliverBsuid, unsupported.Customer.UserKey.Value);
    }

    [Fact]
    public void TryParse_Edit_IsMessageEditedWithTheNewContent()
    {
        var body = Messages(
            Message(""" "type":"edit","edit":{"original_message_id":"wamid.ORIGINAL","message":{"type":"text","text":{"body":"corrected"}}}""", id: "wamid.EDIT"),
            Message(""" "type":"edit","edit":{"message":{"image":{"id":"42","caption":"better"},"type":"image"},"original_message_id":"wamid.PHOTO"}""", id: "wamid.EDIT2"));

        var events = Parse(body).Select(e => e.Event).ToList();

        Assert.Equal(2, events.Count);
        var text = Assert.IsType<MessageEdited>(events[0]);
        Assert.Equal("wamid.EDIT", text.Key.EventId);
        Assert.Equal(new NetworkMessageId("wamid.ORIGINAL"), text.MessageId);
        Assert.Equal(new TextPart("corrected"), Assert.Single(text.Parts));
        Assert.Equal(OliverBsuid, text.Customer.UserKey.Value);
        var image = Assert.IsType<MessageEdited>(events[1]);
        Assert.Equal("wamid.PHOTO", image.MessageId.Value);
        Assert.Equal(new MediaPart(MediaKind.Image) { NetworkMediaId = "42", Caption = "better" }, Assert.Single(image.Parts));
    }

    [Fact]
    public void TryParse_Revoke_IsMessageDeleted()
    {
        var body = Messages(Message(""" "type":"revoke","revoke":{"original_message_id":"wamid.ORIGINAL"}""", id: "wamid.REVOKE"));

        var deleted = Single<MessageDeleted>(body);

        Assert.Equal("wamid.REVOKE", deleted.Key.EventId);
        Assert.Equal(new NetworkMessageId("wamid.ORIGINAL"), deleted.MessageId);
        Assert.Equal(OliverBsuid, deleted.Customer.UserKey.Value);
    }

    [Theory]
    [InlineData(""" "type":"edit","edit":{"message":{"type":"text","text":{"body":"x"}}}""", "edit:no-original")]
    [InlineData(""" "type":"revoke","revoke":{}""", "revoke:no-original")]
    public void TryParse_EditOrRevokeWithoutOriginal_IsSkippedAndCounted(string fields, string kind)
    {
        Assert.Empty(Parse(Messages(Message(fields)), out var summary));

        Assert.Equal([kind], summary.IgnoredKinds);
    }

    // ------------------------------------------------------------------ statuses

    [Fact]
    public void TryParse_StatusFailed_CarriesTheFailure()
    {
        var status = Single<DeliveryStatusChanged>(Fixtures.Read("whatsapp-status-failed.json"));

        const string Wamid = "wamid.HBgNNTUxMTk4NzY1MDA0MxUCABEYFDMxODg2NjgyMjhBMDczQzUyOTFGAA==";
        Assert.Equal(DeliveryStatus.Failed, status.Status);
        Assert.Equal(new NetworkMessageId(Wamid), status.MessageId);
        Assert.Equal(new IdempotencyKey(ChannelId.WhatsApp, Account, Wamid + ":failed"), status.Key);
        Assert.Equal(
            new DeliveryFailure("131047", "Re-engagement message: More than 24 hours have passed since the recipient last replied to this business number."),
            status.Failure);
        Assert.Equal(new Participant(ChannelId.WhatsApp, Account, new NetworkUserId(BeatrizPhone)) { Phone = BeatrizPhone }, status.Customer);
        Assert.Null(status.LocalId);
        Assert.Null(status.Watermark);
    }

    [Theory]
    [InlineData("""[{"code":131026,"title":"Message undeliverable"}]""", "131026", "Message undeliverable")]
    [InlineData("""[{"code":131000,"message":"Something went wrong","error_data":{"details":"try later"}}]""", "131000", "Something went wrong: try later")]
    [InlineData("""[]""", "unknown", null)]
    [InlineData("""null""", "unknown", null)]
    public void TryParse_StatusFailed_WithPartialErrors(string errors, string code, string? reason)
    {
        var body = Statuses($$"""{"id":"wamid.S","status":"failed","timestamp":"1795199900","recipient_id":"{{OliverPhone}}","errors":{{errors}}}""");

        var failure = Single<DeliveryStatusChanged>(body).Failure;

        Assert.NotNull(failure);
        Assert.Equal(code, failure.Code);
        if (reason is not null)
        {
            Assert.Equal(reason, failure.Reason);
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(failure.Reason));
        }
    }

    [Theory]
    [InlineData("sent", DeliveryStatus.Sent)]
    [InlineData("delivered", DeliveryStatus.Delivered)]
    [InlineData("read", DeliveryStatus.Read)]
    [InlineData("played", DeliveryStatus.Read)]
    public void TryParse_Statuses_MapToDeliveryStatus(string statusName, DeliveryStatus expected)
    {
        var body = Statuses($$"""{"id":"wamid.S","status":"{{statusName}}","timestamp":"1795199900","recipient_id":"{{OliverPhone}}","errors":[{"code":1}]}""");

        var status = Single<DeliveryStatusChanged>(body);

        Assert.Equal(expected, status.Status);
        Assert.Equal("wamid.S:" + statusName, status.Key.EventId);
        Assert.Null(status.Failure);
    }

    [Fact]
    public void TryParse_StatusToBusinessScopedRecipient_IsKeyedByIt()
    {
        var body = Statuses("""{"id":"wamid.S","status":"read","timestamp":"1795199900","recipient_user_id":"US.13491208655302741918"}""");

        var status = Single<DeliveryStatusChanged>(body);

        Assert.Equal(new Participant(ChannelId.WhatsApp, Account, new NetworkUserId("US.13491208655302741918")), status.Customer);
        Assert.Null(status.Customer.Phone);
    }

    [Fact]
    public void TryParse_StatusesWithOurCallbackData_CarryTheLocalId()
    {
        var body = Statuses(
            """{"id":"wamid.A","status":"sent","timestamp":"1795199800","recipient_id":"447700900123","biz_opaque_callback_data":"socialcare:0190f5a2b7c84e1f9d3a6b5c4e2f1a0b"}""",
            """{"id":"wamid.A","status":"delivered","timestamp":"1795199801","recipient_id":"447700900123","biz_opaque_callback_data":"socialcare:0190f5a2b7c84e1f9d3a6b5c4e2f1a0b"}""",
            """{"id":"wamid.B","status":"sent","timestamp":"1795199802","recipient_id":"447700900123","biz_opaque_callback_data":"campaign-42"}""",
            """{"id":"wamid.C","status":"sent","timestamp":"1795199803","recipient_id":"447700900123","biz_opaque_callback_data":"socialcare:"}""",
            """{"id":"wamid.D","status":"sent","timestamp":"1795199804","recipient_id":"447700900123","biz_opaque_callback_data":"socialcare:   "}""",
            """{"id":"wamid.E","status":"sent","timestamp":"1795199805","recipient_id":"447700900123"}""");

        var statuses = Parse(body).Select(e => Assert.IsType<DeliveryStatusChanged>(e.Event)).ToList();

        Assert.Equal(
            [new MessageId("0190f5a2b7c84e1f9d3a6b5c4e2f1a0b"), new MessageId("0190f5a2b7c84e1f9d3a6b5c4e2f1a0b"), null, null, null, null],
            statuses.Select(s => s.LocalId));
        Assert.Equal(["wamid.A:sent", "wamid.A:delivered", "wamid.B:sent", "wamid.C:sent", "wamid.D:sent", "wamid.E:sent"], statuses.Select(s => s.Key.EventId));
    }

    [Fact]
    public void TryParse_UnknownStatus_IsSkippedAndCounted()
    {
        var body = Statuses(
            """{"id":"wamid.A","status":"deleted","timestamp":"1795199800","recipient_id":"447700900123"}""",
            """{"id":"wamid.B","status":"deleted","timestamp":"1795199800","recipient_id":"447700900123"}""",
            """{"id":"wamid.C","timestamp":"1795199800","recipient_id":"447700900123"}""",
            """{"id":"wamid.D","status":"read","timestamp":"1795199800","recipient_id":"447700900123"}""");

        var events = Parse(body, out var summary);

        Assert.Equal("wamid.D:read", Assert.Single(events).Event.Key.EventId);
        Assert.Equal(3, summary.Ignored);
        Assert.Equal(["status:deleted", "status:(none)"], summary.IgnoredKinds);
    }

    [Theory]
    [InlineData("""{"status":"read","timestamp":"1795199800","recipient_id":"447700900123"}""", "status:no-id")]
    [InlineData("""{"id":"wamid.A","status":"read","timestamp":"1795199800"}""", "status:no-recipient")]
    [InlineData("""{"id":"wamid.A","status":"read","recipient_id":"447700900123"}""", "status:no-time")]
    [InlineData("""{"id":"wamid.A","status":"read","timestamp":"soon","recipient_id":"447700900123"}""", "status:no-time")]
    public void TryParse_StatusMissingWhatItNeeds_IsSkippedAndCounted(string status, string kind)
    {
        Assert.Empty(Parse(Statuses(status), out var summary));

        Assert.Equal(1, summary.Ignored);
        Assert.Equal([kind], summary.IgnoredKinds);
    }

    // ------------------------------------------------------------------ batches, order, value errors

    [Fact]
    public void TryParse_Batch_ReadsEveryEntryChangeMessageAndStatus()
    {
        var events = Parse(Fixtures.Read("whatsapp-batch-multiple-entries.json"), out var summary).Select(e => e.Event).ToList();

        Assert.Equal(3, summary.Entries);
        Assert.Equal(5, events.Count);
        var oliver = Assert.IsType<MessageReceived>(events[0]);
        Assert.Equal(new Participant(ChannelId.WhatsApp, Account, new NetworkUserId(OliverBsuid)) { Phone = OliverPhone, DisplayName = "Oliver Hughes" }, oliver.Customer);
        Assert.Equal(new TextPart("Thanks!"), Assert.Single(oliver.Parts));
        var beatriz = Assert.IsType<MessageReceived>(events[1]);
        Assert.Equal(new Participant(ChannelId.WhatsApp, Account, new NetworkUserId(BeatrizBsuid)) { Phone = BeatrizPhone, DisplayName = "Beatriz Lima" }, beatriz.Customer);
        Assert.Equal(DeliveryStatus.Delivered, Assert.IsType<DeliveryStatusChanged>(events[2]).Status);
        Assert.Equal(DeliveryStatus.Read, Assert.IsType<DeliveryStatusChanged>(events[3]).Status);
        Assert.Equal(new Participant(ChannelId.WhatsApp, Account, new NetworkUserId(OliverPhone)) { Phone = OliverPhone }, events[3].Customer);
        var jonas = Assert.IsType<MessageReceived>(events[4]);
        var other = new ChannelAccountId(OtherPhoneNumberId);
        Assert.Equal(other, jonas.Key.Account);
        Assert.Equal(other, jonas.Conversation.Account);
        Assert.Equal(new Participant(ChannelId.WhatsApp, other, new NetworkUserId("4915112345678")) { Phone = "4915112345678", DisplayName = "Jonas Weber" }, jonas.Customer);
        Assert.All(events.Take(4), e => Assert.Equal(Account, e.Key.Account));
    }

    [Fact]
    public void TryParse_ContactsInAnotherOrderThanMessages_AreJoinedBySender()
    {
        // Contacts are not index-aligned with messages (meta.md §3.3): Beatriz's contact comes first, Oliver's message does.
        var body = Value($$"""
            "metadata":{"phone_number_id":"{{PhoneNumberId}}"},
            "contacts":[
              {"profile":{"name":"Beatriz Lima"},"wa_id":"{{BeatrizPhone}}","user_id":"{{BeatrizBsuid}}"},
              {"profile":{"name":"Nobody"},"wa_id":"440000000000"},
              {"profile":{"name":"Oliver Hughes"},"wa_id":"{{OliverPhone}}","user_id":"{{OliverBsuid}}"}],
            "messages":[
              {{Message(""" "type":"text","text":{"body":"1"}""", id: "wamid.1")}},
              {{Message(""" "type":"text","text":{"body":"2"}""", id: "wamid.2", from: BeatrizPhone)}},
              {{Message(""" "type":"text","text":{"body":"3"}""", id: "wamid.3", from: "449999999999")}}]
            """);

        var customers = Parse(body).Select(e => e.Event.Customer).ToList();

        Assert.Equal(
            [
                new Participant(ChannelId.WhatsApp, Account, new NetworkUserId(OliverBsuid)) { Phone = OliverPhone, DisplayName = "Oliver Hughes" },
                new Participant(ChannelId.WhatsApp, Account, new NetworkUserId(BeatrizBsuid)) { Phone = BeatrizPhone, DisplayName = "Beatriz Lima" },
                new Participant(ChannelId.WhatsApp, Account, new NetworkUserId("449999999999")) { Phone = "449999999999" },
            ],
            customers);
    }

    [Fact]
    public void TryParse_ContactsAndMetadataAfterMessages_AreStillJoined()
    {
        var body = Value($$"""
            "messaging_product":"whatsapp",
            "messages":[{{Message(""" "text":{"body":"late contacts"},"type":"text" """)}}],
            "statuses":[{"id":"wamid.S","status":"sent","timestamp":"1795199800","recipient_id":"{{OliverPhone}}"}],
            "contacts":[{"user_id":"{{OliverBsuid}}","wa_id":"{{OliverPhone}}","profile":{"username":"oliver.h","name":"Oliver Hughes"} }],
            "metadata":{"phone_number_id":"{{PhoneNumberId}}","display_phone_number":"15557771234"}
            """);

        var events = Parse(body, out var summary).Select(e => e.Event).ToList();

        Assert.Equal(0, summary.Ignored);
        Assert.Equal(2, events.Count);
        Assert.Equal(
            new Participant(ChannelId.WhatsApp, Account, new NetworkUserId(OliverBsuid)) { Phone = OliverPhone, DisplayName = "Oliver Hughes", Handle = "oliver.h" },
            events[0].Customer);
        Assert.Equal(new TextPart("late contacts"), Assert.Single(Assert.IsType<MessageReceived>(events[0]).Parts));
        Assert.Equal(Account, events[1].Key.Account);
    }

    [Fact]
    public void TryParse_ValueErrors_AreReportedInTheSummaryWithoutEvents()
    {
        var events = Parse(Fixtures.Read("whatsapp-value-errors.json"), out var summary);

        Assert.Empty(events);
        Assert.Equal([(PhoneNumberId, "131000", (string?)"Something went wrong")], summary.ValueErrors);
        Assert.Equal(0, summary.Ignored);
    }

    [Fact]
    public void TryParse_ValueErrorsBeforeMetadata_NameThePhoneNumber()
    {
        var body = Value($$"""
            "errors":[{"code":"130429","title":"Rate limit hit"},{"title":"no code"}],
            "metadata":{"phone_number_id":"{{PhoneNumberId}}"}
            """);

        Parse(body, out var summary);

        Assert.Equal([(PhoneNumberId, "130429", (string?)"Rate limit hit"), (PhoneNumberId, "unknown", "no code")], summary.ValueErrors);
    }

    [Fact]
    public void TryParse_TimestampAsNumber_IsAccepted()
    {
        var body = Messages(Message(""" "type":"text","text":{"body":"hi"}""", timestamp: "1795199400"));

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Timestamp), Single<MessageReceived>(body).OccurredAt);
    }

    // ------------------------------------------------------------------ skipped, counted, refused

    [Theory]
    [InlineData("account_update", true)]
    [InlineData("message_template_status_update", false)]
    [InlineData("smb_message_echoes", true)]
    public void TryParse_OtherFields_AreSkippedAndCountedByName(string field, bool valueFirst)
    {
        // Even a value shaped like a messages value yields nothing when its field is another one, whichever comes first.
        var value = $$"""{"metadata":{"phone_number_id":"{{PhoneNumberId}}"},"messages":[{{Message(""" "type":"text","text":{"body":"echo"}""")}}],"errors":[{"code":1}]}""";
        var change = valueFirst ? $$"""{"value":{{value}},"field":"{{field}}"}""" : $$"""{"field":"{{field}}","value":{{value}}}""";
        var body = Encoding.UTF8.GetBytes($$"""
            {"object":"whatsapp_business_account","entry":[{"id":"{{Fixtures.WabaId}}","changes":[{{change}},
              {"value":{"metadata":{"phone_number_id":"{{PhoneNumberId}}"},"messages":[{{Message(""" "type":"reaction","reaction":{}""")}}]},"field":"messages"},
              {{change}}]}]}
            """);

        var events = Parse(body, out var summary);

        Assert.Empty(events);
        Assert.Null(summary.ValueErrors);
        Assert.Equal(3, summary.Ignored);
        Assert.Equal([field, "reaction:no-target"], summary.IgnoredKinds);
    }

    [Fact]
    public void TryParse_ChangeWithoutFieldOrValue_IsSkippedAndCounted()
    {
        var body = Encoding.UTF8.GetBytes($$"""
            {"object":"whatsapp_business_account","entry":[{"changes":[
              {"value":{"metadata":{"phone_number_id":"{{PhoneNumberId}}"},"messages":[{{Message(""" "type":"text","text":{"body":"x"}""")}}] } },
              {"field":"messages"},
              {"field":"messages","value":null}]}]}
            """);

        var events = Parse(body, out var summary);

        Assert.Empty(events);
        Assert.Equal(3, summary.Ignored);
        Assert.Equal(["field:(none)", "messages:no-value"], summary.IgnoredKinds);
    }

    [Theory]
    [InlineData("page")]
    [InlineData("instagram")]
    public void TryParse_OtherObject_ProducesNoEvents(string objectName)
    {
        var whatsApp = Encoding.UTF8.GetString(Fixtures.Read("whatsapp-text.json"));
        var body = Encoding.UTF8.GetBytes(whatsApp.Replace("\"whatsapp_business_account\"", $"\"{objectName}\"", StringComparison.Ordinal));

        var events = Parse(body, out var summary);

        Assert.Empty(events);
        Assert.Equal(objectName, summary.Object);
        Assert.Equal(1, summary.Entries);
        Assert.Equal(1, summary.Ignored);
        Assert.Equal(["object:" + objectName], summary.IgnoredKinds);
    }

    [Fact]
    public void TryParse_ObjectAfterEntry_IsFound()
    {
        var page = Encoding.UTF8.GetBytes("""{"entry":[{"id":"1","changes":[]}],"object":"page"}""");
        var whatsApp = Rewrite(Fixtures.Read("whatsapp-text.json"), reverse: true, numbersAsStrings: false);

        Assert.Empty(Parse(page, out var pageSummary));
        Assert.Equal("page", pageSummary.Object);
        Assert.Single(Parse(whatsApp, out var summary));
        Assert.Equal("whatsapp_business_account", summary.Object);
    }

    [Theory]
    [InlineData("metadata:no-phone-number-id", """ "metadata":{"display_phone_number":"15557771234"}, """)]
    [InlineData("metadata:no-phone-number-id", """ "metadata":{"phone_number_id":"  "}, """)]
    [InlineData("metadata:no-phone-number-id", "")]
    public void TryParse_MissingPhoneNumberId_SkipsTheItems(string kind, string metadata)
    {
        var body = Value($$"""
            {{metadata}}
            "messages":[{{Message(""" "type":"text","text":{"body":"hi"}""")}}],
            "statuses":[{"id":"wamid.S","status":"sent","timestamp":"1795199800","recipient_id":"{{OliverPhone}}"}]
            """);

        var events = Parse(body, out var summary);

        Assert.Empty(events);
        Assert.Equal(2, summary.Ignored);
        Assert.Equal([kind], summary.IgnoredKinds);
    }

    [Theory]
    [InlineData("""{"from":"447700900123","timestamp":"1795199400","type":"text","text":{"body":"x"}}""", "message:no-id")]
    [InlineData("""{"id":"  ","from":"447700900123","timestamp":"1795199400","type":"text","text":{"body":"x"}}""", "message:no-id")]
    [InlineData("""{"id":"wamid.1","timestamp":"1795199400","type":"text","text":{"body":"x"}}""", "message:no-sender")]
    [InlineData("""{"id":"wamid.1","from":"","timestamp":"1795199400","type":"text","text":{"body":"x"}}""", "message:no-sender")]
    [InlineData("""{"id":"wamid.1","from":"447700900123","type":"text","text":{"body":"x"}}""", "message:no-time")]
    [InlineData("""{"id":"wamid.1","from":"447700900123","timestamp":"-5","type":"text","text":{"body":"x"}}""", "message:no-time")]
    public void TryParse_MessageMissingWhatItNeeds_IsSkippedAndCounted(string message, string kind)
    {
        var body = Messages(message, Message(""" "type":"text","text":{"body":"kept"}"""));

        var events = Parse(body, out var summary);

        Assert.Equal(new TextPart("kept"), Assert.Single(Assert.IsType<MessageReceived>(Assert.Single(events).Event).Parts));
        Assert.Equal(1, summary.Ignored);
        Assert.Equal([kind], summary.IgnoredKinds);
    }

    [Fact]
    public void TryParse_IgnoredKinds_AreCappedButAllCounted()
    {
        var statuses = Enumerable.Range(0, WhatsAppWebhookParser.MaxIgnoredKinds + 4)
            .Select(i => $$"""{"id":"wamid.{{i}}","status":"s{{i}}","timestamp":"1795199800","recipient_id":"{{OliverPhone}}"}""");

        Parse(Statuses([.. statuses]), out var summary);

        Assert.Equal(WhatsAppWebhookParser.MaxIgnoredKinds + 4, summary.Ignored);
        Assert.Equal(WhatsAppWebhookParser.MaxIgnoredKinds, summary.IgnoredKinds?.Count);
    }

    [Theory]
    [InlineData("""{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"id":"x"}""", "well-formed")]
    [InlineData("""{"object":"whatsapp_business_account","entry":[]} trailing""", "well-formed")]
    [InlineData("""not json""", "well-formed")]
    [InlineData("""[]""", "not a JSON object")]
    [InlineData("""{"entry":[]}""", "\"object\" is missing")]
    [InlineData("""{"object":7,"entry":[]}""", "\"object\" is not a string")]
    [InlineData("""{"object":"whatsapp_business_account","entry":{"id":"1"}}""", "\"entry\" is not an array")]
    [InlineData("""{"object":"whatsapp_business_account","entry":["x"]}""", "an \"entry\" item is not an object")]
    [InlineData("""{"object":"whatsapp_business_account","entry":[{"changes":{}}]}""", "\"changes\" is not an array")]
    [InlineData("""{"object":"whatsapp_business_account","entry":[{"changes":[1]}]}""", "a \"changes\" item is not an object")]
    [InlineData("""{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"messages":{}},"field":"messages"}]}]}""", "\"messages\" is not an array")]
    [InlineData("""{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"messages":["m"]},"field":"messages"}]}]}""", "a \"messages\" item is not an object")]
    [InlineData("""{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"statuses":7},"field":"messages"}]}]}""", "\"statuses\" is not an array")]
    public void TryParse_MalformedBody_IsRefusedWithoutEvents(string json, string errorPart)
    {
        var events = new List<InboundEnvelope> { new(new ReactionChanged(default, default, new Participant(ChannelId.WhatsApp, Account, new NetworkUserId("x")), default, new ReactionPart("", new NetworkMessageId("m")))) };

        var ok = WhatsAppWebhookParser.TryParse(Encoding.UTF8.GetBytes(json), events, out _, out var error);

        Assert.False(ok);
        Assert.NotNull(error);
        Assert.Contains(errorPart, error, StringComparison.Ordinal);
        Assert.Single(events); // what the list held before is kept
    }

    [Fact]
    public void TryParse_ValidItemsBeforeAStructureError_AreTakenBack()
    {
        var json = $$"""
            {"object":"whatsapp_business_account","entry":[
              {"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"{{PhoneNumberId}}"},"messages":[{{Message(""" "type":"text","text":{"body":"hi"}""")}}] } }]},
              "oops"]}
            """;
        var events = new List<InboundEnvelope>();

        Assert.False(WhatsAppWebhookParser.TryParse(Encoding.UTF8.GetBytes(json), events, out var summary, out var error));

        Assert.Empty(events);
        Assert.NotNull(error);
        Assert.DoesNotContain("hi", error, StringComparison.Ordinal);
        Assert.Equal("whatsapp_business_account", summary.Object);
    }

    [Fact]
    public void TryParse_InvalidUtf8_IsRefused()
    {
        var prefix = Encoding.UTF8.GetBytes($$"""{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"{{PhoneNumberId}}"},"messages":[{"id":"wamid.1","from":"447700900123","timestamp":"1795199400","type":"text","text":{"body":"a""");
        var suffix = Encoding.UTF8.GetBytes("\"}}]}}]}]}");
        byte[] body = [.. prefix, 0xC3, 0x28, .. suffix];
        var events = new List<InboundEnvelope>();

        Assert.False(WhatsAppWebhookParser.TryParse(body, events, out _, out var error));

        Assert.Empty(events);
        Assert.NotNull(error);
    }

    // ------------------------------------------------------------------ Raw

    [Theory]
    [InlineData("whatsapp-batch-multiple-entries.json")]
    [InlineData("whatsapp-reaction.json")] // literal UTF-8 emoji: byte offsets, not char offsets
    [InlineData("whatsapp-referral-ctwa.json")]
    [InlineData("whatsapp-status-failed.json")]
    public void TryParse_Raw_IsTheMessageOrStatusObjectWithinTheBody(string name)
    {
        var body = Fixtures.Read(name);
        using var fixture = JsonDocument.Parse(body);
        var items = new List<JsonElement>();
        foreach (var entry in fixture.RootElement.GetProperty("entry").EnumerateArray())
        {
            foreach (var change in entry.GetProperty("changes").EnumerateArray())
            {
                var value = change.GetProperty("value");
                foreach (var list in new[] { "messages", "statuses" })
                {
                    if (value.TryGetProperty(list, out var array))
                    {
                        items.AddRange(array.EnumerateArray());
                    }
                }
            }
        }

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
    public void TryParse_Raw_OfAHandWrittenMessage_IsItsExactText()
    {
        var message = Message(""" "type":"text", "text" : { "body" : "spaced" }""");

        var envelope = Assert.Single(Parse(Messages(message)));

        Assert.Equal(message, Encoding.UTF8.GetString(envelope.Raw.Span));
    }

    // ------------------------------------------------------------------ helpers

    private static List<InboundEnvelope> Parse(byte[] body) => Parse(body, out _);

    private static List<InboundEnvelope> Parse(byte[] body, out WhatsAppParseSummary summary)
    {
        var events = new List<InboundEnvelope>();
        var ok = WhatsAppWebhookParser.TryParse(body, events, out summary, out var error);
        Assert.True(ok, error);
        Assert.Null(error);
        return events;
    }

    private static T Single<T>(byte[] body)
        where T : InboundEvent => Single<T>(body, out _);

    private static T Single<T>(byte[] body, out WhatsAppParseSummary summary)
        where T : InboundEvent => Assert.IsType<T>(Assert.Single(Parse(body, out summary)).Event);

    /// <summary>A body whose one entry holds one <c>messages</c> change with the given value properties.</summary>
    private static byte[] Value(string valueProperties) =>
        Encoding.UTF8.GetBytes($$"""
            {"object":"whatsapp_business_account","entry":[{"id":"{{Fixtures.WabaId}}","changes":[{"value":{"messaging_product":"whatsapp",{{valueProperties}}},"field":"messages"}]}]}
            """);

    /// <summary>A value with the metadata, Oliver's contact (unless others are given) and the messages.</summary>
    private static byte[] Messages(params string[] messages) => MessagesWithContacts(null, messages);

    private static byte[] MessagesWithContacts(string? contacts, params string[] messages) =>
        Value($$"""
            "metadata":{"display_phone_number":"15557771234","phone_number_id":"{{PhoneNumberId}}"},
            "contacts":{{contacts ?? $$"""[{"profile":{"name":"Oliver Hughes"},"wa_id":"{{OliverPhone}}","user_id":"{{OliverBsuid}}"}]"""}},
            "messages":[{{string.Join(",", messages)}}]
            """);

    /// <summary>A value with the metadata and the statuses.</summary>
    private static byte[] Statuses(params string[] statuses) =>
        Value($$"""
            "metadata":{"display_phone_number":"15557771234","phone_number_id":"{{PhoneNumberId}}"},
            "statuses":[{{string.Join(",", statuses)}}]
            """);

    /// <summary>A message from Oliver (by phone, unless told otherwise) with the given type fields.</summary>
    private static string Message(string fields, string id = "wamid.HBgMNDQ3NzAwOTAwMTIzFQIAEhgUTEST", string? from = OliverPhone, string? fromUserId = null, string timestamp = "\"1795199400\"")
    {
        var sender = (from is null ? string.Empty : $"\"from\":\"{from}\",") + (fromUserId is null ? string.Empty : $"\"from_user_id\":\"{fromUserId}\",");
        return $$"""{{{sender}}"id":"{{id}}","timestamp":{{timestamp}},{{fields}}}""";
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
