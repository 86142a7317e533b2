namespace SocialCare.Core.Tests.Replies;

public class ReplyPolicyTests
{
    private const int H = 60;
    private const int D = 24 * H;

    private const string Messenger = "messenger";
    private const string FacebookComments = "facebook-comments";
    private const string WhatsApp = "whatsapp";
    private const string XDirectMessages = "x-dm";
    private const string XPublicReplies = "x-public";
    private const string PrivateOnlyComments = "private-only-comments";

    /// <summary>When the customer last wrote in every test; "now" is given in minutes after it.</summary>
    private static readonly DateTimeOffset CustomerWroteAt = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    // Capability presets shaped like the real channels (meta.md §5.3, §6.3, §8.4; x.md §5).
    private static readonly ChannelCapabilities MessengerCaps = new(
        ChannelFeatures.TypingIndicators | ChannelFeatures.ReadReceipts | ChannelFeatures.Reactions,
        MessagePartKinds.Text | MessagePartKinds.Image | MessagePartKinds.Audio | MessagePartKinds.Video | MessagePartKinds.Document | MessagePartKinds.Choice)
    {
        ReplyWindow = TimeSpan.FromHours(24),
        TaggedReplyWindow = TimeSpan.FromDays(7),
        HumanAgentTag = "HUMAN_AGENT",
        MaxTextLength = 2000,
    };

    private static readonly ChannelCapabilities FacebookCommentCaps = new(
        ChannelFeatures.PublicReplies | ChannelFeatures.PrivateRepliesToPublic | ChannelFeatures.Moderation,
        MessagePartKinds.Text | MessagePartKinds.Image)
    {
        PrivateReplyWindow = TimeSpan.FromDays(7),
        MaxTextLength = 8000,
    };

    private static readonly ChannelCapabilities WhatsAppCaps = new(
        ChannelFeatures.Templates | ChannelFeatures.ReadReceipts | ChannelFeatures.Reactions,
        MessagePartKinds.Text | MessagePartKinds.Image | MessagePartKinds.Audio | MessagePartKinds.Video | MessagePartKinds.Document
            | MessagePartKinds.Sticker | MessagePartKinds.Location | MessagePartKinds.Contact | MessagePartKinds.Choice | MessagePartKinds.Reaction)
    {
        ReplyWindow = TimeSpan.FromHours(24),
        MaxTextLength = 4096,
    };

    private static readonly ChannelCapabilities XDirectMessageCaps = new(
        ChannelFeatures.None,
        MessagePartKinds.Text | MessagePartKinds.Image | MessagePartKinds.Video)
    {
        MaxTextLength = 10_000,
    };

    private static readonly ChannelCapabilities XPublicReplyCaps = new(
        ChannelFeatures.PublicReplies,
        MessagePartKinds.Text | MessagePartKinds.Image | MessagePartKinds.Video)
    {
        MaxTextLength = 280,
    };

    // Not a real channel: comments that can only be answered privately, without a time limit.
    private static readonly ChannelCapabilities PrivateOnlyCommentCaps = new(ChannelFeatures.PrivateRepliesToPublic, MessagePartKinds.Text);

    private static readonly MessageTemplate Template = new("order_update", "en_US");

