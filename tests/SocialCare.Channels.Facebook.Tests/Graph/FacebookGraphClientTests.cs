using System.Net;
using SocialCare.Abstractions;
using SocialCare.Testing;
using static SocialCare.Channels.Facebook.Tests.Graph.GraphTestKit;

namespace SocialCare.Channels.Facebook.Tests.Graph;

public class FacebookGraphClientTests
{
    private const string SendAnswer = """{"recipient_id":"24000000000001","message_id":"m_abc"}""";

    [Fact]
    public async Task SendAsync_TextResponse_PostsExactRequestAndReturnsMessageId()
    {
        var handler = new RecordingHandler().Reply(HttpStatusCode.OK, SendAnswer);
        var client = Client(handler);

        var (refusal, results) = await SendMessageAsync(client, [new TextPart("Hello, how can we help?")]);

        Assert.Null(refusal);
        var result = Assert.Single(results);
        Assert.True(result.Succeeded);
        Assert.Equal("m_abc", result.Id);
        Assert.Equal(Psid, result.RecipientId);
        var request = Assert.Single(handler.Requests);
        AssertCall(request, HttpMethod.Post, PageId + "/messages");
        AssertJson(
            """{"recipient":{"id":"24000000000001"},"messaging_type":"RESPONSE","message":{"text":"Hello, how can we help?","metadata":"socialcare:msg-1"}}""",
            request.Body);
    }

    [Fact]
    public async Task SendAsync_HumanAgentTag_SendsMessageTagAndTag()
    {
        var handler = new RecordingHandler().Reply(HttpStatusCode.OK, SendAnswer);

        var (_, results) = await SendMessageAsync(Client(handler), [new TextPart("Sorry for the wait.")], messagingType: FacebookRequests.MessageTag, tag: FacebookDefaults.HumanAgentTag);

        Assert.True(Assert.Single(results).Succeeded);
        var request = Assert.Single(handler.Requests);
        AssertCall(request, HttpMethod.Post, PageId + "/messages");
        AssertJson(
            """{"recipient":{"id":"24000000000001"},"messaging_type":"MESSAGE_TAG","tag":"HUMAN_AGENT","message":{"text":"Sorry for the wait.","metadata":"socialcare:msg-1"}}""",
            request.Body);
    }

    [Fact]
    public async Task SendAsync_QuickReplies_GoOnTheTextMessage()
    {
        var handler = new RecordingHandler().Reply(HttpStatusCode.OK, SendAnswer);

        await SendMessageAsync(Client(handler), [
            new TextPart("Did that solve it?"),
            new ChoicePart(ChoiceKind.QuickReply, "Yes", "SOLVED"),
            new ChoicePart(ChoiceKind.QuickReply, "Not yet", null),
        ]);

        var request = Assert.Single(handler.Requests);
        AssertCall(request, HttpMethod.Post, PageId + "/messages");
        AssertJson(
            """
            {"recipient":{"id":"24000000000001"},"messaging_type":"RESPONSE",
             "message":{"text":"Did that solve it?","metadata":"socialcare:msg-1",
                        "quick_replies":[{"content_type":"text","title":"Yes","payload":"SOLVED"},
                                         {"content_type":"text","title":"Not yet","payload":"Not yet"}]}}
            """,
            request.Body);
    }

    [Fact]
    public async Task SendAsync_ImageByUrl_SendsReusableUrlAttachment()
    {
        var handler = new RecordingHandler().Reply(HttpStatusCode.OK, SendAnswer);

        await SendMessageAsync(Client(handler), [new MediaPart(MediaKind.Image) { Url = new Uri("https://cdn.example.com/receipt.png") }]);

        var request = Assert.Single(handler.Requests);
        AssertCall(request, HttpMethod.Post, PageId + "/messages");
        AssertJson(
            """
            {"recipient":{"id":"24000000000001"},"messaging_type":"RESPONSE",
             "message":{"attachment":{"type":"image","payload":{"url":"https://cdn.example.com/receipt.png","is_reusable":true}},"metadata":"socialcare:msg-1"}}
            """,
            request.Body);
    }

