using System.Text;
using System.Text.Json.Nodes;
using SocialCare.Abstractions;

namespace SocialCare.Channels.WhatsApp.Tests.Graph;

public class WhatsAppRequestsTests
{
    private const string Phone = "447700900123";
    private const string Bsuid = "US.13491208655302741918";
    private const string MessageIdText = "msg-1";
    private const string Callback = "socialcare:msg-1";
    private const string Wamid = "wamid.HBgMNDQ3NzAwOTAwMTIzFQIAEhggQ0FGRTEyMzQ1Njc4OTA=";

    private static readonly WhatsAppSendSettings Settings = new(PreviewLinks: false, ListButtonText: "Choose");
    private static readonly ChannelAccountId Account = new(Fixtures.PhoneNumberId);

    // ---- Text ----------------------------------------------------------------------------------------------------

    [Fact]
    public void Text_WithoutPreview_IsOneTextBody()
    {
        var body = Single(Message(Phone, new TextPart("Hello there")));

        AssertJson(
            $$$"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"{{{Phone}}}","type":"text",
             "text":{"body":"Hello there","preview_url":false},"biz_opaque_callback_data":"{{{Callback}}}"}
            """,
            body);
    }

    [Fact]
    public void Text_WithPreview_SetsPreviewUrl()
    {
        var body = Single(Message(Phone, new TextPart("See https://example.com")), Settings with { PreviewLinks = true });

        AssertJson(
            $$$"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"{{{Phone}}}","type":"text",
             "text":{"body":"See https://example.com","preview_url":true},"biz_opaque_callback_data":"{{{Callback}}}"}
            """,
            body);
    }

    [Fact]
    public void ReplyTo_QuotesOnlyOnTheFirstBody_AndEveryBodyCarriesTheCallback()
    {
        var message = Message(Phone, new TextPart("first"), new TextPart("second")) with { ReplyTo = new NetworkMessageId(Wamid) };

        var bodies = Build(message);

        Assert.Equal(2, bodies.Count);
        AssertJson(
            $$$"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"{{{Phone}}}","context":{"message_id":"{{{Wamid}}}"},
             "type":"text","text":{"body":"first","preview_url":false},"biz_opaque_callback_data":"{{{Callback}}}"}
            """,
            bodies[0]);
        AssertJson(
            $$$"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"{{{Phone}}}",
             "type":"text","text":{"body":"second","preview_url":false},"biz_opaque_callback_data":"{{{Callback}}}"}
            """,
            bodies[1]);
    }

    [Fact]
    public void Text_AtTheLimit_IsAccepted()
    {
        var body = Single(Message(Phone, new TextPart(new string('a', WhatsAppDefaults.MaxTextLength))));

        Assert.Equal(WhatsAppDefaults.MaxTextLength, Parse(body)["text"]!["body"]!.GetValue<string>().Length);
    }

    [Fact]
    public void Text_NonAscii_StaysReadableInTheBody()
    {
        var body = Single(Message(Phone, new TextPart("Café <b> & 'ok' \"q\"")));

        var raw = Encoding.UTF8.GetString(body);
        Assert.Contains("Café <b> & 'ok' \\\"q\\\"", raw, StringComparison.Ordinal);
        Assert.Equal("Café <b> & 'ok' \"q\"", Parse(body)["text"]!["body"]!.GetValue<string>());
    }

    // ---- Media ---------------------------------------------------------------------------------------------------

    [Fact]
    public void Image_ById_WithCaption()
    {
        var body = Single(Message(Phone, new MediaPart(MediaKind.Image) { NetworkMediaId = "1234567890", Caption = "Your receipt" }));

        AssertJson(
            $$$"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"{{{Phone}}}","type":"image",
             "image":{"id":"1234567890","caption":"Your receipt"},"biz_opaque_callback_data":"{{{Callback}}}"}
            """,
            body);
    }

    [Fact]
    public void Document_ByLink_WithFilenameAndCaption()
    {
        var part = new MediaPart(MediaKind.Document) { Url = new Uri("https://files.example.com/invoice.pdf"), FileName = "invoice.pdf", Caption = "Invoice" };

        var body = Single(Message(Phone, part));

        AssertJson(
            $$$"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"{{{Phone}}}","type":"document",
             "document":{"link":"https://files.example.com/invoice.pdf","caption":"Invoice","filename":"invoice.pdf"},
             "biz_opaque_callback_data":"{{{Callback}}}"}
            """,
            body);
    }

    [Fact]
    public void Media_IdWinsOverLink()
    {
        var part = new MediaPart(MediaKind.Image) { NetworkMediaId = "42", Url = new Uri("https://cdn.example.com/a.png") };

        var body = Single(Message(Phone, part));

        AssertJson("""{"id":"42"}""", Parse(body)["image"]!.ToJsonString());
    }

    [Fact]
    public void Audio_ById()
    {
        var body = Single(Message(Phone, new MediaPart(MediaKind.Audio) { NetworkMediaId = "555", IsVoice = true }));

        AssertJson(
            $$$"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"{{{Phone}}}","type":"audio",
             "audio":{"id":"555"},"biz_opaque_callback_data":"{{{Callback}}}"}
            """,
            body);
    }

    [Fact]
    public void Video_ByLink_WithCaption()
    {
        var body = Single(Message(Phone, new MediaPart(MediaKind.Video) { Url = new Uri("https://cdn.example.com/clip.mp4"), Caption = "How to" }));

        AssertJson(
            $$$"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"{{{Phone}}}","type":"video",
             "video":{"link":"https://cdn.example.com/clip.mp4","caption":"How to"},"biz_opaque_callback_data":"{{{Callback}}}"}
            """,
            body);
    }

    [Fact]
    public void Sticker_ById()
    {
        var body = Single(Message(Phone, new MediaPart(MediaKind.Sticker) { NetworkMediaId = "777" }));

        AssertJson(
            $$$"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"{{{Phone}}}","type":"sticker",
             "sticker":{"id":"777"},"biz_opaque_callback_data":"{{{Callback}}}"}
            """,
            body);
    }

    [Fact]
    public void FileName_OnAnImage_IsNotSent()
    {
        var body = Single(Message(Phone, new MediaPart(MediaKind.Image) { NetworkMediaId = "1", FileName = "a.png" }));

        AssertJson("""{"id":"1"}""", Parse(body)["image"]!.ToJsonString());
    }

    // ---- Location, contacts, reactions ----------------------------------------------------------------------------

    [Fact]
    public void Location_WithNameAndAddress()
    {
        var part = new LocationPart(51.5074, -0.1278) { Name = "Head office", Address = "1 Example Street, London", Url = new Uri("https://maps.example.com/x") };

        var body = Single(Message(Phone, part));

        AssertJson(
            $$$"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"{{{Phone}}}","type":"location",
             "location":{"latitude":51.5074,"longitude":-0.1278,"name":"Head office","address":"1 Example Street, London"},
             "biz_opaque_callback_data":"{{{Callback}}}"}
            """,
            body);
    }

    [Fact]
    public void Location_WithoutNameOrAddress_HasOnlyCoordinates()
    {
        var body = Single(Message(Phone, new LocationPart(-33.8688, 151.2093)));

        AssertJson("""{"latitude":-33.8688,"longitude":151.2093}""", Parse(body)["location"]!.ToJsonString());
    }

    [Fact]
    public void Contacts_Consecutive_AreGroupedIntoOneBody()
    {
        var first = new ContactPart("Ada Lovelace")
        {
            FirstName = "Ada",
            LastName = "Lovelace",
            Organization = "Analytical Engines Ltd",
            Phones = [new ContactPhone("+44 7700 900001") { Type = "CELL", WhatsAppId = new NetworkUserId("447700900001") }],
            Emails = ["ada@example.com"],
        };
        var second = new ContactPart("Support desk") { Phones = [new ContactPhone("+44 20 7946 0000")] };

        var body = Single(Message(Phone, first, second));

        AssertJson(
            $$$"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"{{{Phone}}}","type":"contacts",
             "contacts":[
               {"name":{"formatted_name":"Ada Lovelace","first_name":"Ada","last_name":"Lovelace"},
                "phones":[{"phone":"+44 7700 900001","type":"CELL","wa_id":"447700900001"}],
                "emails":[{"email":"ada@example.com"}],
                "org":{"company":"Analytical Engines Ltd"}},
               {"name":{"formatted_name":"Support desk"},"phones":[{"phone":"+44 20 7946 0000"}]}
             ],
             "biz_opaque_callback_data":"{{{Callback}}}"}
            """,
            body);
    }

    [Fact]
    public void Contacts_SeparatedByAnotherPart_AreTwoBodies()
    {
        var bodies = Build(Message(Phone, new ContactPart("A"), new TextPart("and"), new ContactPart("B")));

        Assert.Equal(["contacts", "text", "contacts"], bodies.Select(b => Parse(b)["type"]!.GetValue<string>()));
    }

    [Fact]
    public void Reaction_Added()
    {
        var body = Single(Message(Phone, new ReactionPart("👍", new NetworkMessageId(Wamid))));

        AssertJson(
            $$$"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"{{{Phone}}}","type":"reaction",
             "reaction":{"message_id":"{{{Wamid}}}","emoji":"👍"},"biz_opaque_callback_data":"{{{Callback}}}"}
            """,
            body);
    }

    [Fact]
    public void Reaction_Removed_SendsAnEmptyEmoji()
    {
        var body = Single(Message(Phone, new ReactionPart("👍", new NetworkMessageId(Wamid)) { Removed = true }));

        AssertJson(
            $$$"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"{{{Phone}}}","type":"reaction",
             "reaction":{"message_id":"{{{Wamid}}}","emoji":""},"biz_opaque_callback_data":"{{{Callback}}}"}
            """,
            body);
    }

    // ---- Interactive ---------------------------------------------------------------------------------------------

    [Fact]
    public void Buttons_Three_AreOneInteractiveBody()
    {
        var body = Single(Message(
            Phone,
            new TextPart("Did that solve it?"),
            new ChoicePart(ChoiceKind.Button, "Yes", "solved"),
            new ChoicePart(ChoiceKind.QuickReply, "No", "unsolved"),
            new ChoicePart(ChoiceKind.Button, "Talk to a person", null)));

        AssertJson(
            $$$"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"{{{Phone}}}","type":"interactive",
             "interactive":{"type":"button","body":{"text":"Did that solve it?"},
               "action":{"buttons":[
                 {"type":"reply","reply":{"id":"solved","title":"Yes"}},
                 {"type":"reply","reply":{"id":"unsolved","title":"No"}},
                 {"type":"reply","reply":{"id":"Talk to a person","title":"Talk to a person"}}]}},
             "biz_opaque_callback_data":"{{{Callback}}}"}
            """,
            body);
    }

    [Fact]
    public void List_TwoSections_GroupsConsecutiveRowsBySection()
    {
        var body = Single(Message(
            Phone,
            new TextPart("Pick a delivery slot"),
            new ChoicePart(ChoiceKind.ListItem, "Monday 9-12", "mon-am") { Section = "This week", Description = "Morning" },
            new ChoicePart(ChoiceKind.ListItem, "Monday 13-17", "mon-pm") { Section = "This week" },
            new ChoicePart(ChoiceKind.ListItem, "Next Monday", null) { Section = "Next week", Description = "All day" }));

        AssertJson(
            $$$"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"{{{Phone}}}","type":"interactive",
             "interactive":{"type":"list","body":{"text":"Pick a delivery slot"},
               "action":{"button":"Choose","sections":[
                 {"title":"This week","rows":[
                   {"id":"mon-am","title":"Monday 9-12","description":"Morning"},
                   {"id":"mon-pm","title":"Monday 13-17"}]},
                 {"title":"Next week","rows":[
                   {"id":"Next Monday","title":"Next Monday","description":"All day"}]}]}},
             "biz_opaque_callback_data":"{{{Callback}}}"}
            """,
            body);
    }

    [Fact]
    public void List_SingleSectionWithoutTitle_OmitsTheTitle()
    {
        var body = Single(Message(Phone, new TextPart("Pick"), new ChoicePart(ChoiceKind.ListItem, "A", "a"), new ChoicePart(ChoiceKind.ListItem, "B", "b")));

        AssertJson(
            """{"button":"Choose","sections":[{"rows":[{"id":"a","title":"A"},{"id":"b","title":"B"}]}]}""",
            Parse(body)["interactive"]!["action"]!.ToJsonString());
    }

    [Fact]
    public void List_SeveralSectionsOneWithoutTitle_WritesAnEmptyTitle()
    {
        var body = Single(Message(
            Phone,
            new TextPart("Pick"),
            new ChoicePart(ChoiceKind.ListItem, "A", "a"),
            new ChoicePart(ChoiceKind.ListItem, "B", "b") { Section = "More" }));

        AssertJson(
            """{"button":"Choose","sections":[{"title":"","rows":[{"id":"a","title":"A"}]},{"title":"More","rows":[{"id":"b","title":"B"}]}]}""",
            Parse(body)["interactive"]!["action"]!.ToJsonString());
    }

    [Fact]
    public void List_AtTheLimits_IsAccepted()
    {
        var parts = new List<MessagePart> { new TextPart(new string('t', WhatsAppDefaults.MaxCaptionLength)) };
        parts.AddRange(Enumerable.Range(0, WhatsAppDefaults.MaxListRows).Select(i => new ChoicePart(
            ChoiceKind.ListItem,
            new string('r', WhatsAppDefaults.MaxListRowTitleLength - 1) + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            null)
        { Description = new string('d', WhatsAppDefaults.MaxListRowDescriptionLength), Section = "S" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) }));

        var body = Single(Message(Phone, [.. parts]));

        Assert.Equal(WhatsAppDefaults.MaxListSections, Parse(body)["interactive"]!["action"]!["sections"]!.AsArray().Count);
    }

    [Fact]
    public void TextBeforeChoices_IsTheBodyOfTheInteractive_WhileEarlierTextsAreSentAlone()
    {
        var bodies = Build(Message(Phone, new TextPart("alone"), new TextPart("question"), new ChoicePart(ChoiceKind.Button, "Yes", "y")));

        Assert.Equal(2, bodies.Count);
        Assert.Equal("alone", Parse(bodies[0])["text"]!["body"]!.GetValue<string>());
        Assert.Equal("question", Parse(bodies[1])["interactive"]!["body"]!["text"]!.GetValue<string>());
    }

    // ---- Templates -----------------------------------------------------------------------------------------------

    [Fact]
    public void Template_WithHeaderImageBodyParamsAndButtons()
    {
        var template = new MessageTemplate("order_update", "en_GB")
        {
            Components =
            [
                new TemplateComponent(TemplateComponentType.Header) { Parameters = [new TemplateParameter(TemplateParameterKind.Image, "https://cdn.example.com/header.png")] },
                new TemplateComponent(TemplateComponentType.Body)
                {
                    Parameters =
                    [
                        new TemplateParameter(TemplateParameterKind.Text, "Ada"),
                        new TemplateParameter(TemplateParameterKind.Text, "A-1001") { Name = "order_number" },
                    ],
                },
                new TemplateComponent(TemplateComponentType.Button) { ButtonIndex = 0, Parameters = [new TemplateParameter(TemplateParameterKind.Payload, "track:A-1001")] },
                new TemplateComponent(TemplateComponentType.Button) { ButtonIndex = 1, ButtonSubType = "url", Parameters = [new TemplateParameter(TemplateParameterKind.Text, "A-1001")] },
            ],
        };
        var message = new OutboundMessage(new MessageId(MessageIdText), Conversation(Phone), []) { Template = template };

        var body = Single(message);

        AssertJson(
            $$$"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"{{{Phone}}}","type":"template",
             "template":{"name":"order_update","language":{"policy":"deterministic","code":"en_GB"},
               "components":[
                 {"type":"header","parameters":[{"type":"image","image":{"link":"https://cdn.example.com/header.png"}}]},
                 {"type":"body","parameters":[{"type":"text","text":"Ada"},{"type":"text","text":"A-1001","parameter_name":"order_number"}]},
                 {"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"track:A-1001"}]},
                 {"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"A-1001"}]}]},
             "biz_opaque_callback_data":"{{{Callback}}}"}
            """,
            body);
    }

    [Fact]
    public void Template_MediaParametersByIdAndLink_AndNoComponents()
    {
        var withIds = new MessageTemplate("docs", "en")
        {
            Components =
            [
                new TemplateComponent(TemplateComponentType.Header) { Parameters = [new TemplateParameter(TemplateParameterKind.Document, "987654321")] },
                new TemplateComponent(TemplateComponentType.Body) { Parameters = [new TemplateParameter(TemplateParameterKind.Video, "http://cdn.example.com/v.mp4")] },
            ],
        };

        var body = Single(new OutboundMessage(new MessageId(MessageIdText), Conversation(Phone), []) { Template = withIds });
        var bare = Single(new OutboundMessage(new MessageId(MessageIdText), Conversation(Phone), []) { Template = new MessageTemplate("hello_world", "en_US") });

        AssertJson(
            """
            {"name":"docs","language":{"policy":"deterministic","code":"en"},"components":[
              {"type":"header","parameters":[{"type":"document","document":{"id":"987654321"}}]},
              {"type":"body","parameters":[{"type":"video","video":{"link":"http://cdn.example.com/v.mp4"}}]}]}
            """,
            Parse(body)["template"]!.ToJsonString());
        AssertJson("""{"name":"hello_world","language":{"policy":"deterministic","code":"en_US"}}""", Parse(bare)["template"]!.ToJsonString());
    }

    [Fact]
    public void Template_WithReplyTo_QuotesTheMessage()
    {
        var message = new OutboundMessage(new MessageId(MessageIdText), Conversation(Phone), [])
        {
            Template = new MessageTemplate("hello_world", "en_US"),
            ReplyTo = new NetworkMessageId(Wamid),
        };

        var body = Single(message);

        Assert.Equal(Wamid, Parse(body)["context"]!["message_id"]!.GetValue<string>());
    }

    // ---- Recipients ----------------------------------------------------------------------------------------------

    [Fact]
    public void Recipient_PhoneIsPreferredOverTheBsuidKey()
    {
        var participant = new Participant(ChannelId.WhatsApp, Account, new NetworkUserId(Bsuid)) { Phone = Phone };
        var message = Message(Bsuid, new TextPart("hi")) with { Recipient = participant };

        var json = Parse(Single(message));

        Assert.Equal(Phone, json["to"]!.GetValue<string>());
        Assert.Null(json["recipient"]);
    }

    [Fact]
    public void Recipient_BsuidWithoutPhone_UsesTheRecipientProperty()
    {
        var participant = new Participant(ChannelId.WhatsApp, Account, new NetworkUserId(Bsuid));
        var message = Message(Bsuid, new TextPart("hi")) with { Recipient = participant };

        var body = Single(message);

        AssertJson(
            $$$"""
            {"messaging_product":"whatsapp","recipient_type":"individual","recipient":"{{{Bsuid}}}","type":"text",
             "text":{"body":"hi","preview_url":false},"biz_opaque_callback_data":"{{{Callback}}}"}
            """,
            body);
    }

    [Fact]
    public void Recipient_BsuidThreadKeyWithoutRecipient_UsesTheRecipientProperty()
    {
        var json = Parse(Single(Message(Bsuid, new TextPart("hi"))));

        Assert.Equal(Bsuid, json["recipient"]!.GetValue<string>());
        Assert.Null(json["to"]);
    }

    [Fact]
    public void Recipient_PhoneThreadKey_IsSentTo()
    {
        var json = Parse(Single(Message(Phone, new TextPart("hi"))));

        Assert.Equal(Phone, json["to"]!.GetValue<string>());
        Assert.Null(json["recipient"]);
    }

    [Fact]
    public void Recipient_LeadingPlus_IsStripped_FromThePhoneAndFromAPhoneKey()
    {
        var participant = new Participant(ChannelId.WhatsApp, Account, new NetworkUserId(Bsuid)) { Phone = "+" + Phone };
        var fromPhone = Parse(Single(Message(Bsuid, new TextPart("hi")) with { Recipient = participant }));
        var fromKey = Parse(Single(Message("+" + Phone, new TextPart("hi"))));

        Assert.Equal(Phone, fromPhone["to"]!.GetValue<string>());
        Assert.Equal(Phone, fromKey["to"]!.GetValue<string>());
    }

    [Fact]
    public void Recipient_TakesTheRecipientsKeyOverTheThread()
    {
        var participant = new Participant(ChannelId.WhatsApp, Account, new NetworkUserId("CC.ENT.99"));
        var json = Parse(Single(Message(Phone, new TextPart("hi")) with { Recipient = participant }));

        Assert.Equal("CC.ENT.99", json["recipient"]!.GetValue<string>());
    }

    // ---- Several bodies ------------------------------------------------------------------------------------------

    [Fact]
    public void MultiPart_IsSeveralBodiesInOrder_EachWithTheCallback()
    {
        var message = Message(
            Phone,
            new TextPart("Here is your invoice"),
            new MediaPart(MediaKind.Document) { NetworkMediaId = "doc-1", FileName = "invoice.pdf" },
            new LocationPart(1.5, 2.5),
            new TextPart("Anything else?"),
            new ChoicePart(ChoiceKind.Button, "No", "no"),
            new ReactionPart("🙏", new NetworkMessageId(Wamid))) with { ReplyTo = new NetworkMessageId(Wamid) };

        var bodies = Build(message);

        Assert.Equal(["text", "document", "location", "interactive", "reaction"], bodies.Select(b => Parse(b)["type"]!.GetValue<string>()));
        Assert.All(bodies, b => Assert.Equal(Callback, Parse(b)["biz_opaque_callback_data"]!.GetValue<string>()));
        Assert.NotNull(Parse(bodies[0])["context"]);
        Assert.All(bodies.Skip(1), b => Assert.Null(Parse(b)["context"]));
    }

    [Fact]
    public void Bodies_AreCompleteIndependentDocuments()
    {
        // The pooled buffer is reused between bodies and calls: each body must be a copy.
        var first = Build(Message(Phone, new TextPart("one"), new TextPart("two")));
        var second = Build(Message(Phone, new TextPart("three")));

        Assert.Equal("one", Parse(first[0])["text"]!["body"]!.GetValue<string>());
        Assert.Equal("two", Parse(first[1])["text"]!["body"]!.GetValue<string>());
        Assert.Equal("three", Parse(second[0])["text"]!["body"]!.GetValue<string>());
    }

    // ---- Refusals ------------------------------------------------------------------------------------------------

    public static TheoryData<string, string> Refusals => new()
    {
        { "text_4097", "The text is 4097 characters long; WhatsApp allows at most 4096." },
        { "text_empty", "A text part is empty; WhatsApp does not send empty messages." },
        { "interactive_body_1025", "The text of an interactive message is 1025 characters long; WhatsApp allows at most 1024." },
        { "buttons_4", "The message offers 4 reply buttons; WhatsApp allows at most 3." },
        { "button_title_21", "The title of reply button 2 is 21 characters long; WhatsApp allows at most 20." },
        { "button_title_empty", "Reply button 1 has no title." },
        { "rows_11", "The list has 11 rows; WhatsApp allows at most 10." },
        { "row_title_25", "The title of list row 1 is 25 characters long; WhatsApp allows at most 24." },
        { "row_description_73", "The description of list row 2 is 73 characters long; WhatsApp allows at most 72." },
        { "section_title_25", "The title of list section 1 is 25 characters long; WhatsApp allows at most 24." },
        { "mixed_choices", "An interactive message holds either reply buttons or list rows, not both." },
        { "choice_without_text", "Reply buttons and list rows must follow a text part: WhatsApp sends them under that text as one interactive message." },
        { "choice_after_media", "Reply buttons and list rows must follow a text part: WhatsApp sends them under that text as one interactive message." },
        { "postback", "WhatsApp has no postbacks; offer reply buttons or list rows under a text part instead." },
        { "postback_alone", "WhatsApp has no postbacks; offer reply buttons or list rows under a text part instead." },
        { "media_without_source", "The image has neither a WhatsApp media id nor an http(s) address." },
        { "media_relative_url", "The document has neither a WhatsApp media id nor an http(s) address." },
        { "caption_on_audio", "WhatsApp shows no caption on audio; send the caption as a text part." },
        { "caption_on_sticker", "WhatsApp shows no caption on a sticker; send the caption as a text part." },
        { "caption_1025", "The caption is 1025 characters long; WhatsApp allows at most 1024." },
        { "location_out_of_range", "The location's coordinates are out of range (latitude -90 to 90, longitude -180 to 180)." },
        { "contact_without_name", "Contact card 1 has no name; WhatsApp needs a formatted name." },
        { "reaction_without_emoji", "A reaction needs an emoji (or must be marked removed)." },
        { "unsupported", "WhatsApp cannot send content SocialCare does not support (type 'order')." },
        { "empty", "The message has nothing to send: no parts and no template." },
        { "template_with_parts", "A template message cannot carry other parts (this one has 1); send them as a separate message." },
        { "template_button_without_index", "Template component 1 is a button without a (non-negative) button index." },
        { "template_without_name", "The template has no name." },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void TryBuild_UnsendableMessage_IsRefusedWithNoBodies(string scenario, string expected)
    {
        var ok = WhatsAppRequests.TryBuild(Refused(scenario), Settings, out var bodies, out var refusal);

        Assert.False(ok);
        Assert.Empty(bodies);
        Assert.NotNull(refusal);
        Assert.Equal("refused", refusal.Code);
        Assert.Equal(ChannelErrorKind.Refused, refusal.Kind);
        Assert.False(refusal.IsTransient);
        Assert.Equal(expected, refusal.Message);
    }

    [Fact]
    public void Refusal_AfterSendableParts_LeavesNoBodies_AndNeverQuotesTheContent()
    {
        const string Secret = "my card number is 4111 1111 1111 1111";
        var message = Message(Phone, new TextPart("fine"), new TextPart(Secret + new string('x', WhatsAppDefaults.MaxTextLength)));

        var ok = WhatsAppRequests.TryBuild(message, Settings, out var bodies, out var refusal);

        Assert.False(ok);
        Assert.Empty(bodies);
        Assert.DoesNotContain("4111", refusal!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ListButtonText_TooLong_IsRefused()
    {
        var message = Message(Phone, new TextPart("Pick"), new ChoicePart(ChoiceKind.ListItem, "A", "a"));

        var ok = WhatsAppRequests.TryBuild(message, Settings with { ListButtonText = new string('b', 21) }, out _, out var refusal);

        Assert.False(ok);
        Assert.Equal("The list button text is 21 characters long; WhatsApp allows at most 20.", refusal!.Message);
    }

    [Fact]
    public void CallbackData_TooLong_IsRefused()
    {
        var message = new OutboundMessage(new MessageId(new string('m', 502)), Conversation(Phone), [new TextPart("hi")]);

        var ok = WhatsAppRequests.TryBuild(message, Settings, out _, out var refusal);

        Assert.False(ok);
        Assert.Equal("The callback data is 513 characters long; WhatsApp allows at most 512.", refusal!.Message);
    }

    // ---- Mark read -----------------------------------------------------------------------------------------------

    [Fact]
    public void MarkRead_WithoutTyping()
    {
        AssertJson(
            $$$"""{"messaging_product":"whatsapp","status":"read","message_id":"{{{Wamid}}}"}""",
            WhatsAppRequests.MarkRead(new NetworkMessageId(Wamid), typing: false));
    }

    [Fact]
    public void MarkRead_WithTyping()
    {
        AssertJson(
            $$$"""{"messaging_product":"whatsapp","status":"read","message_id":"{{{Wamid}}}","typing_indicator":{"type":"text"}}""",
            WhatsAppRequests.MarkRead(new NetworkMessageId(Wamid), typing: true));
    }

    [Fact]
    public void MarkRead_DefaultId_Throws()
    {
        Assert.Throws<ArgumentException>(() => WhatsAppRequests.MarkRead(default, typing: false));
    }

    // ---- Send answers --------------------------------------------------------------------------------------------

    [Fact]
    public void TryReadSendAnswer_ReadsTheWamidAndStatus()
    {
        var json = """{"messaging_product":"whatsapp","contacts":[{"input":"447700900123","wa_id":"447700900123"}],"messages":[{"id":"wamid.HBgM…","message_status":"accepted"}]}"""u8;

        var ok = WhatsAppRequests.TryReadSendAnswer(json, out var id, out var status);

        Assert.True(ok);
        Assert.Equal("wamid.HBgM…", id);
        Assert.Equal("accepted", status);
    }

    [Fact]
    public void TryReadSendAnswer_WithoutStatus_AndWithEscapedId()
    {
        var json = """{"messages":[{"id":"wamid.HBgM\u002BA\/B="},{"id":"ignored"}],"messaging_product":"whatsapp","contacts":[{"input":"US.1","user_id":"US.1"}]}"""u8;

        var ok = WhatsAppRequests.TryReadSendAnswer(json, out var id, out var status);

        Assert.True(ok);
        Assert.Equal("wamid.HBgM+A/B=", id);
        Assert.Null(status);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"messages\":[]}")]
    [InlineData("{\"messages\":[{\"message_status\":\"accepted\"}]}")]
    [InlineData("{\"messages\":[{\"id\":\"\"}]}")]
    [InlineData("{\"messages\":\"wamid.x\"}")]
    [InlineData("{\"messages\":[\"wamid.x\"]}")]
    [InlineData("{\"error\":{\"message\":\"(#131047) Re-engagement message\",\"code\":131047}}")]
    [InlineData("{\"messages\":[{\"id\":\"wamid.x\"")]
    public void TryReadSendAnswer_Garbage_IsFalse(string body)
    {
        var ok = WhatsAppRequests.TryReadSendAnswer(Encoding.UTF8.GetBytes(body), out var id, out var status);

        Assert.False(ok);
        Assert.Null(id);
        Assert.Null(status);
    }

    // ---- Media info ----------------------------------------------------------------------------------------------

    [Fact]
    public void TryReadMediaInfo_FileSizeAsNumber()
    {
        var json = """{"messaging_product":"whatsapp","url":"https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=123&ext=1","mime_type":"image/jpeg","sha256":"q83vEjRWeJA=","file_size":303833,"id":"1234567890"}"""u8;

        var ok = WhatsAppRequests.TryReadMediaInfo(json, out var info);

        Assert.True(ok);
        Assert.Equal(new Uri("https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=123&ext=1"), info.Url);
        Assert.Equal("image/jpeg", info.MimeType);
        Assert.Equal("q83vEjRWeJA=", info.Sha256);
        Assert.Equal(303833, info.FileSize);
        Assert.Equal("1234567890", info.Id);
    }

    [Fact]
    public void TryReadMediaInfo_FileSizeAsString()
    {
        var json = """{"url":"https://lookaside.fbsbx.com/x","file_size":"1048576","id":1234567890,"extra":{"nested":[1,2]}}"""u8;

        var ok = WhatsAppRequests.TryReadMediaInfo(json, out var info);

        Assert.True(ok);
        Assert.Equal(1048576, info.FileSize);
        Assert.Equal("1234567890", info.Id);
        Assert.Null(info.MimeType);
        Assert.Null(info.Sha256);
    }

    [Theory]
    [InlineData("{\"mime_type\":\"image/jpeg\",\"file_size\":1,\"id\":\"1\"}")]
    [InlineData("{\"url\":\"/relative/path\",\"id\":\"1\"}")]
    [InlineData("{\"url\":null}")]
    [InlineData("garbage")]
    [InlineData("{\"url\":\"https://lookaside.fbsbx.com/x\"")]
    public void TryReadMediaInfo_WithoutUsableUrl_IsFalse(string body)
    {
        Assert.False(WhatsAppRequests.TryReadMediaInfo(Encoding.UTF8.GetBytes(body), out _));
    }

    // ---- BSUID ---------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("US.13491208655302741918", true)]
    [InlineData("CC.ENT.123", true)]
    [InlineData("BR.abcDEF123", true)]
    [InlineData("447700900123", false)]
    [InlineData("+447700900123", false)]
    [InlineData("", false)]
    [InlineData("US.", false)]
    [InlineData("CC.ENT.", false)]
    [InlineData("us.123", false)]
    [InlineData("US.12-34", false)]
    [InlineData("USA.123", false)]
    public void IsBusinessScopedId_Cases(string key, bool expected)
    {
        Assert.Equal(expected, WhatsAppRequests.IsBusinessScopedId(key));
    }

    [Fact]
    public void IsBusinessScopedId_LongerThan128_IsFalse()
    {
        Assert.True(WhatsAppRequests.IsBusinessScopedId("US." + new string('1', 128)));
        Assert.False(WhatsAppRequests.IsBusinessScopedId("US." + new string('1', 129)));
    }

    // ---- Helpers -------------------------------------------------------------------------------------------------

    private static OutboundMessage Refused(string scenario)
    {
        var button = (string title) => new ChoicePart(ChoiceKind.Button, title, null);
        var row = (string title) => new ChoicePart(ChoiceKind.ListItem, title, null);
        return scenario switch
        {
            "text_4097" => Message(Phone, new TextPart(new string('a', 4097))),
            "text_empty" => Message(Phone, new TextPart("  ")),
            "interactive_body_1025" => Message(Phone, new TextPart(new string('a', 1025)), button("Yes")),
            "buttons_4" => Message(Phone, new TextPart("Q"), button("1"), button("2"), button("3"), button("4")),
            "button_title_21" => Message(Phone, new TextPart("Q"), button("ok"), button(new string('b', 21))),
            "button_title_empty" => Message(Phone, new TextPart("Q"), button(" ")),
            "rows_11" => Message(Phone, [new TextPart("Q"), .. Enumerable.Range(0, 11).Select(i => row("r" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))]),
            "row_title_25" => Message(Phone, new TextPart("Q"), row(new string('r', 25))),
            "row_description_73" => Message(Phone, new TextPart("Q"), row("a"), row("b") with { Description = new string('d', 73) }),
            "section_title_25" => Message(Phone, new TextPart("Q"), row("a") with { Section = new string('s', 25) }),
            "mixed_choices" => Message(Phone, new TextPart("Q"), button("a"), row("b")),
            "choice_without_text" => Message(Phone, button("a")),
            "choice_after_media" => Message(Phone, new MediaPart(MediaKind.Image) { NetworkMediaId = "1" }, button("a")),
            "postback" => Message(Phone, new TextPart("Q"), new ChoicePart(ChoiceKind.Postback, "Start", "GET_STARTED")),
            "postback_alone" => Message(Phone, new ChoicePart(ChoiceKind.Postback, "Start", "GET_STARTED")),
            "media_without_source" => Message(Phone, new MediaPart(MediaKind.Image)),
            "media_relative_url" => Message(Phone, new MediaPart(MediaKind.Document) { Url = new Uri("files/a.pdf", UriKind.Relative) }),
            "caption_on_audio" => Message(Phone, new MediaPart(MediaKind.Audio) { NetworkMediaId = "1", Caption = "listen" }),
            "caption_on_sticker" => Message(Phone, new MediaPart(MediaKind.Sticker) { NetworkMediaId = "1", Caption = "ha" }),
            "caption_1025" => Message(Phone, new MediaPart(MediaKind.Image) { NetworkMediaId = "1", Caption = new string('c', 1025) }),
            "location_out_of_range" => Message(Phone, new LocationPart(91, 0)),
            "contact_without_name" => Message(Phone, new ContactPart(" ")),
            "reaction_without_emoji" => Message(Phone, new ReactionPart("", new NetworkMessageId(Wamid))),
            "unsupported" => Message(Phone, new UnsupportedPart("order")),
            "empty" => Message(Phone),
            "template_with_parts" => Message(Phone, new TextPart("hi")) with { Template = new MessageTemplate("hello_world", "en_US") },
            "template_button_without_index" => Message(Phone) with
            {
                Template = new MessageTemplate("t", "en") { Components = [new TemplateComponent(TemplateComponentType.Button) { Parameters = [new TemplateParameter(TemplateParameterKind.Payload, "p")] }] },
            },
            "template_without_name" => Message(Phone) with { Template = new MessageTemplate(" ", "en") },
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null),
        };
    }

    private static ConversationRef Conversation(string threadKey) =>
        new(ChannelId.WhatsApp, Account, new ThreadId(threadKey), ConversationVisibility.Private);

    private static OutboundMessage Message(string threadKey, params MessagePart[] parts) =>
        new(new MessageId(MessageIdText), Conversation(threadKey), parts);

    private static IReadOnlyList<byte[]> Build(OutboundMessage message, WhatsAppSendSettings? settings = null)
    {
        var ok = WhatsAppRequests.TryBuild(message, settings ?? Settings, out var bodies, out var refusal);
        Assert.True(ok, refusal?.Message);
        Assert.Null(refusal);
        return bodies;
    }

    private static byte[] Single(OutboundMessage message, WhatsAppSendSettings? settings = null) => Assert.Single(Build(message, settings));

    private static JsonNode Parse(byte[] body) => JsonNode.Parse(body)!;

    private static void AssertJson(string expected, byte[] actual) => AssertJson(expected, Encoding.UTF8.GetString(actual));

    private static void AssertJson(string expected, string actual)
    {
        var e = JsonNode.Parse(expected);
        var a = JsonNode.Parse(actual);
        Assert.True(JsonNode.DeepEquals(e, a), $"Expected:\n{e?.ToJsonString()}\nActual:\n{a?.ToJsonString()}");
    }
}