    [Theory]
    [InlineData(Messenger, 0, ReplyMode.FreeText, 24 * H, null)]
    [InlineData(Messenger, 1 * H, ReplyMode.FreeText, 24 * H, null)]
    [InlineData(Messenger, (23 * H) + 59, ReplyMode.FreeText, 24 * H, null)]
    [InlineData(Messenger, 24 * H, ReplyMode.TagRequired, 7 * D, "HUMAN_AGENT")]
    [InlineData(Messenger, 3 * D, ReplyMode.TagRequired, 7 * D, "HUMAN_AGENT")]
    [InlineData(Messenger, (7 * D) - 1, ReplyMode.TagRequired, 7 * D, "HUMAN_AGENT")]
    [InlineData(Messenger, 7 * D, ReplyMode.Nothing, null, null)]
    [InlineData(Messenger, 8 * D, ReplyMode.Nothing, null, null)]
    [InlineData(Messenger, null, ReplyMode.Nothing, null, null)]
    [InlineData(WhatsApp, 1 * H, ReplyMode.FreeText, 24 * H, null)]
    [InlineData(WhatsApp, 24 * H, ReplyMode.TemplateRequired, null, null)]
    [InlineData(WhatsApp, 25 * H, ReplyMode.TemplateRequired, null, null)]
    [InlineData(WhatsApp, null, ReplyMode.TemplateRequired, null, null)]
    [InlineData(XDirectMessages, 1 * H, ReplyMode.FreeText, null, null)]
    [InlineData(XDirectMessages, 400 * D, ReplyMode.FreeText, null, null)]
    [InlineData(XDirectMessages, null, ReplyMode.FreeText, null, null)]
    public void Evaluate_PrivateConversation_ModeUntilAndTagPerChannelAndWindow(
        string channel, int? minutesSinceCustomerWrote, ReplyMode mode, int? untilMinutesAfterCustomerWrote, string? tag)
    {
        var options = Evaluate(channel, ConversationVisibility.Private, minutesSinceCustomerWrote);

        Assert.Equal(mode, options.Mode);
        Assert.Equal(At(untilMinutesAfterCustomerWrote), options.Until);
        Assert.Equal(tag, options.Tag);
        Assert.False(options.CanReplyPublicly);
        Assert.Equal(mode != ReplyMode.Nothing, options.CanReplyPrivately);
        Assert.Null(options.PrivateReplyUntil);
    }

    [Theory]
    [InlineData(FacebookComments, 0, ReplyMode.FreeText, true, true, 7 * D)]
    [InlineData(FacebookComments, 1 * D, ReplyMode.FreeText, true, true, 7 * D)]
    [InlineData(FacebookComments, (7 * D) - 1, ReplyMode.FreeText, true, true, 7 * D)]
    [InlineData(FacebookComments, 7 * D, ReplyMode.PublicOnly, true, false, null)]
    [InlineData(FacebookComments, 8 * D, ReplyMode.PublicOnly, true, false, null)]
    [InlineData(FacebookComments, null, ReplyMode.PublicOnly, true, false, null)]
    [InlineData(XPublicReplies, 1 * H, ReplyMode.PublicOnly, true, false, null)]
    [InlineData(XPublicReplies, 400 * D, ReplyMode.PublicOnly, true, false, null)]
    [InlineData(PrivateOnlyComments, 400 * D, ReplyMode.FreeText, false, true, null)]
    [InlineData(PrivateOnlyComments, null, ReplyMode.Nothing, false, false, null)]
    public void Evaluate_PublicThread_ModeAndRoutesPerChannelAndWindow(
        string channel, int? minutesSinceCustomerWrote, ReplyMode mode, bool canReplyPublicly, bool canReplyPrivately, int? privateUntilMinutesAfterCustomerWrote)
    {
        var options = Evaluate(channel, ConversationVisibility.Public, minutesSinceCustomerWrote);

        Assert.Equal(mode, options.Mode);
        Assert.Equal(canReplyPublicly, options.CanReplyPublicly);
        Assert.Equal(canReplyPrivately, options.CanReplyPrivately);
        Assert.Equal(At(privateUntilMinutesAfterCustomerWrote), options.PrivateReplyUntil);
        Assert.Null(options.Until);
        Assert.Null(options.Tag);
    }

    [Theory]
    [InlineData(WhatsApp, ConversationVisibility.Private, TicketState.Closed, "ticket is closed")]
    [InlineData(Messenger, ConversationVisibility.Private, TicketState.Merged, "ticket is merged")]
    [InlineData(XDirectMessages, ConversationVisibility.Private, TicketState.Closed, "ticket is closed")]
    [InlineData(FacebookComments, ConversationVisibility.Public, TicketState.Merged, "ticket is merged")]
    [InlineData(XPublicReplies, ConversationVisibility.Public, TicketState.Closed, "ticket is closed")]
    public void Evaluate_InactiveTicketInsideEveryWindow_NothingWithReason(string channel, ConversationVisibility visibility, TicketState state, string reason)
    {
        var options = Evaluate(channel, visibility, 1 * H, state);

        Assert.Equal(ReplyMode.Nothing, options.Mode);
        Assert.Equal(reason, options.Reason);
        Assert.False(options.CanReplyPublicly);
        Assert.False(options.CanReplyPrivately);
        Assert.Null(options.Until);
    }

