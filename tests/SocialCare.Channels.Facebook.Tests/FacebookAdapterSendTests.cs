using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Facebook.Tests;

public sealed class FacebookAdapterSendTests
{
    private const string Psid = "6241839201847562";
    private static readonly ChannelAccountId Page = new(FacebookHost.PageId);
    private static readonly ConversationRef Messenger = new(ChannelId.Facebook, Page, new ThreadId(Psid), ConversationVisibility.Private);
    private static readonly ConversationRef PostThread = new(ChannelId.Facebook, Page, new ThreadId("104857392016485_1184739201847563"), ConversationVisibility.Public);

    private static OutboundMessage Reply(FacebookHost host, ConversationRef conversation, TimeSpan? sinceCustomerWrote, string text = "Your parcel left today.", bool agent = true)
        => new(MessageId.New(host.Time.GetUtcNow()), conversation, [new TextPart(text)])
        {
            Agent = agent ? new AgentId("zoe") : null,
            CustomerLastMessageAt = sinceCustomerWrote is { } since ? host.Time.GetUtcNow() - since : null,
        };

    private static JsonElement Body(GraphApiRequestView request) => JsonDocument.Parse(request.Body).RootElement;

    [Fact]
    public async Task Send_InsideTheDay_IsAResponse()
    {
        await using var host = new FacebookHost();
        var message = Reply(host, Messenger, TimeSpan.FromHours(3));

        var result = await host.Adapter.SendAsync(message, default);

        Assert.True(result.Succeeded);
        var request = new GraphApiRequestView(Assert.Single(host.Graph.Requests));
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/v25.0/{FacebookHost.PageId}/messages", request.Path);
        Assert.Equal($"Bearer {FacebookHost.PageToken}", request.Authorization);
        var body = Body(request);
        Assert.Equal(Psid, body.GetProperty("recipient").GetProperty("id").GetString());
        Assert.Equal("RESPONSE", body.GetProperty("messaging_type").GetString());
        Assert.False(body.TryGetProperty("tag", out _));
        Assert.Equal("Your parcel left today.", body.GetProperty("message").GetProperty("text").GetString());
        Assert.Equal("socialcare:" + message.Id.Value, body.GetProperty("message").GetProperty("metadata").GetString());
        Assert.StartsWith("m_emu_", result.NetworkId!.Value.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_AfterTheDayByAPerson_UsesTheHumanAgentTag()
    {
        await using var host = new FacebookHost();

        var result = await host.Adapter.SendAsync(Reply(host, Messenger, TimeSpan.FromDays(3)), default);

        Assert.True(result.Succeeded);
        var body = Body(new GraphApiRequestView(Assert.Single(host.Graph.Requests)));
        Assert.Equal("MESSAGE_TAG", body.GetProperty("messaging_type").GetString());
        Assert.Equal("HUMAN_AGENT", body.GetProperty("tag").GetString());
    }

    [Fact]
    public async Task Send_AfterTheDayWithoutAPerson_IsRefusedBeforeAnyCall()
    {
        await using var host = new FacebookHost();

        var result = await host.Adapter.SendAsync(Reply(host, Messenger, TimeSpan.FromHours(25), agent: false), default);

        Assert.Equal(ChannelErrorKind.OutsideReplyWindow, result.Error!.Kind);
        Assert.True(result.Error.OutsideReplyWindow);
        Assert.Empty(host.Graph.Requests);
    }

    [Fact]
    public async Task Send_AfterSevenDays_IsRefusedBeforeAnyCall()
    {
        await using var host = new FacebookHost();

        var result = await host.Adapter.SendAsync(Reply(host, Messenger, TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1)), default);

        Assert.Equal(ChannelErrorKind.OutsideReplyWindow, result.Error!.Kind);
        Assert.Contains("7 days", result.Error.Message, StringComparison.Ordinal);
        Assert.Empty(host.Graph.Requests);
    }

    [Fact]
    public async Task Send_AfterTheDayWithTheTagTurnedOff_IsRefusedNamingTheOption()
    {
        await using var host = new FacebookHost(o => o.UseHumanAgentTag = false);

        var result = await host.Adapter.SendAsync(Reply(host, Messenger, TimeSpan.FromDays(2)), default);

        Assert.Contains("SocialCare:Facebook:UseHumanAgentTag", result.Error!.Message, StringComparison.Ordinal);
        Assert.Empty(host.Graph.Requests);
    }

    [Fact]
    public async Task Send_TooLongText_IsRefusedNotCut()
    {
        await using var host = new FacebookHost();

        var result = await host.Adapter.SendAsync(Reply(host, Messenger, TimeSpan.FromHours(1), new string('a', 2001)), default);

        Assert.Equal(ChannelErrorKind.Refused, result.Error!.Kind);
        Assert.Empty(host.Graph.Requests);
    }

    [Fact]
    public async Task Send_PublicReply_CommentsUnderTheCommentAnswered()
    {
        await using var host = new FacebookHost();
        var message = Reply(host, PostThread, null, "Yes, we ship to Portugal!") with { ReplyTo = new NetworkMessageId("1184739201847563_2039485761029384") };

        var result = await host.Adapter.SendAsync(message, default);

        Assert.True(result.Succeeded);
        var request = new GraphApiRequestView(Assert.Single(host.Graph.Requests));
        Assert.Equal("/v25.0/1184739201847563_2039485761029384/comments", request.Path);
        Assert.Equal("Yes, we ship to Portugal!", Body(request).GetProperty("message").GetString());
        Assert.StartsWith("1184739201847563_", result.NetworkId!.Value.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_PublicReplyWithoutTarget_CommentsUnderThePost()
    {
        await using var host = new FacebookHost();

        await host.Adapter.SendAsync(Reply(host, PostThread, null, "Thanks everyone!"), default);

        Assert.Equal("/v25.0/104857392016485_1184739201847563/comments", Assert.Single(host.Graph.Requests).Path);
    }

    [Fact]
    public async Task Send_PrivateReplyToAComment_GoesToTheCommentsAuthorThroughMessenger()
    {
        await using var host = new FacebookHost();
        var message = Reply(host, PostThread, TimeSpan.FromDays(3), "Could you send us the order number?") with
        {
            ReplyTo = new NetworkMessageId("1184739201847563_2039485761029384"),
            PrivateReply = true,
        };

        var result = await host.Adapter.SendAsync(message, default);

        Assert.True(result.Succeeded);
        var request = new GraphApiRequestView(Assert.Single(host.Graph.Requests));
        Assert.Equal($"/v25.0/{FacebookHost.PageId}/messages", request.Path);
        var body = Body(request);
        Assert.Equal("1184739201847563_2039485761029384", body.GetProperty("recipient").GetProperty("comment_id").GetString());
        Assert.Equal("RESPONSE", body.GetProperty("messaging_type").GetString());
    }

    [Fact]
    public async Task Send_PrivateReplyToAVisitorPost_UsesThePostId()
    {
        await using var host = new FacebookHost();
        var message = Reply(host, PostThread, null, "We are sorry to hear that.") with { ReplyTo = new NetworkMessageId(PostThread.Thread.Value), PrivateReply = true };

        await host.Adapter.SendAsync(message, default);

        Assert.Equal(PostThread.Thread.Value, Body(new GraphApiRequestView(Assert.Single(host.Graph.Requests))).GetProperty("recipient").GetProperty("post_id").GetString());
    }

    [Fact]
    public async Task Send_UnknownPage_IsRefusedBeforeAnyCall()
    {
        await using var host = new FacebookHost();
        var conversation = Messenger with { Account = new ChannelAccountId("999") };

        var result = await host.Adapter.SendAsync(Reply(host, conversation, TimeSpan.FromHours(1)), default);

        Assert.False(result.Succeeded);
        Assert.Empty(host.Graph.Requests);
    }

    [Fact]
    public async Task Send_GraphSaysOutsideTheWindow_IsMappedAndNotTransient()
    {
        await using var host = new FacebookHost();
        host.Graph.FailNext(400, 10, 2018278, "(#10) This message is sent outside of allowed window.");

        var result = await host.Adapter.SendAsync(Reply(host, Messenger, null), default);

        Assert.Equal(ChannelErrorKind.OutsideReplyWindow, result.Error!.Kind);
        Assert.False(result.Error.IsTransient);
        Assert.Equal("10", result.Error.Code);
        Assert.Equal("2018278", result.Error.Subcode);
    }

    [Fact]
    public async Task Send_TokenRefused_RaisesOneHealthEventUntilCallsSucceedAgain()
    {
        var sink = new RecordingHealthSink();
        await using var host = new FacebookHost(services: s => s.AddSingleton<IChannelHealthSink>(sink));
        host.Graph.FailNext(400, 190, 460, "Error validating access token: the session has been invalidated.");
        host.Graph.FailNext(400, 190, 460, "Error validating access token: the session has been invalidated.");

        var first = await host.Adapter.SendAsync(Reply(host, Messenger, TimeSpan.FromHours(1)), default);
        var second = await host.Adapter.SendAsync(Reply(host, Messenger, TimeSpan.FromHours(1)), default);
        var third = await host.Adapter.SendAsync(Reply(host, Messenger, TimeSpan.FromHours(1)), default);

        Assert.Equal(ChannelErrorKind.Unauthorized, first.Error!.Kind);
        Assert.Equal(ChannelErrorKind.Unauthorized, second.Error!.Kind);
        Assert.True(third.Succeeded);
        Assert.Equal([ChannelHealthStatus.Unauthorized, ChannelHealthStatus.Healthy], sink.Changes.Select(c => c.Status));
        Assert.Equal(Page, sink.Changes[0].Account);
        Assert.Equal("190", sink.Changes[0].Error!.Code);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains(FacebookHost.PageToken, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ConversationAction.TypingOn, "typing_on")]
    [InlineData(ConversationAction.TypingOff, "typing_off")]
    [InlineData(ConversationAction.MarkSeen, "mark_seen")]
    public async Task SendAction_SendsTheSenderAction(ConversationAction action, string expected)
    {
        await using var host = new FacebookHost();

        var result = await host.Actions.SendActionAsync(Messenger, action, null, default);

        Assert.True(result.Succeeded);
        var body = Body(new GraphApiRequestView(Assert.Single(host.Graph.Requests)));
        Assert.Equal(expected, body.GetProperty("sender_action").GetString());
        Assert.Equal(Psid, body.GetProperty("recipient").GetProperty("id").GetString());
        Assert.False(body.TryGetProperty("message", out _));
    }

    [Fact]
    public async Task SendAction_InAPublicThread_IsNotSupported()
    {
        await using var host = new FacebookHost();

        await Assert.ThrowsAsync<NotSupportedException>(() => host.Actions.SendActionAsync(PostThread, ConversationAction.TypingOn, null, default));
    }

    [Theory]
    [InlineData(ModerationAction.Hide, "POST", true)]
    [InlineData(ModerationAction.Unhide, "POST", false)]
    [InlineData(ModerationAction.Delete, "DELETE", null)]
    public async Task Moderate_CallsTheCommentNode(ModerationAction action, string method, bool? hidden)
    {
        await using var host = new FacebookHost();
        var comment = new NetworkMessageId("1184739201847563_2039485761029384");

        var result = await host.Actions.ModerateAsync(PostThread, comment, action, default);

        Assert.True(result.Succeeded);
        var request = new GraphApiRequestView(Assert.Single(host.Graph.Requests));
        Assert.Equal(method, request.Method);
        Assert.Equal("/v25.0/1184739201847563_2039485761029384", request.Path);
        Assert.Equal($"Bearer {FacebookHost.PageToken}", request.Authorization);
        if (hidden is { } expected)
        {
            Assert.Equal(expected, Body(request).GetProperty("is_hidden").GetBoolean());
        }
    }

    [Fact]
    public async Task Moderate_InAPrivateConversation_IsNotSupported()
    {
        await using var host = new FacebookHost();

        await Assert.ThrowsAsync<NotSupportedException>(() => host.Actions.ModerateAsync(Messenger, new NetworkMessageId("m_1"), ModerationAction.Hide, default));
    }

    [Fact]
    public async Task Capabilities_DeclareWindowsLimitsAndModeration()
    {
        await using var host = new FacebookHost();
        var caps = host.Adapter.Capabilities;

        Assert.Equal(2000, caps.MaxTextLength);
        Assert.Equal(8000, caps.MaxPublicTextLength);
        Assert.Equal(TimeSpan.FromHours(24), caps.ReplyWindow);
        Assert.Equal(TimeSpan.FromDays(7), caps.TaggedReplyWindow);
        Assert.Equal("HUMAN_AGENT", caps.HumanAgentTag);
        Assert.Equal(TimeSpan.FromDays(7), caps.PrivateReplyWindow);
        Assert.True(caps.Supports(ChannelFeatures.Moderation | ChannelFeatures.PublicReplies | ChannelFeatures.PrivateRepliesToPublic | ChannelFeatures.TypingIndicators));
        Assert.False(caps.Supports(ChannelFeatures.Templates));
    }

    private sealed class RecordingHealthSink : IChannelHealthSink
    {
        public List<ChannelHealthChanged> Changes { get; } = [];

        public Task OnHealthChangedAsync(ChannelHealthChanged change, CancellationToken cancellationToken)
        {
            lock (Changes)
            {
                Changes.Add(change);
            }

            return Task.CompletedTask;
        }
    }
}

/// <summary>A recorded emulator request, with the fields the tests read.</summary>
internal readonly record struct GraphApiRequestView(string Method, string Path, string Query, string Body, string? Authorization)
{
    public GraphApiRequestView(SocialCare.Testing.Meta.GraphApiRequest request)
        : this(request.Method, request.Path, request.Query, request.Body, request.Authorization)
    {
    }
}
