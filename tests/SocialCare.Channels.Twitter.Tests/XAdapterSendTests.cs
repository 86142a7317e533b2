using System.Text.Json;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Twitter.Tests;

/// <summary>The adapter's send rules: what it refuses before any call, and the requests it makes.</summary>
public sealed class XAdapterSendTests
{
    private const string Customer = "1402938475610284033";
    private static readonly ChannelAccountId Account = new(XHost.Brand);
    private static readonly Participant Priya = new(ChannelId.X, Account, new NetworkUserId(Customer)) { Handle = "priya_r_travels" };
    private static readonly ConversationRef Dm = ConversationRef.PrivateWith(Priya);
    private static readonly ConversationRef Thread = new(ChannelId.X, Account, new ThreadId("2110295848522037206"), ConversationVisibility.Public);

    private static OutboundMessage Message(ConversationRef conversation, params MessagePart[] parts)
        => new(MessageId.New(XHost.Start), conversation, parts) { Recipient = Priya };

    [Fact]
    public async Task DirectMessage_WithOneMediaAttachment()
    {
        await using var host = new XHost();

        var result = await host.Adapter.SendAsync(Message(Dm, new TextPart("Here is the guide"), new MediaPart(MediaKind.Image) { NetworkMediaId = "1455952740635586573" }), default);

        Assert.True(result.Succeeded, result.Error?.Message);
        using var body = JsonDocument.Parse(Assert.Single(host.X.Requests).Body);
        Assert.Equal("Here is the guide", body.RootElement.GetProperty("text").GetString());
        Assert.Equal("1455952740635586573", body.RootElement.GetProperty("attachments")[0].GetProperty("media_id").GetString());
    }

    [Fact]
    public async Task PrivateReplyToAPublicPost_IsADirectMessageToItsAuthor()
    {
        await using var host = new XHost();

        var result = await host.Adapter.SendAsync(Message(Thread, new TextPart("We wrote privately")) with { PrivateReply = true }, default);

        Assert.True(result.Succeeded);
        Assert.Equal($"/2/dm_conversations/with/{Customer}/messages", Assert.Single(host.X.Requests).Path);
    }

    [Fact]
    public async Task PublicReply_AnswersTheNamedPost_OrTheThreadRoot()
    {
        await using var host = new XHost();

        await host.Adapter.SendAsync(Message(Thread, new TextPart("On it")) with { ReplyTo = new NetworkMessageId("2110296000000000009") }, default);
        await host.Adapter.SendAsync(Message(Thread, new TextPart("Still on it")), default);

        Assert.Equal(["2110296000000000009", "2110295848522037206"], host.X.Posts.Select(p => p.InReplyToPostId));
        Assert.All(host.X.Posts, p => Assert.DoesNotContain("@", p.Text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("dm-too-long", "text_too_long")]
    [InlineData("post-too-long", "text_too_long")]
    [InlineData("media-without-id", "media_not_uploaded")]
    [InlineData("two-media-in-dm", "too_many_media")]
    [InlineData("five-media-in-post", "too_many_media")]
    [InlineData("unknown-account", "unknown_account")]
    [InlineData("empty", "empty_message")]
    public async Task Refusals_HappenBeforeAnyCall(string kind, string code)
    {
        await using var host = new XHost();
        var image = new MediaPart(MediaKind.Image) { NetworkMediaId = "1" };
        var message = kind switch
        {
            "dm-too-long" => Message(Dm, new TextPart(new string('a', 10_001))),
            "post-too-long" => Message(Thread, new TextPart(string.Concat(Enumerable.Repeat("😀", 141)))),
            "media-without-id" => Message(Dm, new MediaPart(MediaKind.Image) { Url = new Uri("https://example.test/a.jpg") }),
            "two-media-in-dm" => Message(Dm, image, image),
            "five-media-in-post" => Message(Thread, image, image, image, image, image),
            "unknown-account" => Message(Dm with { Account = new ChannelAccountId("42") }, new TextPart("hi")),
            _ => Message(Dm, new TextPart("   ")),
        };

        var result = await host.Adapter.SendAsync(message, default);

        Assert.Equal(code, result.Error!.Code);
        Assert.Equal(ChannelErrorKind.Refused, result.Error.Kind);
        Assert.Empty(host.X.Requests);
    }

    [Fact]
    public async Task PostOfExactly280WeightedCharacters_IsSent()
    {
        await using var host = new XHost();
        var text = string.Concat(Enumerable.Repeat("😀", 140)); // 140 emoji × 2

        Assert.True((await host.Adapter.SendAsync(Message(Thread, new TextPart(text)), default)).Succeeded);
    }

    [Fact]
    public async Task UndeclaredContentAndTemplates_AreNotSupported()
    {
        await using var host = new XHost();

        await Assert.ThrowsAsync<NotSupportedException>(() => host.Adapter.SendAsync(Message(Dm, new ChoicePart(ChoiceKind.QuickReply, "Yes", "yes")), default));
        await Assert.ThrowsAsync<NotSupportedException>(() => host.Adapter.SendAsync(Message(Dm, new TextPart("x")) with { Template = new MessageTemplate("t", "en") }, default));
        await Assert.ThrowsAsync<ArgumentException>(() => host.Adapter.SendAsync(Message(Dm with { Channel = ChannelId.Facebook }, new TextPart("x")), default));
    }

    [Fact]
    public async Task Measure_CountsPostsAsXDoes_AndDmsInCharacters()
    {
        await using var host = new XHost();
        var measure = (ITextMeasure)host.Adapter;

        Assert.Equal(23 + 1 + 4, measure.Measure("https://example.com/a/very/long/path/indeed ciao", publicReply: true));
        Assert.Equal(4, measure.Measure("你好", publicReply: true));
        Assert.Equal(2, measure.Measure("你好", publicReply: false));
    }

    [Theory]
    [InlineData("https://ton.twitter.com/1.1/ton/data/dm/2110298694595901297/2110298690000000001/Qh3aX9pL.jpg", true)]
    [InlineData("https://pbs.twimg.com/dm_gif_preview/1/abc.jpg", false)]
    [InlineData("https://ton.twitter.com/1.1/ton/data/dm/not-a-number/1/x.jpg", false)]
    public void DirectMessageMediaAddresses_AreRecognised(string url, bool recognised)
    {
        Assert.Equal(recognised, XAdapter.TryDirectMessageMedia(new Uri(url), out _, out _, out _));
    }
}