    [Theory]
    [InlineData(TicketState.New)]
    [InlineData(TicketState.Pending)]
    [InlineData(TicketState.OnHold)]
    [InlineData(TicketState.Resolved)]
    public void Evaluate_ActiveStates_FollowTheWindow(TicketState state)
        => Assert.Equal(ReplyMode.FreeText, Evaluate(WhatsApp, ConversationVisibility.Private, 1 * H, state).Mode);

    [Fact]
    public void Evaluate_InternalConversation_Nothing()
    {
        var options = Evaluate(XDirectMessages, ConversationVisibility.Internal, 1 * H);

        Assert.Equal(ReplyMode.Nothing, options.Mode);
        Assert.False(options.CanReplyPublicly);
        Assert.False(options.CanReplyPrivately);
    }

    [Theory]
    [InlineData(Messenger, false, 2000)]
    [InlineData(FacebookComments, false, 8000)]
    [InlineData(WhatsApp, true, 4096)]
    [InlineData(XDirectMessages, false, 10_000)]
    [InlineData(XPublicReplies, false, 280)]
    [InlineData(PrivateOnlyComments, false, null)]
    public void Evaluate_AnyTicket_MirrorsTemplatesAndTextLimit(string channel, bool templatesAllowed, int? maxTextLength)
    {
        foreach (var state in new[] { TicketState.Open, TicketState.Closed })
        {
            foreach (var visibility in new[] { ConversationVisibility.Private, ConversationVisibility.Public, ConversationVisibility.Internal })
            {
                var options = Evaluate(channel, visibility, 30 * D, state);

                Assert.Equal(templatesAllowed, options.TemplatesAllowed);
                Assert.Equal(maxTextLength, options.MaxTextLength);
            }
        }
    }

    [Fact]
    public void OrderTemplates_CustomersLanguageFirst_ByPrimaryTag()
    {
        TemplateDefinition[] catalogue = [new("a", "en_US"), new("b", "it_IT"), new("c", "en"), new("d", "it")];

        Assert.Equal(["b", "d", "a", "c"], ReplyPolicy.OrderTemplates(catalogue, "it-IT").Select(t => t.Name));
        Assert.Equal(["a", "b", "c", "d"], ReplyPolicy.OrderTemplates(catalogue, null).Select(t => t.Name));
        Assert.Equal(["a", "c", "b", "d"], ReplyPolicy.OrderTemplates(catalogue, "en").Select(t => t.Name));
    }

    [Fact]
    public void CheckTemplate_AgainstTheCatalogue()
    {
        TemplateDefinition[] catalogue = [new("order_update", "it") { BodyParameters = 1 }];
        var filled = new MessageTemplate("order_update", "it") { Components = [new TemplateComponent(TemplateComponentType.Body) { Parameters = [new(TemplateParameterKind.Text, "1")] }] };

        Assert.Null(ReplyPolicy.CheckTemplate(catalogue, filled));
        Assert.Null(ReplyPolicy.CheckTemplate([], new MessageTemplate("anything", "en")));
        Assert.Equal(ReplyRejection.TemplateNotFound, ReplyPolicy.CheckTemplate(catalogue, new MessageTemplate("order_update", "en"))!.Value.Rejection);
        Assert.Equal(ReplyRejection.TemplateInvalid, ReplyPolicy.CheckTemplate(catalogue, new MessageTemplate("order_update", "it"))!.Value.Rejection);
    }

