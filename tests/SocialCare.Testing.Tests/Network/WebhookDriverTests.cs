using System.Text.Json;
using SocialCare.Abstractions;

namespace SocialCare.Testing.Tests.Network;

/// <summary>
/// The <see cref="WebhookDriver"/> against a real application on Kestrel (the pipeline behind <c>/webhooks/{channel}</c>,
/// the real channels): each webhook is acknowledged and has its effect, replies go out to the emulators over HTTP, and
/// their statuses come back.
/// </summary>
public sealed class WebhookDriverTests
{
    private const string Psid = "7012938475610293";
    private const string Phone = "393471234567";
    private const string XCustomer = "1402938475610284033";

    [Fact]
    public async Task MessengerText_OpensAPrivateTicket_WithTheMessageAndItsMid()
    {
        await using var app = await DemoApp.StartAsync();
        var driver = new WebhookDriver(app.Client);

        var delivery = await driver.MessengerTextAsync(Psid, "Ciao, dov'è il mio ordine?");

        Assert.Equal((200, "facebook", "POST"), (delivery.StatusCode, delivery.Channel.Value, delivery.Method));
        Assert.StartsWith("m_", delivery.NetworkMessageId, StringComparison.Ordinal);
        var ticket = await app.TicketAsync(ChannelId.Facebook);
        Assert.Equal((ConversationVisibility.Private, Psid, DemoAccounts.PageId), (ticket.Conversation.Visibility, ticket.Conversation.Thread.Value, ticket.Conversation.Account.Value));
        var message = Assert.Single(await app.MessagesAsync(ticket.Id));
        Assert.Equal(delivery.NetworkMessageId, message.NetworkId?.Value);
        Assert.Equal("Ciao, dov'è il mio ordine?", Assert.IsType<TextPart>(Assert.Single(message.Parts)).Text);
    }

    [Fact]
    public async Task PageComment_OpensAPublicTicket_OnThePost()
    {
        await using var app = await DemoApp.StartAsync();
        var driver = new WebhookDriver(app.Client);
        var post = DemoAccounts.PageId + "_1184739201847563";

        var delivery = await driver.PageCommentAsync(post, "5820193746529301", "Luca Bianchi", "Il sito non funziona da stamattina");

        Assert.Equal(200, delivery.StatusCode);
        Assert.StartsWith("1184739201847563_", delivery.NetworkMessageId, StringComparison.Ordinal);
        var ticket = await app.TicketAsync(ChannelId.Facebook);
        Assert.Equal((ConversationVisibility.Public, post), (ticket.Conversation.Visibility, ticket.Conversation.Thread.Value));
        var message = Assert.Single(await app.MessagesAsync(ticket.Id));
        Assert.Equal(delivery.NetworkMessageId, message.NetworkId?.Value);
        Assert.Equal("Luca Bianchi", message.Sender?.DisplayName);
    }

    [Fact]
    public async Task WhatsAppText_OpensATicket_ForTheCustomersNumber()
    {
        await using var app = await DemoApp.StartAsync();
        var driver = new WebhookDriver(app.Client);

        var delivery = await driver.WhatsAppTextAsync(Phone, "Marco Rossi", "Buongiorno, vorrei cambiare l'indirizzo di consegna");

        Assert.Equal(200, delivery.StatusCode);
        Assert.StartsWith("wamid.", delivery.NetworkMessageId, StringComparison.Ordinal);
        var ticket = await app.TicketAsync(ChannelId.WhatsApp);
        Assert.Equal(DemoAccounts.PhoneNumberId, ticket.Conversation.Account.Value);
        var message = Assert.Single(await app.MessagesAsync(ticket.Id));
        Assert.Equal((delivery.NetworkMessageId, "Marco Rossi"), (message.NetworkId?.Value, message.Sender?.DisplayName));
    }

