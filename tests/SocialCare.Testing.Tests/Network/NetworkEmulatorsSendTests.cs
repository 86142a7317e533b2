using System.Text.Json;
using SocialCare.Abstractions;

namespace SocialCare.Testing.Tests.Network;

/// <summary>The real Facebook, WhatsApp and X adapters, configured with <see cref="DemoAccounts"/>, sending to <see cref="NetworkEmulators"/> over HTTP.</summary>
public sealed class NetworkEmulatorsSendTests
{
    private const string Psid = "7012938475610293";
    private const string Customer = "393471234567";
    private const string XCustomer = "1402938475610284033";

    private static readonly Participant Giulia = new(ChannelId.Facebook, new ChannelAccountId(DemoAccounts.PageId), new NetworkUserId(Psid));
    private static readonly Participant Marco = new(ChannelId.WhatsApp, new ChannelAccountId(DemoAccounts.PhoneNumberId), new NetworkUserId(Customer)) { Phone = "+" + Customer };
    private static readonly Participant Priya = new(ChannelId.X, new ChannelAccountId(DemoAccounts.XBrandUserId), new NetworkUserId(XCustomer)) { Handle = "priya_r_travels" };

    [Fact]
    public async Task MessengerSend_ReachesTheGraphEmulator_AtThePagesMessagesEdge()
    {
        await using var app = await DemoApp.StartAsync();

        var result = await app.Adapter(ChannelId.Facebook).SendAsync(Direct(Giulia, "Ciao Giulia, il pacco è partito."), default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.StartsWith("m_", result.NetworkId!.Value.Value, StringComparison.Ordinal);
        var request = Assert.Single(app.Emulators.Requests);
        Assert.Equal((NetworkEmulators.GraphNetwork, "POST", $"/v25.0/{DemoAccounts.PageId}/messages", 200), (request.Network, request.Method, request.Path, request.StatusCode));
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(Psid, body.RootElement.GetProperty("recipient").GetProperty("id").GetString());
        Assert.Equal("Ciao Giulia, il pacco è partito.", body.RootElement.GetProperty("message").GetProperty("text").GetString());
        Assert.Equal("Bearer " + DemoAccounts.PageAccessToken, Assert.Single(app.Emulators.Graph.Requests).Authorization);
    }

    [Fact]
    public async Task CommentReply_PostsUnderTheComment()
    {
        await using var app = await DemoApp.StartAsync();
        var post = new ConversationRef(ChannelId.Facebook, new ChannelAccountId(DemoAccounts.PageId), new ThreadId(DemoAccounts.PageId + "_1184739201847563"), ConversationVisibility.Public);
        var comment = "1184739201847563_2039485761029384";

        var result = await app.Adapter(ChannelId.Facebook).SendAsync(new OutboundMessage(MessageId.New(Now), post, [new TextPart("We have sent you a message.")]) { ReplyTo = new NetworkMessageId(comment) }, default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.StartsWith("1184739201847563_", result.NetworkId!.Value.Value, StringComparison.Ordinal);
        var request = Assert.Single(app.Emulators.Requests);
        Assert.Equal(("POST", $"/v25.0/{comment}/comments", 200), (request.Method, request.Path, request.StatusCode));
        Assert.Contains("We have sent you a message.", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatsAppText_ReachesTheCloudApiEmulator_WithAWamidAnswer()
    {
        await using var app = await DemoApp.StartAsync();

        var result = await app.Adapter(ChannelId.WhatsApp).SendAsync(Direct(Marco, "Il tuo ordine arriva domani."), default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.StartsWith("wamid.", result.NetworkId!.Value.Value, StringComparison.Ordinal);
        var request = Assert.Single(app.Emulators.Requests);
        Assert.Equal(("POST", $"/v25.0/{DemoAccounts.PhoneNumberId}/messages", 200), (request.Method, request.Path, request.StatusCode));
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("whatsapp", body.RootElement.GetProperty("messaging_product").GetString());
        Assert.Equal("Il tuo ordine arriva domani.", body.RootElement.GetProperty("text").GetProperty("body").GetString());
        Assert.Equal("Bearer " + DemoAccounts.WhatsAppAccessToken, Assert.Single(app.Emulators.Graph.Requests).Authorization);
    }

    [Fact]
    public async Task XDirectMessage_IsSignedWithOAuth1OverTheServersAddress_AndAccepted()
    {
        await using var app = await DemoApp.StartAsync();

        var result = await app.Adapter(ChannelId.X).SendAsync(Direct(Priya, "We're looking into it."), default);

        Assert.True(result.Succeeded, result.Error?.Message);
        var request = Assert.Single(app.Emulators.Requests);
        Assert.Equal((NetworkEmulators.XNetwork, "POST", $"/2/dm_conversations/with/{XCustomer}/messages", 201), (request.Network, request.Method, request.Path, request.StatusCode));
        var dm = Assert.Single(app.Emulators.X.DirectMessages);
        Assert.Equal((DemoAccounts.XBrandUserId, XCustomer, "We're looking into it."), (dm.SenderId, dm.ParticipantId, dm.Text));
        Assert.Equal(dm.EventId, result.NetworkId!.Value.Value);
    }

    [Fact]
    public async Task XReply_AnswersThePost()
    {
        await using var app = await DemoApp.StartAsync();
        var thread = new ConversationRef(ChannelId.X, new ChannelAccountId(DemoAccounts.XBrandUserId), new ThreadId("2110295848522037206"), ConversationVisibility.Public);

        var result = await app.Adapter(ChannelId.X).SendAsync(
            new OutboundMessage(MessageId.New(Now), thread, [new TextPart("Sorry about that, we've sent you a DM.")]) { Recipient = Priya, ReplyTo = new NetworkMessageId("2110296000000000009") },
            default);

        Assert.True(result.Succeeded, result.Error?.Message);
        var request = Assert.Single(app.Emulators.Requests);
        Assert.Equal(("POST", "/2/tweets", 201), (request.Method, request.Path, request.StatusCode));
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("2110296000000000009", body.RootElement.GetProperty("reply").GetProperty("in_reply_to_tweet_id").GetString());
        var post = Assert.Single(app.Emulators.X.Posts);
        Assert.Equal((post.Id, "2110296000000000009"), (result.NetworkId!.Value.Value, post.InReplyToPostId));
    }

    [Fact]
    public async Task Requests_OfBothNetworks_AreListedInArrivalOrder_AndClearForgetsThem()
    {
        await using var app = await DemoApp.StartAsync();

        await app.Adapter(ChannelId.X).SendAsync(Direct(Priya, "one"), default);
        await app.Adapter(ChannelId.WhatsApp).SendAsync(Direct(Marco, "two"), default);
        await app.Adapter(ChannelId.X).SendAsync(Direct(Priya, "three"), default);

        Assert.Equal(["x", "graph", "x"], app.Emulators.Requests.Select(r => r.Network));
        Assert.True(app.Emulators.Requests.Zip(app.Emulators.Requests.Skip(1)).All(p => p.First.ReceivedAt <= p.Second.ReceivedAt));
        app.Emulators.Clear();
        Assert.Empty(app.Emulators.Requests);
        Assert.Empty(app.Emulators.Graph.Requests);
        Assert.Empty(app.Emulators.X.Requests);
        Assert.Equal(2, app.Emulators.X.DirectMessages.Count);
    }

    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    private static OutboundMessage Direct(Participant to, string text)
        => new(MessageId.New(Now), ConversationRef.PrivateWith(to), [new TextPart(text)]) { Recipient = to, CustomerLastMessageAt = Now.AddMinutes(-5) };
}