    [Fact]
    public void Evaluate_InsideWindows_ReasonNamesTheWindow()
    {
        Assert.Equal("inside the 24-hour window", Evaluate(Messenger, ConversationVisibility.Private, 1 * H).Reason);
        Assert.Contains("7-day", Evaluate(Messenger, ConversationVisibility.Private, 2 * D).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_TaggedWindowWithoutTag_TagIsNotOffered()
    {
        var caps = MessengerCaps with { HumanAgentTag = null };

        var options = ReplyPolicy.Evaluate(NewTicket(Messenger, ConversationVisibility.Private, CustomerWroteAt), caps, At(2 * D)!.Value);

        Assert.Equal(ReplyMode.Nothing, options.Mode);
        Assert.Null(options.Tag);
    }

    [Fact]
    public void Evaluate_WindowReachingPastTheEndOfTime_DoesNotOverflow()
    {
        var caps = WhatsAppCaps with { ReplyWindow = TimeSpan.MaxValue };

        var options = ReplyPolicy.Evaluate(NewTicket(WhatsApp, ConversationVisibility.Private, CustomerWroteAt), caps, At(400 * D)!.Value);

        Assert.Equal(ReplyMode.FreeText, options.Mode);
        Assert.Equal(DateTimeOffset.MaxValue, options.Until);
    }

    [Fact]
    public void Evaluate_NullArguments_Throw()
    {
        var ticket = NewTicket(WhatsApp, ConversationVisibility.Private, CustomerWroteAt);

        Assert.Throws<ArgumentNullException>(() => ReplyPolicy.Evaluate(null!, WhatsAppCaps, CustomerWroteAt));
        Assert.Throws<ArgumentNullException>(() => ReplyPolicy.Evaluate(ticket, null!, CustomerWroteAt));
    }

    [Theory]
    [InlineData(WhatsApp, ConversationVisibility.Private, TicketState.Closed, false)]
    [InlineData(Messenger, ConversationVisibility.Private, TicketState.Merged, false)]
    [InlineData(FacebookComments, ConversationVisibility.Public, TicketState.Closed, true)]
    public void Check_InactiveTicket_TicketInactive(string channel, ConversationVisibility visibility, TicketState state, bool privately)
        => AssertRejected(ReplyRejection.TicketInactive, Check(channel, visibility, 1 * H, Text("hello") with { Private = privately }, state));

    [Theory]
    [InlineData(Messenger, 7 * D)]
    [InlineData(Messenger, 8 * D)]
    [InlineData(Messenger, null)]
    public void Check_WindowClosedWithoutTemplates_WindowClosed(string channel, int? minutesSinceCustomerWrote)
        => AssertRejected(ReplyRejection.WindowClosed, Check(channel, ConversationVisibility.Private, minutesSinceCustomerWrote, Text("hello")));

    [Fact]
    public void Check_WindowClosedAndTemplateOnChannelWithoutTemplates_WindowClosed()
        => AssertRejected(ReplyRejection.WindowClosed, Check(Messenger, ConversationVisibility.Private, 8 * D, new ReplyDraft([], Template)));

    [Theory]
    [InlineData(24 * H)]
    [InlineData(25 * H)]
    [InlineData(null)]
    public void Check_WhatsAppTextOutsideWindow_TemplateRequired(int? minutesSinceCustomerWrote)
        => AssertRejected(ReplyRejection.TemplateRequired, Check(WhatsApp, ConversationVisibility.Private, minutesSinceCustomerWrote, Text("hello")));

    [Theory]
    [InlineData(1 * H)]
    [InlineData(25 * H)]
    [InlineData(null)]
    public void Check_WhatsAppTemplateAnyTime_Accepted(int? minutesSinceCustomerWrote)
        => Assert.Null(Check(WhatsApp, ConversationVisibility.Private, minutesSinceCustomerWrote, new ReplyDraft([], Template)));

    [Theory]
    [InlineData(Messenger, ConversationVisibility.Private, 1 * H)]
    [InlineData(XDirectMessages, ConversationVisibility.Private, 1 * H)]
    [InlineData(FacebookComments, ConversationVisibility.Public, 1 * D)]
    public void Check_TemplateOnChannelWithoutTemplates_TemplatesNotSupported(string channel, ConversationVisibility visibility, int minutesSinceCustomerWrote)
        => AssertRejected(
            ReplyRejection.TemplatesNotSupported,
            Check(channel, visibility, minutesSinceCustomerWrote, new ReplyDraft([], Template, Private: visibility == ConversationVisibility.Public)));

    [Fact]
    public void Check_TemplatePostedPubliclyOnChannelWithTemplates_PublicReplyUnavailable()
    {
        var caps = FacebookCommentCaps with { Features = FacebookCommentCaps.Features | ChannelFeatures.Templates };
        var options = ReplyPolicy.Evaluate(NewTicket(FacebookComments, ConversationVisibility.Public, CustomerWroteAt), caps, At(1 * D)!.Value);

        AssertRejected(ReplyRejection.PublicReplyUnavailable, ReplyPolicy.Check(options, caps, new ReplyDraft([], Template)));
        Assert.Null(ReplyPolicy.Check(options, caps, new ReplyDraft([], Template, Private: true)));
    }

    [Theory]
    [InlineData(FacebookComments, 7 * D)]
    [InlineData(FacebookComments, 8 * D)]
    [InlineData(FacebookComments, null)]
    [InlineData(XPublicReplies, 1 * H)]
    [InlineData(PrivateOnlyComments, null)]
    public void Check_PrivateReplyToPublicThreadNotPossible_PrivateReplyUnavailable(string channel, int? minutesSinceCustomerWrote)
        => AssertRejected(
            ReplyRejection.PrivateReplyUnavailable,
            Check(channel, ConversationVisibility.Public, minutesSinceCustomerWrote, Text("hello") with { Private = true }));

    [Theory]
    [InlineData(400 * D)]
    [InlineData(null)]
    public void Check_PublicReplyOnChannelWithoutPublicReplies_PublicReplyUnavailable(int? minutesSinceCustomerWrote)
        => AssertRejected(
            ReplyRejection.PublicReplyUnavailable,
            Check(PrivateOnlyComments, ConversationVisibility.Public, minutesSinceCustomerWrote, Text("hello")));

    [Theory]
    [InlineData(false, ReplyRejection.PublicReplyUnavailable)]
    [InlineData(true, ReplyRejection.PrivateReplyUnavailable)]
    public void Check_InternalConversation_NoRoute(bool privately, ReplyRejection rejection)
        => AssertRejected(rejection, Check(XDirectMessages, ConversationVisibility.Internal, 1 * H, Text("hello") with { Private = privately }));

    [Theory]
    [InlineData(FacebookComments, 1 * D, false)]
    [InlineData(FacebookComments, 1 * D, true)]
    [InlineData(FacebookComments, 8 * D, false)]
    [InlineData(XPublicReplies, 400 * D, false)]
    [InlineData(PrivateOnlyComments, 400 * D, true)]
    public void Check_PublicThreadOnAnOpenRoute_Accepted(string channel, int minutesSinceCustomerWrote, bool privately)
        => Assert.Null(Check(channel, ConversationVisibility.Public, minutesSinceCustomerWrote, Text("hello") with { Private = privately }));

    [Theory]
    [InlineData(Messenger, 1 * H)]
    [InlineData(Messenger, 3 * D)]
    [InlineData(WhatsApp, 1 * H)]
    [InlineData(XDirectMessages, 400 * D)]
    public void Check_PrivateConversationInsideWindowOrTaggedWindow_Accepted(string channel, int minutesSinceCustomerWrote)
    {
        Assert.Null(Check(channel, ConversationVisibility.Private, minutesSinceCustomerWrote, Text("hello")));
        Assert.Null(Check(channel, ConversationVisibility.Private, minutesSinceCustomerWrote, Text("hello") with { Private = true }));
    }

    [Fact]
    public void Check_NoPartsNoTemplate_Empty()
        => AssertRejected(ReplyRejection.Empty, Check(WhatsApp, ConversationVisibility.Private, 1 * H, new ReplyDraft([])));

    [Fact]
    public void Check_OnlyBlankText_Empty()
        => AssertRejected(ReplyRejection.Empty, Check(WhatsApp, ConversationVisibility.Private, 1 * H, new ReplyDraft([new TextPart(" \n"), new TextPart(string.Empty)])));

    [Fact]
    public void Check_BlankTextBesideAnImage_Accepted()
        => Assert.Null(Check(WhatsApp, ConversationVisibility.Private, 1 * H, new ReplyDraft([new TextPart(" "), new MediaPart(MediaKind.Image) { NetworkMediaId = "media-1" }])));

    [Fact]
    public void Check_PartTheChannelCannotSend_UnsupportedContentNamingTheKind()
    {
        var result = Check(XPublicReplies, ConversationVisibility.Public, 1 * H, new ReplyDraft([new TextPart("here"), new LocationPart(48.85, 2.35)]));

        AssertRejected(ReplyRejection.UnsupportedContent, result);
        Assert.Contains("location", result!.Value.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UnrecognizedPart_UnsupportedContent()
        => AssertRejected(ReplyRejection.UnsupportedContent, Check(WhatsApp, ConversationVisibility.Private, 1 * H, new ReplyDraft([new UnsupportedPart("ephemeral")])));

    [Theory]
    [InlineData(Messenger, ConversationVisibility.Private, 2000)]
    [InlineData(FacebookComments, ConversationVisibility.Public, 8000)]
    [InlineData(WhatsApp, ConversationVisibility.Private, 4096)]
    [InlineData(XDirectMessages, ConversationVisibility.Private, 10_000)]
    [InlineData(XPublicReplies, ConversationVisibility.Public, 280)]
    public void Check_TextAtAndOverTheLimit_AcceptedThenTextTooLong(string channel, ConversationVisibility visibility, int limit)
    {
        Assert.Null(Check(channel, visibility, 1 * H, Text(new string('a', limit))));

        var result = Check(channel, visibility, 1 * H, Text(new string('a', limit + 1)));

        AssertRejected(ReplyRejection.TextTooLong, result);
        Assert.Contains(limit.ToString(System.Globalization.CultureInfo.InvariantCulture), result!.Value.Message, StringComparison.Ordinal);
        Assert.Contains((limit + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), result.Value.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_TaggedWindow_AcceptedWithoutTagInDraft()
    {
        var options = Evaluate(Messenger, ConversationVisibility.Private, 6 * D);

        Assert.Equal(ReplyMode.TagRequired, options.Mode);
        Assert.Null(ReplyPolicy.Check(options, MessengerCaps, Text("hello")));
    }

    [Fact]
    public void Check_Rejections_NeverQuoteTheDraft()
    {
        const string Secret = "my card number is 4111";
        var drafts = new (string Channel, ConversationVisibility Visibility, int? Minutes, ReplyDraft Draft)[]
        {
            (WhatsApp, ConversationVisibility.Private, 25 * H, Text(Secret)),
            (Messenger, ConversationVisibility.Private, 8 * D, Text(Secret)),
            (XPublicReplies, ConversationVisibility.Public, 1 * H, Text(Secret + new string('x', 300))),
            (XPublicReplies, ConversationVisibility.Public, 1 * H, Text(Secret) with { Private = true }),
            (XPublicReplies, ConversationVisibility.Public, 1 * H, new ReplyDraft([new TextPart(Secret), new ContactPart(Secret)])),
        };

        foreach (var (channel, visibility, minutes, draft) in drafts)
        {
            var result = Check(channel, visibility, minutes, draft);

            Assert.NotNull(result);
            Assert.DoesNotContain("4111", result.Value.Message, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(result.Value.Message));
        }
    }

    [Fact]
    public void Check_NullArguments_Throw()
    {
        var options = Evaluate(WhatsApp, ConversationVisibility.Private, 1 * H);

        Assert.Throws<ArgumentNullException>(() => ReplyPolicy.Check(null!, WhatsAppCaps, Text("hello")));
        Assert.Throws<ArgumentNullException>(() => ReplyPolicy.Check(options, null!, Text("hello")));
        Assert.Throws<ArgumentNullException>(() => ReplyPolicy.Check(options, WhatsAppCaps, null!));
    }

    [Fact]
    public void Check_PublicAndPrivateLimitsDiffer_EachDraftMeetsItsOwn()
    {
        // One channel for Messenger and comments: 2,000 characters privately, 8,000 in public.
        var caps = new ChannelCapabilities(ChannelFeatures.PublicReplies | ChannelFeatures.PrivateRepliesToPublic, MessagePartKinds.Text)
        {
            MaxTextLength = 2000,
            MaxPublicTextLength = 8000,
            PrivateReplyWindow = TimeSpan.FromDays(7),
        };
        var ticket = new Ticket(new TicketId("t"), new ConversationRef(new ChannelId("facebook"), new ChannelAccountId("p"), new ThreadId("post"), ConversationVisibility.Public), new CustomerId("c"), TicketState.Open, CustomerWroteAt, 1)
        {
            LastCustomerMessageAt = CustomerWroteAt,
        };
        var options = ReplyPolicy.Evaluate(ticket, caps, CustomerWroteAt.AddHours(1));
        var text = new string('a', 5000);

        Assert.Equal(8000, options.MaxTextLength);
        Assert.Null(ReplyPolicy.Check(options, caps, Text(text)));
        AssertRejected(ReplyRejection.TextTooLong, ReplyPolicy.Check(options, caps, Text(text) with { Private = true }));
        AssertRejected(ReplyRejection.TextTooLong, ReplyPolicy.Check(options, caps, Text(new string('a', 8001))));
    }

    private static ReplyDraft Text(string text) => new([new TextPart(text)]);

    private static DateTimeOffset? At(int? minutesAfterCustomerWrote)
        => minutesAfterCustomerWrote is { } minutes ? CustomerWroteAt.AddMinutes(minutes) : null;

    private static ReplyOptions Evaluate(string channel, ConversationVisibility visibility, int? minutesSinceCustomerWrote, TicketState state = TicketState.Open)
    {
        // A customer who never wrote: "now" is a day after the ticket was opened.
        var lastCustomerMessageAt = minutesSinceCustomerWrote is null ? (DateTimeOffset?)null : CustomerWroteAt;
        var now = At(minutesSinceCustomerWrote ?? 1 * D)!.Value;
        return ReplyPolicy.Evaluate(NewTicket(channel, visibility, lastCustomerMessageAt, state), CapsOf(channel), now);
    }

    private static (ReplyRejection Rejection, string Message)? Check(
        string channel, ConversationVisibility visibility, int? minutesSinceCustomerWrote, ReplyDraft draft, TicketState state = TicketState.Open)
        => ReplyPolicy.Check(Evaluate(channel, visibility, minutesSinceCustomerWrote, state), CapsOf(channel), draft);

    private static void AssertRejected(ReplyRejection expected, (ReplyRejection Rejection, string Message)? result)
    {
        Assert.NotNull(result);
        Assert.Equal(expected, result.Value.Rejection);
        Assert.False(string.IsNullOrWhiteSpace(result.Value.Message));
    }

    private static ChannelCapabilities CapsOf(string channel) => channel switch
    {
        Messenger => MessengerCaps,
        FacebookComments => FacebookCommentCaps,
        WhatsApp => WhatsAppCaps,
        XDirectMessages => XDirectMessageCaps,
        XPublicReplies => XPublicReplyCaps,
        PrivateOnlyComments => PrivateOnlyCommentCaps,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown preset."),
    };

    private static Ticket NewTicket(string channel, ConversationVisibility visibility, DateTimeOffset? lastCustomerMessageAt, TicketState state = TicketState.Open)
    {
        var channelId = channel switch
        {
            WhatsApp => ChannelId.WhatsApp,
            XDirectMessages or XPublicReplies => ChannelId.X,
            _ => ChannelId.Facebook,
        };
        var customer = new Participant(channelId, new ChannelAccountId("account-1"), new NetworkUserId("user-1"));
        var conversation = visibility == ConversationVisibility.Private
            ? ConversationRef.PrivateWith(customer)
            : new ConversationRef(channelId, customer.Account, new ThreadId("post-1"), visibility);
        return new Ticket(new TicketId("t1"), conversation, new CustomerId("c1"), state, CustomerWroteAt.AddDays(-1), 1)
        {
            LastCustomerMessageAt = lastCustomerMessageAt,
        };
    }
}
