using SocialCare.Abstractions;
using static SocialCare.Channels.Facebook.Tests.Graph.GraphTestKit;

namespace SocialCare.Channels.Facebook.Tests.Graph;

public class FacebookRequestsTests
{
    private static readonly Uri ImageUrl = new("https://cdn.example.com/a.png");

    public static TheoryData<string, string> MessengerRefusals => new()
    {
        { "text_2001", "refused_text_too_long" },
        { "caption_2001", "refused_text_too_long" },
        { "quick_replies_14", "refused_too_many_quick_replies" },
        { "quick_reply_title_21", "refused_quick_reply_title" },
        { "quick_reply_title_empty", "refused_quick_reply_title" },
        { "quick_replies_without_text", "refused_quick_replies_without_text" },
        { "quick_replies_after_media_only", "refused_quick_replies_without_text" },
        { "sticker", "refused_unsupported_content" },
        { "location", "refused_unsupported_content" },
        { "contact", "refused_unsupported_content" },
        { "button", "refused_unsupported_content" },
        { "postback", "refused_unsupported_content" },
        { "list_item", "refused_unsupported_content" },
        { "unsupported", "refused_unsupported_content" },
        { "media_without_source", "refused_media_without_source" },
        { "media_relative_url", "refused_media_without_source" },
        { "reaction_without_emoji", "refused_reaction_without_emoji" },
        { "empty", "refused_empty" },
        { "whitespace_only", "refused_empty" },
    };

    [Theory]
    [MemberData(nameof(MessengerRefusals))]
    public async Task TryBuildMessenger_UnsendableContent_RefusesWithoutHttpCall(string scenario, string code)
    {
        var handler = new RecordingHandler();

        var (refusal, results) = await SendMessageAsync(Client(handler), Parts(scenario));

        Assert.NotNull(refusal);
        Assert.Equal(code, refusal.Code);
        Assert.Equal(ChannelErrorKind.Refused, refusal.Kind);
        Assert.False(refusal.IsTransient);
        Assert.False(string.IsNullOrWhiteSpace(refusal.Message));
        Assert.Empty(results);
        Assert.Equal(0, handler.Count);
    }