    [Theory]
    [InlineData(MediaKind.Document, "file")]
    [InlineData(MediaKind.Audio, "audio")]
    [InlineData(MediaKind.Video, "video")]
    [InlineData(MediaKind.Image, "image")]
    public async Task SendAsync_MediaByAttachmentId_SendsAttachmentId(MediaKind kind, string wireType)
    {
        var handler = new RecordingHandler().Reply(HttpStatusCode.OK, SendAnswer);

        await SendMessageAsync(Client(handler), [new MediaPart(kind) { NetworkMediaId = "1857777774821032" }]);

        var request = Assert.Single(handler.Requests);
        AssertCall(request, HttpMethod.Post, PageId + "/messages");
        AssertJson(
            $$$"""
            {"recipient":{"id":"24000000000001"},"messaging_type":"RESPONSE",
             "message":{"attachment":{"type":"{{{wireType}}}","payload":{"attachment_id":"1857777774821032"}},"metadata":"socialcare:msg-1"}}
            """,
            request.Body);
    }

    [Fact]
    public async Task SendAsync_TextAndImage_SendsTwoRequestsInOrder()
    {
        var handler = new RecordingHandler().Reply(HttpStatusCode.OK, SendAnswer).Reply(HttpStatusCode.OK, """{"recipient_id":"24000000000001","message_id":"m_def"}""");

        var (_, results) = await SendMessageAsync(Client(handler), [
            new TextPart("Here is your invoice"),
            new MediaPart(MediaKind.Image) { Url = new Uri("https://cdn.example.com/invoice.png") },
        ]);

        Assert.Equal(["m_abc", "m_def"], results.Select(r => r.Id));
        Assert.Equal(2, handler.Count);
        AssertCall(handler.Requests[0], HttpMethod.Post, PageId + "/messages");
        AssertCall(handler.Requests[1], HttpMethod.Post, PageId + "/messages");
        AssertJson(
            """{"recipient":{"id":"24000000000001"},"messaging_type":"RESPONSE","message":{"text":"Here is your invoice","metadata":"socialcare:msg-1"}}""",
            handler.Requests[0].Body);
        AssertJson(
            """
            {"recipient":{"id":"24000000000001"},"messaging_type":"RESPONSE",
             "message":{"attachment":{"type":"image","payload":{"url":"https://cdn.example.com/invoice.png","is_reusable":true}},"metadata":"socialcare:msg-1"}}
            """,
            handler.Requests[1].Body);
    }

    [Fact]
    public async Task SendAsync_MediaWithCaption_SendsCaptionAsTextAfterMedia()
    {
        var handler = new RecordingHandler();

        await SendMessageAsync(Client(handler), [new MediaPart(MediaKind.Video) { Url = new Uri("https://cdn.example.com/howto.mp4"), Caption = "How to reset it" }]);

        Assert.Equal(2, handler.Count);
        AssertJson(
            """
            {"recipient":{"id":"24000000000001"},"messaging_type":"RESPONSE",
             "message":{"attachment":{"type":"video","payload":{"url":"https://cdn.example.com/howto.mp4","is_reusable":true}},"metadata":"socialcare:msg-1"}}
            """,
            handler.Requests[0].Body);
        AssertJson(
            """{"recipient":{"id":"24000000000001"},"messaging_type":"RESPONSE","message":{"text":"How to reset it","metadata":"socialcare:msg-1"}}""",
            handler.Requests[1].Body);
    }