    [Fact]
    public async Task XDirectMessageAndMention_OpenAPrivateAndAPublicTicket()
    {
        await using var app = await DemoApp.StartAsync();
        var driver = new WebhookDriver(app.Client);

        var dm = await driver.XDirectMessageAsync(XCustomer, "priya_r_travels", "Priya Raman", "My broadband has been down since last night");
        var mention = await driver.XMentionAsync(XCustomer, "priya_r_travels", "still no internet, anyone there?");

        Assert.Equal((200, 200), (dm.StatusCode, mention.StatusCode));
        Assert.True(ulong.TryParse(dm.NetworkMessageId, out _) && ulong.TryParse(mention.NetworkMessageId, out _));
        var tickets = await app.TicketsAsync();
        var privateTicket = Assert.Single(tickets, t => t.Conversation.Visibility == ConversationVisibility.Private);
        var publicTicket = Assert.Single(tickets, t => t.Conversation.Visibility == ConversationVisibility.Public);
        Assert.Equal(dm.NetworkMessageId, Assert.Single(await app.MessagesAsync(privateTicket.Id)).NetworkId?.Value);
        var post = Assert.Single(await app.MessagesAsync(publicTicket.Id));
        Assert.Equal(mention.NetworkMessageId, post.NetworkId?.Value);
        Assert.Equal("@DemoCare still no internet, anyone there?", Assert.IsType<TextPart>(Assert.Single(post.Parts)).Text);
    }

    [Fact]
    public async Task Redelivery_IsAcknowledged_AndStoredOnce()
    {
        await using var app = await DemoApp.StartAsync();
        var driver = new WebhookDriver(app.Client);
        var first = await driver.WhatsAppTextAsync(Phone, "Marco Rossi", "Ciao");

        var again = await driver.RedeliverAsync(first);

        Assert.Equal((200, 200), (first.StatusCode, again.StatusCode));
        Assert.Equal(first.Body.ToArray(), again.Body.ToArray());
        Assert.Equal(Channels.Meta.MetaWebhookSigner.Sign(first.Body.Span, DemoAccounts.WhatsAppAppSecret), first.Headers[Channels.Meta.MetaDefaults.SignatureHeader]);
        Assert.Equal(first.Headers[Channels.Meta.MetaDefaults.SignatureHeader], again.Headers[Channels.Meta.MetaDefaults.SignatureHeader]);
        var ticket = await app.TicketAsync(ChannelId.WhatsApp);
        Assert.Single(await app.MessagesAsync(ticket.Id));
    }

