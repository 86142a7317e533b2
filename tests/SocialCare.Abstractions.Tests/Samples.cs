using SocialCare.Abstractions;

namespace SocialCare.Abstractions.Tests;

/// <summary>One fully populated instance of each model type, for round-trip and convention tests.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset At = new(2026, 11, 22, 9, 30, 15, 123, TimeSpan.Zero);
    public static readonly ChannelAccountId Page = new("104512345678901");
    public static readonly Participant Giulia = new(ChannelId.Facebook, Page, new NetworkUserId("7712345678901234"))
    {
        DisplayName = "Giulia Rossi",
        Handle = "giulia.r",
        Phone = "393471234567",
    };

    public static readonly ConversationRef Private = ConversationRef.PrivateWith(Giulia);
    public static readonly ConversationRef PublicThread = new(ChannelId.Facebook, Page, new ThreadId("104512345678901_998877"), ConversationVisibility.Public);
    public static readonly IdempotencyKey Key = new(ChannelId.Facebook, Page, "m_AbC-123");
    public static readonly NetworkMessageId Mid = new("m_AbC-123");

    public static IEnumerable<MessagePart> Parts()
    {
        yield return new TextPart("Ciao! Il mio ordine #1042 non è arrivato 😢 <b>&amp;</b>");
        yield return new MediaPart(MediaKind.Image)
        {
            NetworkMediaId = "1234567890",
            Url = new Uri("https://cdn.example.test/image.jpg?sig=abc"),
            MimeType = "image/jpeg",
            Size = 123456,
            Sha256 = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=",
            Caption = "the box",
            FileName = "box.jpg",
        };
        yield return new MediaPart(MediaKind.Audio) { NetworkMediaId = "55", MimeType = "audio/ogg; codecs=opus", IsVoice = true };
        yield return new MediaPart(MediaKind.Video) { Url = new Uri("https://cdn.example.test/v.mp4") };
        yield return new MediaPart(MediaKind.Document) { NetworkMediaId = "77", FileName = "invoice.pdf", MimeType = "application/pdf" };
        yield return new MediaPart(MediaKind.Sticker) { Url = new Uri("https://cdn.example.test/s.webp") };
        yield return new LocationPart(45.4642, 9.19) { Name = "Duomo", Address = "Piazza del Duomo, Milano", Url = new Uri("https://maps.example.test/duomo") };
        yield return new ContactPart("Mario Bianchi")
        {
            FirstName = "Mario",
            LastName = "Bianchi",
            Organization = "ACME",
            Phones = [new ContactPhone("+39 02 1234567") { Type = "WORK", WhatsAppId = new NetworkUserId("39021234567") }],
            Emails = ["mario@example.test"],
        };
        yield return new ChoicePart(ChoiceKind.QuickReply, "Track my order", "TRACK_ORDER");
        yield return new ChoicePart(ChoiceKind.Button, "Yes", null);
        yield return new ChoicePart(ChoiceKind.Postback, "Get started", "GET_STARTED");
        yield return new ChoicePart(ChoiceKind.ListItem, "Milano Centro", "STORE_MI") { Description = "Via Dante 4", Section = "Lombardia" };
        yield return new ChoicePart(ChoiceKind.ListItem, "Refund", "row-2") { Description = "Ask for your money back" };
        yield return new ReactionPart("❤", Mid);
        yield return new ReactionPart("", Mid) { Removed = true };
        yield return new UnsupportedPart("ephemeral") { Description = "Message type unsupported" };
    }

    public static Referral Referral => new("ADS")
    {
        Ref = "spring-sale",
        SourceId = "120201234",
        SourceType = "ad",
        SourceUrl = new Uri("https://fb.example.test/ad/120201234"),
        Headline = "Spring sale",
        Body = "20% off",
    };

    public static IEnumerable<InboundEvent> Events()
    {
        yield return new MessageReceived(Key, Private, Giulia, At, Mid, [.. Parts()]) { ReplyTo = new NetworkMessageId("m_prev"), Referral = Referral };
        yield return new MessageReceived(Key with { EventId = "m_echo" }, Private, Giulia, At, new NetworkMessageId("m_echo"), [new TextPart("We are on it")])
        {
            Direction = MessageDirection.Outbound,
            Author = AuthorKind.Agent,
            LocalId = new MessageId("0195f0c2a1b27c3d8e9f0a1b2c3d4e5f"),
        };
        yield return new MessageReceived(Key with { EventId = "m_standby" }, Private, Giulia, At, new NetworkMessageId("m_standby"), [new TextPart("Anyone?")]) { Standby = true };
        yield return new MessageReceived(Key with { EventId = "c1" }, PublicThread, Giulia, At, new NetworkMessageId("998877_1"), [new TextPart("Broken again!")]);
        yield return new MessageReceived(Key with { EventId = "post:1" }, PublicThread, Giulia, At, new NetworkMessageId("1"), [new TextPart("Is the Nimbus any good?")])
        {
            Origin = MessageOrigin.Listening,
            MatchedRule = "brand-questions",
        };
        yield return new MessageEdited(Key with { EventId = "m_AbC-123#1" }, Private, Giulia, At, Mid, [new TextPart("edited")]);
        yield return new MessageDeleted(Key with { EventId = "del" }, Private, Giulia, At, Mid);
        yield return new DeliveryStatusChanged(Key with { EventId = "read:1" }, Private, Giulia, At, DeliveryStatus.Read) { Watermark = At };
        yield return new DeliveryStatusChanged(Key with { EventId = "failed:1" }, Private, Giulia, At, DeliveryStatus.Failed)
        {
            MessageId = Mid,
            Failure = new DeliveryFailure("131047", "Re-engagement message"),
            LocalId = new MessageId("0190a1b2c3d4e5f60718293a4b5c6d7e"),
        };
        yield return new ReactionChanged(Key with { EventId = "r" }, Private, Giulia, At, new ReactionPart("👍", Mid));
        yield return new ReferralReceived(Key with { EventId = "ref" }, Private, Giulia, At, Referral);
        yield return new ConversationControlChanged(Key with { EventId = "pass:1" }, Private, Giulia, At, ConversationControl.Elsewhere)
        {
            OwnerAppId = "263902037430900",
            PreviousOwnerAppId = "1398475620193847",
            Metadata = "to a person",
        };
        yield return new IdentityChanged(Key with { EventId = "wamid.sys" }, Private, Giulia, At, Giulia with { UserKey = new NetworkUserId("393470000000"), Phone = "393470000000" })
        {
            Description = "User Giulia changed from 393471234567 to 393470000000",
        };
        yield return new ActivityObserved(Key with { EventId = "like:1" }, PublicThread, Giulia, At, ParticipantActivity.Liked)
        {
            RawType = "favorite",
            Target = Mid,
        };
        yield return new ActivityObserved(Key with { EventId = "block:1" }, Private, Giulia, At, ParticipantActivity.Blocked) { RawType = "block", ByAccount = true };
        yield return new UnsupportedEvent(Key with { EventId = "u" }, Private, Giulia, At, "messaging_optins") { Description = "opt-in" };
    }

    public static Ticket Ticket => new(new TicketId("t1"), Private, new CustomerId("c1"), TicketState.Pending, At, 3)
    {
        Priority = TicketPriority.High,
        Assignee = new AgentId("a1"),
        UpdatedAt = At.AddMinutes(5),
        LastCustomerMessageAt = At,
        LastAgentMessageAt = At.AddMinutes(4),
        PreviousTicket = new TicketId("t0"),
    };

    public static Message Message => new(new MessageId("msg1"), new TicketId("t1"), Private, MessageDirection.Outbound, AuthorKind.Agent, At, [.. Parts()])
    {
        Sender = Giulia,
        Agent = new AgentId("a1"),
        NetworkId = Mid,
        ReplyTo = new MessageId("msg0"),
        ReplyToNetworkId = new NetworkMessageId("m_prev"),
        ReceivedAt = At,
        EditedAt = At.AddSeconds(1),
        DeletedAt = At.AddSeconds(2),
        Status = DeliveryStatus.Failed,
        Failure = new DeliveryFailure("131047", "Re-engagement message"),
        Referral = Referral,
    };

    public static IEnumerable<TicketEvent> TicketEvents()
    {
        yield return new TicketCreated(new TicketId("t1"), At, Ticket);
        yield return new MessageAppended(new TicketId("t1"), At, Message);
        yield return new MessageUpdated(new TicketId("t1"), At, Message with { Status = DeliveryStatus.Read, Failure = null });
        yield return new TicketStateChanged(new TicketId("t1"), At, TicketState.Pending, TicketState.Open, "customer replied");
        yield return new TicketAssigned(new TicketId("t1"), At, null, new AgentId("zoe"), "round robin");
        yield return new TicketPriorityChanged(new TicketId("t1"), At, TicketPriority.Normal, TicketPriority.High, "public thread");
        yield return new TicketMerged(new TicketId("t2"), At, new TicketId("t1"), 3);
        yield return new SlaWarning(new TicketId("t1"), At, SlaMetric.FirstResponse, At.AddMinutes(15));
        yield return new SlaBreached(new TicketId("t1"), At, SlaMetric.Resolution, At);
        yield return new SatisfactionRated(new TicketId("t1"), At, 4, new AgentId("zoe"));
        yield return new ReplyFailed(
            new TicketId("t1"),
            At,
            new Message(new MessageId("m9"), new TicketId("t1"), ConversationRef.PrivateWith(new Participant(ChannelId.WhatsApp, new ChannelAccountId("phone-1"), new NetworkUserId("393331234567"))), MessageDirection.Outbound, AuthorKind.Agent, At, [new TextPart("Hello")])
            {
                Status = DeliveryStatus.Failed,
                Failure = new DeliveryFailure("131047", "Re-engagement message"),
            },
            new DeliveryFailure("131047", "Re-engagement message"));
    }

    public static OutboundMessage Outbound => new(new MessageId("out1"), Private, [new TextPart("Hello")])
    {
        Recipient = Giulia,
        Agent = new AgentId("a1"),
        ReplyTo = new NetworkMessageId("998877_1"),
        PrivateReply = true,
        MessagingTag = "HUMAN_AGENT",
        Template = new MessageTemplate("order_update", "it")
        {
            Components =
            [
                new TemplateComponent(TemplateComponentType.Header) { Parameters = [new TemplateParameter(TemplateParameterKind.Image, "https://cdn.example.test/h.png")] },
                new TemplateComponent(TemplateComponentType.Body) { Parameters = [new TemplateParameter(TemplateParameterKind.Text, "1042") { Name = "order" }] },
                new TemplateComponent(TemplateComponentType.Button) { ButtonIndex = 0, ButtonSubType = "quick_reply", Parameters = [new TemplateParameter(TemplateParameterKind.Payload, "TRACK")] },
            ],
        },
    };
}