    [Fact]
    public async Task SendAsync_Reaction_SendsReactSenderAction()
    {
        var handler = new RecordingHandler().Reply(HttpStatusCode.OK, """{"recipient_id":"24000000000001","message_id":"m_target"}""");

        var (_, results) = await SendMessageAsync(Client(handler), [new ReactionPart("😊", new NetworkMessageId("m_target"))]);

        Assert.True(Assert.Single(results).Succeeded);
        var request = Assert.Single(handler.Requests);
        AssertCall(request, HttpMethod.Post, PageId + "/messages");
        AssertJson("""{"recipient":{"id":"24000000000001"},"sender_action":"react","payload":{"message_id":"m_target","reaction":"😊"}}""", request.Body);
    }

    [Fact]
    public async Task SendAsync_RemovedReaction_SendsUnreactWithOnlyMessageId()
    {
        var handler = new RecordingHandler();

        await SendMessageAsync(Client(handler), [new ReactionPart(string.Empty, new NetworkMessageId("m_target")) { Removed = true }]);

        var request = Assert.Single(handler.Requests);
        AssertCall(request, HttpMethod.Post, PageId + "/messages");
        AssertJson("""{"recipient":{"id":"24000000000001"},"sender_action":"unreact","payload":{"message_id":"m_target"}}""", request.Body);
    }