    [Fact]
    public void TryBuildMessenger_Refusal_LeavesRequestListEmpty()
    {
        var requests = new List<GraphSendRequest>();

        var ok = FacebookRequests.TryBuildMessenger(
            [new TextPart("fine"), new LocationPart(48.85, 2.35)], GraphRecipient.User(Psid), FacebookRequests.Response, null, Metadata, requests, out var refusal);

        Assert.False(ok);
        Assert.Empty(requests);
        Assert.Contains("location", refusal!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryBuildMessenger_StickerRefusal_NamesTheContent()
    {
        var requests = new List<GraphSendRequest>();

        FacebookRequests.TryBuildMessenger([new MediaPart(MediaKind.Sticker) { NetworkMediaId = "369239263222822" }], GraphRecipient.User(Psid), FacebookRequests.Response, null, Metadata, requests, out var refusal);

        Assert.Equal("Messenger cannot send sticker content.", refusal!.Message);
    }

    [Fact]
    public void TryBuildMessenger_TextAtTheLimits_IsAccepted()
    {
        var parts = new List<MessagePart> { new TextPart(new string('a', FacebookDefaults.MaxMessageTextLength)) };
        parts.AddRange(Enumerable.Range(1, FacebookDefaults.MaxQuickReplies).Select(i => new ChoicePart(ChoiceKind.QuickReply, new string('q', FacebookDefaults.MaxQuickReplyTitleLength - 2) + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture), null)));

        var requests = Build(parts);

        var message = Assert.Single(requests).Message!;
        Assert.Equal(FacebookDefaults.MaxMessageTextLength, message.Text!.Length);
        Assert.Equal(FacebookDefaults.MaxQuickReplies, message.QuickReplies!.Count);
    }

    [Fact]
    public void TryBuildMessenger_QuickRepliesWithSeveralTexts_GoOnTheLastText()
    {
        var requests = Build([
            new TextPart("first"),
            new ChoicePart(ChoiceKind.QuickReply, "A", "a"),
            new MediaPart(MediaKind.Image) { Url = ImageUrl },
            new TextPart("last"),
        ]);

        Assert.Equal(3, requests.Count);
        Assert.Null(requests[0].Message!.QuickReplies);
        Assert.Null(requests[1].Message!.QuickReplies);
        Assert.Equal("A", Assert.Single(requests[2].Message!.QuickReplies!).Title);
    }

    [Fact]
    public void TryBuildMessenger_EveryMessage_CarriesMetadataAndMessagingType()
    {
        var requests = Build(
            [new TextPart("a"), new MediaPart(MediaKind.Audio) { NetworkMediaId = "9", Caption = "listen" }, new ReactionPart("👍", new NetworkMessageId("m_1"))],
            messagingType: FacebookRequests.MessageTag,
            tag: FacebookDefaults.HumanAgentTag);

        Assert.Equal(4, requests.Count);
        Assert.All(requests.Take(3), r =>
        {
            Assert.Equal(Metadata, r.Message!.Metadata);
            Assert.Equal(FacebookRequests.MessageTag, r.MessagingType);
            Assert.Equal(FacebookDefaults.HumanAgentTag, r.Tag);
            Assert.False(r.Message.Text is not null && r.Message.Attachment is not null);
        });

        // Sender actions carry no message, messaging type or metadata.
        Assert.Equal(FacebookRequests.React, requests[3].SenderAction);
        Assert.Null(requests[3].Message);
        Assert.Null(requests[3].MessagingType);
    }

    [Fact]
    public void TryBuildMessenger_MediaWithIdAndUrl_PrefersAttachmentId()
    {
        var requests = Build([new MediaPart(MediaKind.Image) { NetworkMediaId = "42", Url = ImageUrl }]);

        var payload = Assert.Single(requests).Message!.Attachment!.Payload;
        Assert.Equal("42", payload.AttachmentId);
        Assert.Null(payload.Url);
        Assert.Null(payload.IsReusable);
    }

    [Fact]
    public void TryBuildMessenger_PrivateReplyNeedingTwoMessages_IsRefused()
    {
        var requests = new List<GraphSendRequest>();

        var ok = FacebookRequests.TryBuildMessenger(
            [new TextPart("hello"), new MediaPart(MediaKind.Image) { Url = ImageUrl }], GraphRecipient.Comment("1_2"), FacebookRequests.Response, null, Metadata, requests, out var refusal);

        Assert.False(ok);
        Assert.Equal("refused_private_reply_single_message", refusal!.Code);
        Assert.Empty(requests);
    }

    [Fact]
    public void TryBuildMessenger_ReactionInPrivateReply_IsRefused()
    {
        var requests = new List<GraphSendRequest>();

        var ok = FacebookRequests.TryBuildMessenger(
            [new ReactionPart("👍", new NetworkMessageId("m_1"))], GraphRecipient.Comment("1_2"), FacebookRequests.Response, null, Metadata, requests, out var refusal);

        Assert.False(ok);
        Assert.Equal(ChannelErrorKind.Refused, refusal!.Kind);
    }

    [Theory]
    [InlineData("typing")]
    [InlineData("react")]
    [InlineData("")]
    public void SenderAction_NotTypingOrSeen_Throws(string action)
    {
        Assert.Throws<ArgumentException>(() => FacebookRequests.SenderAction(GraphRecipient.User(Psid), action));
    }

    [Fact]
    public void SenderAction_CommentRecipient_Throws()
    {
        Assert.Throws<ArgumentException>(() => FacebookRequests.SenderAction(GraphRecipient.Comment("1_2"), FacebookRequests.TypingOn));
    }

    [Fact]
    public void TryBuildCommentReply_TextAndImageId_UsesAttachmentId()
    {
        Assert.True(FacebookRequests.TryBuildCommentReply([new TextPart("See"), new MediaPart(MediaKind.Image) { NetworkMediaId = "777" }], out var request, out var refusal));

        Assert.Null(refusal);
        Assert.Equal(new GraphCommentRequest { Message = "See", AttachmentId = "777" }, request);
    }

    [Fact]
    public void TryBuildCommentReply_ImageOnlyWithCaption_UsesCaptionAsMessage()
    {
        Assert.True(FacebookRequests.TryBuildCommentReply([new MediaPart(MediaKind.Image) { Url = ImageUrl, Caption = "Our new opening hours" }], out var request, out _));

        Assert.Equal(new GraphCommentRequest { Message = "Our new opening hours", AttachmentUrl = ImageUrl.AbsoluteUri }, request);
    }

    [Fact]
    public void TryBuildCommentReply_TextAtLimit_IsAccepted()
    {
        Assert.True(FacebookRequests.TryBuildCommentReply([new TextPart(new string('c', FacebookDefaults.MaxCommentTextLength))], out var request, out _));

        Assert.Equal(FacebookDefaults.MaxCommentTextLength, request!.Message!.Length);
    }

    public static TheoryData<string, string> CommentRefusals => new()
    {
        { "text_8001", "refused_text_too_long" },
        { "two_images", "refused_too_many_attachments" },
        { "video", "refused_unsupported_content" },
        { "document", "refused_unsupported_content" },
        { "sticker", "refused_unsupported_content" },
        { "quick_reply", "refused_unsupported_content" },
        { "reaction", "refused_unsupported_content" },
        { "image_without_source", "refused_media_without_source" },
        { "empty", "refused_empty" },
    };

    [Theory]
    [MemberData(nameof(CommentRefusals))]
    public void TryBuildCommentReply_UnsendableContent_Refuses(string scenario, string code)
    {
        IReadOnlyList<MessagePart> parts = scenario switch
        {
            "text_8001" => [new TextPart(new string('c', FacebookDefaults.MaxCommentTextLength + 1))],
            "two_images" => [new MediaPart(MediaKind.Image) { Url = ImageUrl }, new MediaPart(MediaKind.Image) { NetworkMediaId = "1" }],
            "video" => [new TextPart("x"), new MediaPart(MediaKind.Video) { Url = ImageUrl }],
            "document" => [new MediaPart(MediaKind.Document) { Url = ImageUrl }],
            "sticker" => [new MediaPart(MediaKind.Sticker) { NetworkMediaId = "1" }],
            "quick_reply" => [new TextPart("x"), new ChoicePart(ChoiceKind.QuickReply, "Yes", "y")],
            "reaction" => [new ReactionPart("👍", new NetworkMessageId("c_1"))],
            "image_without_source" => [new MediaPart(MediaKind.Image)],
            "empty" => [],
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };

        Assert.False(FacebookRequests.TryBuildCommentReply(parts, out var request, out var refusal));

        Assert.Null(request);
        Assert.Equal(code, refusal!.Code);
        Assert.Equal(ChannelErrorKind.Refused, refusal.Kind);
    }

    private static IReadOnlyList<MessagePart> Parts(string scenario) => scenario switch
    {
        "text_2001" => [new TextPart(new string('a', FacebookDefaults.MaxMessageTextLength + 1))],
        "caption_2001" => [new MediaPart(MediaKind.Image) { Url = ImageUrl, Caption = new string('a', FacebookDefaults.MaxMessageTextLength + 1) }],
        "quick_replies_14" => [new TextPart("Pick one"), .. Enumerable.Range(1, 14).Select(i => new ChoicePart(ChoiceKind.QuickReply, "Option " + i.ToString(System.Globalization.CultureInfo.InvariantCulture), null))],
        "quick_reply_title_21" => [new TextPart("Pick one"), new ChoicePart(ChoiceKind.QuickReply, new string('t', FacebookDefaults.MaxQuickReplyTitleLength + 1), "p")],
        "quick_reply_title_empty" => [new TextPart("Pick one"), new ChoicePart(ChoiceKind.QuickReply, " ", "p")],
        "quick_replies_without_text" => [new ChoicePart(ChoiceKind.QuickReply, "Yes", "y")],
        "quick_replies_after_media_only" => [new MediaPart(MediaKind.Image) { Url = ImageUrl }, new ChoicePart(ChoiceKind.QuickReply, "Yes", "y")],
        "sticker" => [new TextPart("hi"), new MediaPart(MediaKind.Sticker) { NetworkMediaId = "369239263222822" }],
        "location" => [new LocationPart(48.85, 2.35)],
        "contact" => [new ContactPart("Ada Lovelace")],
        "button" => [new TextPart("hi"), new ChoicePart(ChoiceKind.Button, "Open", "o")],
        "postback" => [new ChoicePart(ChoiceKind.Postback, "Get started", "GET_STARTED")],
        "list_item" => [new ChoicePart(ChoiceKind.ListItem, "Row", "r")],
        "unsupported" => [new UnsupportedPart("fallback")],
        "media_without_source" => [new MediaPart(MediaKind.Image)],
        "media_relative_url" => [new MediaPart(MediaKind.Image) { Url = new Uri("/files/a.png", UriKind.Relative) }],
        "reaction_without_emoji" => [new ReactionPart(string.Empty, new NetworkMessageId("m_1"))],
        "empty" => [],
        "whitespace_only" => [new TextPart("   ")],
        _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
    };
}
