namespace SocialCare.Abstractions.Tests.Channels;

public class WebhookTests
{
    [Theory]
    [InlineData(WebhookRejection.MissingSignature, 401)]
    [InlineData(WebhookRejection.InvalidSignature, 401)]
    [InlineData(WebhookRejection.HandshakeFailed, 403)]
    [InlineData(WebhookRejection.MalformedPayload, 400)]
    [InlineData(WebhookRejection.PayloadTooLarge, 413)]
    [InlineData(WebhookRejection.MethodNotAllowed, 405)]
    [InlineData(WebhookRejection.UnknownChannel, 404)]
    [InlineData(WebhookRejection.UnknownAccount, 403)]
    public void Rejected_DefaultStatus_FitsTheRejection(WebhookRejection rejection, int status)
    {
        var result = WebhookResult.Rejected(rejection, "why");

        Assert.Equal(WebhookOutcome.Rejected, result.Outcome);
        Assert.Equal(status, result.StatusCode);
        Assert.Equal("why", result.Reason);
        Assert.Empty(result.Events);
    }

    [Fact]
    public void Rejected_ExplicitStatus_IsKept()
        => Assert.Equal(403, WebhookResult.Rejected(WebhookRejection.InvalidSignature, statusCode: 403).StatusCode);

    [Fact]
    public void Rejected_NoneOrSuccessStatus_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookResult.Rejected(WebhookRejection.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookResult.Rejected(WebhookRejection.InvalidSignature, statusCode: 200));
    }

    [Fact]
    public void Handshake_AnswersChallengeVerbatim()
    {
        var result = WebhookResult.Handshake("1158201444");

        Assert.Equal(WebhookOutcome.Handshake, result.Outcome);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal("1158201444", result.Body);
        Assert.Equal("text/plain", result.ContentType);
    }

    [Fact]
    public void Accepted_CarriesEventsInOrder()
    {
        InboundEnvelope[] events = [.. Samples.Events().Select(e => new InboundEnvelope(e))];

        var result = WebhookResult.Accepted(events);

        Assert.Equal(WebhookOutcome.Accepted, result.Outcome);
        Assert.Equal(events, result.Events);
    }

    [Fact]
    public void Request_GetHeader_IgnoresCaseWhateverTheComparer()
    {
        var request = WebhookRequest.Post("/webhooks/facebook", "{}"u8.ToArray(), new Dictionary<string, string> { ["X-Hub-Signature-256"] = "sha256=ab" });

        Assert.Equal("sha256=ab", request.GetHeader("x-hub-signature-256"));
        Assert.Null(request.GetHeader("x-other"));
        Assert.True(request.IsPost);
        Assert.False(request.IsGet);
    }

    [Fact]
    public void Request_GetQuery_IsCaseSensitive()
    {
        var request = WebhookRequest.Get("/webhooks/facebook", new Dictionary<string, string> { ["hub.challenge"] = "42" });

        Assert.Equal("42", request.GetQuery("hub.challenge"));
        Assert.Null(request.GetQuery("HUB.CHALLENGE"));
        Assert.True(request.Body.IsEmpty);
        Assert.Null(request.GetHeader("anything"));
    }

    [Fact]
    public void Capabilities_SupportsAndCanSend_FollowTheFlags()
    {
        var capabilities = new ChannelCapabilities(ChannelFeatures.PublicReplies | ChannelFeatures.Reactions, MessagePartKinds.Text | MessagePartKinds.Image);

        Assert.True(capabilities.Supports(ChannelFeatures.PublicReplies));
        Assert.False(capabilities.Supports(ChannelFeatures.PublicReplies | ChannelFeatures.Templates));
        Assert.True(capabilities.CanSend(new TextPart("hi")));
        Assert.True(capabilities.CanSend(new MediaPart(MediaKind.Image)));
        Assert.False(capabilities.CanSend(new MediaPart(MediaKind.Video)));
        Assert.False(capabilities.CanSend(new UnsupportedPart("x")));
    }

    [Fact]
    public void SendResult_HoldsExactlyOneOfIdAndError()
    {
        Assert.True(SendResult.Sent(new NetworkMessageId("m1")).Succeeded);
        Assert.False(SendResult.Failed(new ChannelError("190", "token expired")).Succeeded);
        Assert.Throws<ArgumentException>(() => new SendResult(null, null));
        Assert.Throws<ArgumentException>(() => new SendResult(new NetworkMessageId("m1"), new ChannelError("1", "x")));
    }
}