    [Theory]
    [InlineData(ConversationAction.TypingOn, "typing_on")]
    [InlineData(ConversationAction.TypingOff, "typing_off")]
    [InlineData(ConversationAction.MarkSeen, "mark_seen")]
    public async Task SendAsync_SenderAction_SendsOnlyRecipientAndAction(ConversationAction action, string wire)
    {
        var handler = new RecordingHandler().Reply(HttpStatusCode.OK, """{"recipient_id":"24000000000001"}""");
        var request = FacebookRequests.SenderAction(GraphRecipient.User(Psid), FacebookRequests.SenderActionName(action));

        var result = await Client(handler).SendAsync(PageId, request, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Null(result.Id);
        Assert.Equal(Psid, result.RecipientId);
        var recorded = Assert.Single(handler.Requests);
        AssertCall(recorded, HttpMethod.Post, PageId + "/messages");
        AssertJson($$$"""{"recipient":{"id":"24000000000001"},"sender_action":"{{{wire}}}"}""", recorded.Body);
    }

    [Fact]
    public async Task SendAsync_PrivateReplyToComment_AddressesCommentId()
    {
        var handler = new RecordingHandler().Reply(HttpStatusCode.OK, """{"recipient_id":"24000000000009","message_id":"m_private"}""");

        var (_, results) = await SendMessageAsync(Client(handler), [new TextPart("We sent you the details privately.")], GraphRecipient.Comment("1111_2222_3333"));

        Assert.Equal("m_private", Assert.Single(results).Id);
        Assert.Equal("24000000000009", results[0].RecipientId);
        var request = Assert.Single(handler.Requests);
        AssertCall(request, HttpMethod.Post, PageId + "/messages");
        AssertJson(
            """{"recipient":{"comment_id":"1111_2222_3333"},"messaging_type":"RESPONSE","message":{"text":"We sent you the details privately.","metadata":"socialcare:msg-1"}}""",
            request.Body);
    }

    [Fact]
    public async Task SendAsync_PrivateReplyToVisitorPost_AddressesPostId()
    {
        var handler = new RecordingHandler().Reply(HttpStatusCode.OK, SendAnswer);

        await SendMessageAsync(Client(handler), [new TextPart("Thanks for your post.")], GraphRecipient.Post("1111_4444"), FacebookRequests.Update);

        var request = Assert.Single(handler.Requests);
        AssertCall(request, HttpMethod.Post, PageId + "/messages");
        AssertJson(
            """{"recipient":{"post_id":"1111_4444"},"messaging_type":"UPDATE","message":{"text":"Thanks for your post.","metadata":"socialcare:msg-1"}}""",
            request.Body);
    }

    [Fact]
    public async Task ReplyToCommentAsync_TextAndImageUrl_PostsToCommentEdge()
    {
        var handler = new RecordingHandler().Reply(HttpStatusCode.OK, """{"id":"2222_5555"}""");
        Assert.True(FacebookRequests.TryBuildCommentReply(
            [new TextPart("Here is the fix:"), new MediaPart(MediaKind.Image) { Url = new Uri("https://cdn.example.com/fix.png") }],
            out var body,
            out _));

        var result = await Client(handler).ReplyToCommentAsync(PageId, "2222_3333", body!, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("2222_5555", result.Id);
        var request = Assert.Single(handler.Requests);
        AssertCall(request, HttpMethod.Post, "2222_3333/comments");
        AssertJson("""{"message":"Here is the fix:","attachment_url":"https://cdn.example.com/fix.png"}""", request.Body);
    }

    [Theory]
    [InlineData(true, "true")]
    [InlineData(false, "false")]
    public async Task SetCommentHiddenAsync_Flag_PostsIsHidden(bool hidden, string wire)
    {
        var handler = new RecordingHandler().Reply(HttpStatusCode.OK, """{"success":true}""");

        var result = await Client(handler).SetCommentHiddenAsync(PageId, "2222_3333", hidden, CancellationToken.None);

        Assert.True(result.Succeeded);
        var request = Assert.Single(handler.Requests);
        AssertCall(request, HttpMethod.Post, "2222_3333");
        AssertJson($$$"""{"is_hidden":{{{wire}}}}""", request.Body);
    }

    [Fact]
    public async Task DeleteCommentAsync_Comment_SendsDeleteWithoutBody()
    {
        var handler = new RecordingHandler().Reply(HttpStatusCode.OK, """{"success":true}""");

        var result = await Client(handler).DeleteCommentAsync(PageId, "2222_3333", CancellationToken.None);

        Assert.True(result.Succeeded);
        var request = Assert.Single(handler.Requests);
        AssertCall(request, HttpMethod.Delete, "2222_3333");
        Assert.Null(request.Body);
    }

    [Fact]
    public async Task SetCommentHiddenAsync_SuccessFalse_Fails()
    {
        var handler = new RecordingHandler().Reply(HttpStatusCode.OK, """{"success":false}""");

        var result = await Client(handler).SetCommentHiddenAsync(PageId, "2222_3333", true, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal("unsuccessful", result.Error!.Code);
        Assert.Equal(200, result.Error.StatusCode);
    }

    [Fact]
    public async Task SendAsync_OtherPage_UsesThatPagesTokenAndProof()
    {
        var handler = new RecordingHandler();

        await Client(handler).SendAsync(OtherPageId, FacebookRequests.SenderAction(GraphRecipient.User(Psid), FacebookRequests.MarkSeen), CancellationToken.None);

        AssertCall(Assert.Single(handler.Requests), HttpMethod.Post, OtherPageId + "/messages", token: OtherToken);
    }

    [Fact]
    public async Task SendAsync_AppSecretProofOff_SendsNoQuery()
    {
        var handler = new RecordingHandler();

        await Client(handler, Options(appSecretProof: false)).SendAsync(PageId, FacebookRequests.SenderAction(GraphRecipient.User(Psid), FacebookRequests.TypingOn), CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        AssertCall(request, HttpMethod.Post, PageId + "/messages", appSecretProof: false);
        Assert.Equal(string.Empty, request.Uri.Query);
    }

    [Fact]
    public async Task SendAsync_BaseUrlWithPathAndNoSlash_KeepsPathAndVersion()
    {
        var handler = new RecordingHandler();
        var options = Options(appSecretProof: false);
        options.GraphApiBaseUrl = new Uri("http://emulator.local:8080/graph");
        options.GraphApiVersion = "v26.0";

        await Client(handler, options).SendAsync(PageId, FacebookRequests.SenderAction(GraphRecipient.User(Psid), FacebookRequests.TypingOn), CancellationToken.None);

        Assert.Equal("http://emulator.local:8080/graph/v26.0/1111/messages", Assert.Single(handler.Requests).Uri.AbsoluteUri);
    }

    [Fact]
    public async Task DeleteCommentAsync_IdWithReservedCharacters_EscapesPathSegment()
    {
        var handler = new RecordingHandler().Reply(HttpStatusCode.OK, """{"success":true}""");

        await Client(handler, Options(appSecretProof: false)).DeleteCommentAsync(PageId, "1_2/../me?x=1#y", CancellationToken.None);

        Assert.Equal(BaseUrl + GraphVersion + "/1_2%2F..%2Fme%3Fx%3D1%23y", Assert.Single(handler.Requests).Uri.AbsoluteUri);
    }

    [Fact]
    public async Task SendAsync_UnknownPage_RefusesWithoutCall()
    {
        var handler = new RecordingHandler();

        var result = await Client(handler).SendAsync("9999", FacebookRequests.SenderAction(GraphRecipient.User(Psid), FacebookRequests.TypingOn), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal("unknown_page", result.Error!.Code);
        Assert.Equal(ChannelErrorKind.Refused, result.Error.Kind);
        Assert.Equal(0, handler.Count);
    }

    [Fact]
    public async Task ModerationCalls_UnknownPage_RefuseWithoutCall()
    {
        var handler = new RecordingHandler();
        var client = Client(handler);

        var reply = await client.ReplyToCommentAsync("9999", "1_2", new GraphCommentRequest { Message = "x" }, CancellationToken.None);
        var hide = await client.SetCommentHiddenAsync("9999", "1_2", true, CancellationToken.None);
        var delete = await client.DeleteCommentAsync("9999", "1_2", CancellationToken.None);

        Assert.All([reply, hide, delete], r => Assert.Equal(ChannelErrorKind.Refused, r.Error!.Kind));
        Assert.Equal(0, handler.Count);
    }

    [Fact]
    public async Task SendAsync_SuccessWithUnreadableBody_SucceedsWithoutId()
    {
        var handler = new RecordingHandler().Reply(HttpStatusCode.OK, "not json");

        var result = await Client(handler).SendAsync(PageId, FacebookRequests.SenderAction(GraphRecipient.User(Psid), FacebookRequests.TypingOn), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Null(result.Id);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_ThrowsOperationCanceled()
    {
        var handler = new RecordingHandler().Hang();
        using var cts = new CancellationTokenSource();
        var call = Client(handler).SendAsync(PageId, FacebookRequests.SenderAction(GraphRecipient.User(Psid), FacebookRequests.TypingOn), cts.Token);
        await handler.WaitForAsync(1);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task SendAsync_Outcomes_AreLoggedWithoutTokenOrText()
    {
        var logs = new TestLoggerProvider();
        var handler = new RecordingHandler()
            .Reply(HttpStatusCode.OK, SendAnswer)
            .Reply(HttpStatusCode.BadRequest, """{"error":{"message":"(#10) This message is sent outside of allowed window.","type":"OAuthException","code":10,"error_subcode":2018278,"fbtrace_id":"AbCdEf123"}}""");
        var client = Client(handler, logger: logs.CreateLogger("graph"));

        await SendMessageAsync(client, [new TextPart("secret customer words")]);
        await SendMessageAsync(client, [new TextPart("more secret words")]);
        await client.SendAsync("9999", FacebookRequests.SenderAction(GraphRecipient.User(Psid), FacebookRequests.TypingOn), CancellationToken.None);

        var entries = logs.Entries;
        Assert.Contains(entries, e => e.EventId.Id == 2050 && e.Message.Contains(PageId, StringComparison.Ordinal));
        Assert.Contains(entries, e => e.EventId.Id == 2051 && e.Message.Contains("2018278", StringComparison.Ordinal) && e.Message.Contains("AbCdEf123", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.EventId.Id == 2053 && e.Message.Contains("9999", StringComparison.Ordinal));
        Assert.All(entries, e =>
        {
            Assert.InRange(e.EventId.Id, 2050, 2099);
            Assert.DoesNotContain(Token, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(AppSecret, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("secret", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Proof(), e.Message, StringComparison.Ordinal);
        });
    }
}
