using SocialCare.Abstractions;

namespace SocialCare.Samples.Inbox.Tests;

/// <summary>The webhook endpoints as the networks meet them: forged signatures refused, duplicates ignored, the set-up handshakes.</summary>
public sealed class WebhookTests
{
    public static TheoryData<string> Channels => new() { "facebook", "whatsapp", "x" };

    [Theory]
    [MemberData(nameof(Channels))]
    public async Task ForgedSignature_Is401_AndNothingIsStored(string channel)
    {
        await using var inbox = await InboxTestApp.StartAsync();
        var forger = new WebhookDriver(inbox.WebhooksHttp, new WebhookDriverOptions
        {
            FacebookAppSecret = "someone-elses-secret",
            WhatsAppAppSecret = "someone-elses-secret",
            XConsumerSecret = "someone-elses-secret",
        });

        var delivery = await SendAsync(forger, channel);

        Assert.Equal(401, delivery.StatusCode);
        await Task.Delay(300);
        Assert.Empty(await inbox.TicketsAsync());

        // The same message signed with the right secret is taken: the refusal was the signature's.
        Assert.Equal(200, (await SendAsync(inbox.Driver, channel)).StatusCode);
        await inbox.SingleTicketAsync(channel);
    }

    [Theory]
    [MemberData(nameof(Channels))]
    public async Task DuplicateDelivery_ChangesNothing(string channel)
    {
        await using var inbox = await InboxTestApp.StartAsync();
        var first = await SendAsync(inbox.Driver, channel);
        var ticket = await inbox.SingleTicketAsync(channel);

        Assert.Equal(200, (await inbox.Driver.RedeliverAsync(first)).StatusCode);

        await Task.Delay(300);
        Assert.Single(await inbox.TicketsAsync());
        Assert.Single((await inbox.TicketAsync(ticket.Str("id"))).Objects("messages"));
    }

    [Fact]
    public async Task MetaHandshakes_EchoTheChallenge_OnlyForTheVerifyToken()
    {
        await using var inbox = await InboxTestApp.StartAsync();

        var facebook = await inbox.Driver.MetaVerifyAsync(ChannelId.Facebook, DemoAccounts.FacebookVerifyToken, "1158201444");
        Assert.Equal((200, "1158201444"), (facebook.StatusCode, facebook.ResponseBody));
        var whatsApp = await inbox.Driver.MetaVerifyAsync(ChannelId.WhatsApp, DemoAccounts.WhatsAppVerifyToken, "4471190246");
        Assert.Equal((200, "4471190246"), (whatsApp.StatusCode, whatsApp.ResponseBody));

        var wrong = await inbox.Driver.MetaVerifyAsync(ChannelId.Facebook, "not-the-token", "1158201444");
        Assert.Equal(403, wrong.StatusCode);
        Assert.DoesNotContain("1158201444", wrong.ResponseBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task XCrc_AnswersWithTheConsumerSecretsToken()
    {
        await using var inbox = await InboxTestApp.StartAsync();

        var crc = await inbox.Driver.XCrcAsync("crc-token-4711");

        Assert.Equal(200, crc.StatusCode);
        Assert.Equal(XWebhooks.CrcResponseToken("crc-token-4711", DemoAccounts.XConsumerSecret), JsonNode.Parse(crc.ResponseBody).Str("response_token"));
    }

    [Fact]
    public async Task UnknownChannel_Is404()
    {
        await using var inbox = await InboxTestApp.StartAsync();
        using var response = await inbox.WebhooksHttp.PostAsync("telegram", new StringContent("{}"));
        Assert.Equal(404, (int)response.StatusCode);
    }

    private static Task<WebhookDelivery> SendAsync(WebhookDriver driver, string channel) => channel switch
    {
        "facebook" => driver.MessengerTextAsync("6241839201847562", "Hi there"),
        "whatsapp" => driver.WhatsAppTextAsync("393471234567", "Giulia Rossi", "Ciao"),
        _ => driver.XDirectMessageAsync("1790000000000000102", "tombaker_uk", "Tom Baker", "Hello"),
    };
}