    [Fact]
    public async Task WhatsAppReply_GoesToTheEmulator_AndStatusesOutOfOrder_EndRead()
    {
        await using var app = await DemoApp.StartAsync();
        var driver = new WebhookDriver(app.Client);
        await driver.WhatsAppTextAsync(Phone, "Marco Rossi", "Il pacco non è arrivato");
        var ticket = await app.TicketAsync(ChannelId.WhatsApp);

        var reply = await app.ReplyAndSendAsync(ticket.Id, "Ci scusiamo, lo rispediamo oggi.");
        var statuses = await driver.WhatsAppStatusesAsync(reply.NetworkId!.Value.Value, Phone, "read", "delivered", "sent");

        var sent = Assert.Single(app.Emulators.Requests, r => r.Path == $"/v25.0/{DemoAccounts.PhoneNumberId}/messages");
        Assert.Contains("Ci scusiamo, lo rispediamo oggi.", sent.Body, StringComparison.Ordinal);
        Assert.Equal(200, statuses.StatusCode);
        using (var body = JsonDocument.Parse(statuses.Body))
        {
            var listed = body.RootElement.GetProperty("entry")[0].GetProperty("changes")[0].GetProperty("value").GetProperty("statuses").EnumerateArray().ToList();
            Assert.Equal(["read", "delivered", "sent"], listed.Select(s => s.GetProperty("status").GetString()));
            Assert.True(long.Parse(listed[0].GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(listed[2].GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        }

        var stored = (await app.MessagesAsync(ticket.Id)).Single(m => m.Id == reply.Id);
        Assert.Equal(DeliveryStatus.Read, stored.Status);
    }

    [Fact]
    public async Task WhatsAppLateFailure_MarksTheReplyFailed_WithTheCode()
    {
        await using var app = await DemoApp.StartAsync();
        var driver = new WebhookDriver(app.Client);
        await driver.WhatsAppTextAsync(Phone, "Marco Rossi", "Ciao");
        var ticket = await app.TicketAsync(ChannelId.WhatsApp);
        var reply = await app.ReplyAndSendAsync(ticket.Id, "Risposta");

        var failure = await driver.WhatsAppLateFailureAsync(reply.NetworkId!.Value.Value, Phone);

        Assert.Equal(200, failure.StatusCode);
        var stored = (await app.MessagesAsync(ticket.Id)).Single(m => m.Id == reply.Id);
        Assert.Equal(DeliveryStatus.Failed, stored.Status);
        Assert.Equal("131026", stored.Failure?.Code);
    }

    [Fact]
    public async Task MessengerReply_IsDeliveredThenRead()
    {
        await using var app = await DemoApp.StartAsync();
        var driver = new WebhookDriver(app.Client);
        await driver.MessengerTextAsync(Psid, "Hello?");
        var ticket = await app.TicketAsync(ChannelId.Facebook);
        var reply = await app.ReplyAndSendAsync(ticket.Id, "Hi, how can we help?");

        var delivered = await driver.MessengerDeliveredAsync(Psid, [reply.NetworkId!.Value.Value]);
        var afterDelivery = (await app.MessagesAsync(ticket.Id)).Single(m => m.Id == reply.Id).Status;
        await Task.Delay(5); // the read watermark must be after the reply's send time
        var read = await driver.MessengerReadAsync(Psid);

        Assert.Equal((200, 200), (delivered.StatusCode, read.StatusCode));
        Assert.Equal(reply.NetworkId.Value.Value, delivered.NetworkMessageId);
        Assert.Equal(DeliveryStatus.Delivered, afterDelivery);
        Assert.Equal(DeliveryStatus.Read, (await app.MessagesAsync(ticket.Id)).Single(m => m.Id == reply.Id).Status);
    }

    [Fact]
    public async Task XDirectMessageReply_IsRead()
    {
        await using var app = await DemoApp.StartAsync();
        var driver = new WebhookDriver(app.Client);
        await driver.XDirectMessageAsync(XCustomer, "priya_r_travels", "Priya Raman", "Anyone there?");
        var ticket = await app.TicketAsync(ChannelId.X);
        var reply = await app.ReplyAndSendAsync(ticket.Id, "Yes, we are here.");

        var read = await driver.XReadAsync(XCustomer, reply.NetworkId!.Value.Value);

        Assert.Equal(200, read.StatusCode);
        Assert.Equal(reply.NetworkId.Value.Value, Assert.Single(app.Emulators.X.DirectMessages).EventId);
        Assert.Equal(DeliveryStatus.Read, (await app.MessagesAsync(ticket.Id)).Single(m => m.Id == reply.Id).Status);
    }

    [Theory]
    [InlineData("facebook", DemoAccounts.FacebookVerifyToken)]
    [InlineData("whatsapp", DemoAccounts.WhatsAppVerifyToken)]
    public async Task MetaHandshake_EchoesTheChallenge_OnlyForTheRightToken(string channel, string token)
    {
        await using var app = await DemoApp.StartAsync();
        var driver = new WebhookDriver(app.Client);

        var right = await driver.MetaVerifyAsync(new ChannelId(channel), token, "1158201444");
        var wrong = await driver.MetaVerifyAsync(new ChannelId(channel), "not-the-token", "1158201444");

        Assert.Equal((200, "1158201444", "GET"), (right.StatusCode, right.ResponseBody, right.Method));
        Assert.Equal(403, wrong.StatusCode);
        Assert.NotEqual("1158201444", wrong.ResponseBody);
    }

    [Fact]
    public async Task XCrc_IsAnsweredWithTheResponseToken()
    {
        await using var app = await DemoApp.StartAsync();
        var driver = new WebhookDriver(app.Client);

        var crc = await driver.XCrcAsync("crc-token-with spaces&more");

        Assert.Equal(200, crc.StatusCode);
        using var body = JsonDocument.Parse(crc.ResponseBody);
        Assert.Equal(XWebhooks.CrcResponseToken("crc-token-with spaces&more", DemoAccounts.XConsumerSecret), body.RootElement.GetProperty("response_token").GetString());
    }

    [Theory]
    [InlineData("facebook")]
    [InlineData("whatsapp")]
    [InlineData("x")]
    public async Task WrongSecret_IsRefused_AndNothingIsStored(string channel)
    {
        await using var app = await DemoApp.StartAsync();
        var driver = new WebhookDriver(app.Client, new WebhookDriverOptions
        {
            FacebookAppSecret = "not-the-secret",
            WhatsAppAppSecret = "not-the-secret",
            XConsumerSecret = "not-the-secret",
        });

        var delivery = channel switch
        {
            "facebook" => await driver.MessengerTextAsync(Psid, "hi"),
            "whatsapp" => await driver.WhatsAppTextAsync(Phone, "Marco", "hi"),
            _ => await driver.XDirectMessageAsync(XCustomer, "priya", "Priya", "hi"),
        };

        Assert.InRange(delivery.StatusCode, 401, 403);
        Assert.Empty(await app.TicketsAsync());
    }

    [Fact]
    public async Task Paths_AndAccounts_ComeFromTheOptions()
    {
        await using var app = await DemoApp.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Webhooks, "../") };
        var driver = new WebhookDriver(client, new WebhookDriverOptions { WhatsAppPath = "webhooks/whatsapp", PhoneNumberId = "199999999999999" });

        var delivery = await driver.WhatsAppTextAsync(Phone, "Marco", "one");

        Assert.Equal((200, "webhooks/whatsapp"), (delivery.StatusCode, delivery.Path));
        var ticket = await app.TicketAsync(ChannelId.WhatsApp);
        Assert.Equal("199999999999999", ticket.Conversation.Account.Value);
    }

    [Fact]
    public async Task NetworkIds_AreUniqueAndShapedAsTheNetworksShapeThem()
    {
        await using var app = await DemoApp.StartAsync();
        var driver = new WebhookDriver(app.Client);
        var ids = new List<string>();

        for (var i = 0; i < 5; i++)
        {
            ids.Add((await driver.MessengerTextAsync(Psid, "m" + i)).NetworkMessageId!);
            ids.Add((await driver.WhatsAppTextAsync(Phone, "Marco", "w" + i)).NetworkMessageId!);
            ids.Add((await driver.XDirectMessageAsync(XCustomer, "priya", "Priya", "x" + i)).NetworkMessageId!);
            ids.Add((await driver.PageCommentAsync(DemoAccounts.PageId + "_1184739201847563", "5820193746529301", "Luca", "c" + i)).NetworkMessageId!);
        }

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids.Where(id => id.StartsWith("m_", StringComparison.Ordinal)), id => Assert.Matches("^m_[A-Za-z0-9_-]{80,}$", id));
        Assert.All(ids.Where(id => id.StartsWith("wamid.", StringComparison.Ordinal)), id => Assert.Contains(Phone, System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(id["wamid.".Length..])), StringComparison.Ordinal));
        Assert.Equal(5, ids.Count(id => id.StartsWith("1184739201847563_", StringComparison.Ordinal)));
        Assert.Equal(5, ids.Count(id => id.Length >= 18 && id.All(char.IsAsciiDigit)));
        Assert.Equal(4, (await app.TicketsAsync()).Count);
    }
}
