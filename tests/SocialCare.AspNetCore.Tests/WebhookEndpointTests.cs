using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SocialCare.Abstractions;
using SocialCare.Core;
using SocialCare.Testing;

namespace SocialCare.AspNetCore.Tests;

/// <summary><c>MapSocialCareWebhooks("/webhooks")</c> on Kestrel with the real Facebook, WhatsApp and X adapters and the SQLite store.</summary>
public sealed class WebhookEndpointTests
{
    public static TheoryData<string> Channels => new("facebook", "whatsapp", "x");

    public static TheoryData<string> MetaChannels => new("facebook", "whatsapp");

    [Theory]
    [MemberData(nameof(Channels))]
    public async Task Post_SignedWebhook_Answers200AndStoresTheMessage(string channel)
    {
        await using var app = await WebhookApp.StartAsync();
        var webhook = SignedWebhook.Text(channel, "signed-1");

        using var response = await app.PostAsync(channel, webhook.Body, webhook.Headers);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = await app.Store.FindMessageAsync(webhook.Channel, webhook.Account, webhook.NetworkId, default);
        Assert.NotNull(message);
        Assert.Equal("Hello, where is my order 48213?", Assert.IsType<TextPart>(Assert.Single(message.Parts)).Text);
        var ticket = Assert.Single(await app.TicketsAsync());
        Assert.Equal(ticket.Id, message.TicketId);
        Assert.Equal(webhook.Channel, ticket.Conversation.Channel);
        Assert.Empty(app.Errors);
    }

    [Theory]
    [MemberData(nameof(Channels))]
    public async Task Post_Acknowledged_IsAlreadyInTheSqliteFileForAFreshStore(string channel)
    {
        // Each adapter waits a moment first: an answer that did not wait for the pipeline would come before the commit.
        await using var app = await WebhookApp.StartAsync(socialCare: b => SlowAdapter.WrapAll(b.Services, TimeSpan.FromMilliseconds(300)));
        var webhook = SignedWebhook.Text(channel, "durable-1");

        using var response = await app.PostAsync(channel, webhook.Body, webhook.Headers);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // A second store on the same file, opened after the 200 while the app still runs: the commit came before the answer.
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSocialCare().UseSqlite(app.ConnectionString);
        await using var fresh = services.BuildServiceProvider();
        var store = fresh.GetRequiredService<ITicketStore>();
        var message = await store.FindMessageAsync(webhook.Channel, webhook.Account, webhook.NetworkId, default);
        Assert.NotNull(message);
        Assert.NotNull(await store.GetAsync(message.TicketId, default));
    }

    [Theory]
    [MemberData(nameof(Channels))]
    public async Task Post_ForgedSignature_Answers401AndStoresNothing(string channel)
    {
        await using var app = await WebhookApp.StartAsync();
        var forged = SignedWebhook.Text(channel, "forged-1", secret: "not-the-app-secret-at-all");

        using var response = await app.PostAsync(channel, forged.Body, forged.Headers);
        using var unsigned = await app.PostAsync(channel, forged.Body, new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.DoesNotContain(WebhookApp.MetaAppSecret, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await app.Store.FindMessageAsync(forged.Channel, forged.Account, forged.NetworkId, default));
        Assert.Empty(await app.TicketsAsync());
    }

    [Theory]
    [MemberData(nameof(Channels))]
    public async Task Post_MalformedJson_Answers400(string channel)
    {
        await using var app = await WebhookApp.StartAsync();
        var body = "{\"object\":\"page\",\"entry\":[{\"id\":"u8.ToArray();

        using var response = await app.PostAsync(channel, body, SignedWebhook.Sign(channel, body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await app.TicketsAsync());
        Assert.Empty(app.Errors);
    }

    [Theory]
    [MemberData(nameof(Channels))]
    public async Task Post_SameDeliveryTwice_Answers200TwiceAndStoresItOnce(string channel)
    {
        await using var app = await WebhookApp.StartAsync();
        var webhook = SignedWebhook.Text(channel, "duplicate-1");

        using var first = await app.PostAsync(channel, webhook.Body, webhook.Headers);
        using var again = await app.PostAsync(channel, webhook.Body, webhook.Headers);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var ticket = Assert.Single(await app.TicketsAsync());
        Assert.Single(await app.Store.GetMessagesAsync(ticket.Id, default));
    }

    [Fact]
    public async Task Request_ChannelWithoutAdapter_Answers404()
    {
        await using var app = await WebhookApp.StartAsync();
        var webhook = SignedWebhook.Text("facebook", "unknown-1");

        using var telegram = await app.PostAsync("telegram", webhook.Body, webhook.Headers);
        using var upperCase = await app.PostAsync("Facebook", webhook.Body, webhook.Headers);
        using var get = await app.Client.GetAsync("/webhooks/telegram?hub.mode=subscribe");
        using var deeper = await app.PostAsync("facebook/extra", webhook.Body, webhook.Headers);

        Assert.Equal(HttpStatusCode.NotFound, telegram.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, upperCase.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deeper.StatusCode);
        Assert.Empty(await app.TicketsAsync());
    }

    [Fact]
    public async Task Request_OtherMethod_Answers405()
    {
        await using var app = await WebhookApp.StartAsync();

        using var response = await app.Client.PutAsync("/webhooks/facebook", new ByteArrayContent("{}"u8.ToArray()));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(MetaChannels))]
    public async Task Get_MetaHandshake_AnswersTheChallenge_OrRefusesAWrongToken(string channel)
    {
        await using var app = await WebhookApp.StartAsync();

        using var response = await app.Client.GetAsync($"/webhooks/{channel}?hub.mode=subscribe&hub.verify_token={WebhookApp.VerifyToken}&hub.challenge=1158201444");
        using var wrong = await app.Client.GetAsync($"/webhooks/{channel}?hub.mode=subscribe&hub.verify_token=guessed&hub.challenge=1158201444");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1158201444", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.DoesNotContain("1158201444", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_XCrc_AnswersTheResponseToken()
    {
        await using var app = await WebhookApp.StartAsync();

        using var response = await app.Client.GetAsync("/webhooks/x?crc_token=" + Uri.EscapeDataString("M2Y0ZDQ1+Yzk/=="));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(XWebhooks.CrcResponseToken("M2Y0ZDQ1+Yzk/==", WebhookApp.XConsumerSecret), json.RootElement.GetProperty("response_token").GetString());
    }

    [Fact]
    public async Task Post_CustomChannel_IsMappedToo()
    {
        var adapter = new FakeAdapter(new ChannelId("webchat"), _ => WebhookResult.Ignored("nothing to record"));
        await using var app = await WebhookApp.StartAsync(socialCare: b => b.Services.AddSingleton<IChannelAdapter>(adapter));

        using var response = await app.Client.PostAsync("/webhooks/webchat?session=42", new StringContent("{\"hello\":1}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = Assert.Single(adapter.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/webhooks/webchat", request.Path);
        Assert.Equal("{\"hello\":1}", request.Body);
        Assert.Equal("42", request.Query["session"]);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
    }

    [Fact]
    public async Task Post_PipelineThrows_Answers500WithoutDetails_LoggedOnce()
    {
        var adapter = new FakeAdapter(new ChannelId("boom"), _ => throw new InvalidOperationException("adapter bug with a detail nobody outside may see"));
        await using var app = await WebhookApp.StartAsync(socialCare: b => b.Services.AddSingleton<IChannelAdapter>(adapter));

        using var response = await app.Client.PostAsync("/webhooks/boom", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        var error = Assert.Single(app.Errors);
        Assert.Equal(6006, error.EventId.Id);
        Assert.IsType<InvalidOperationException>(error.Exception);

        // The server goes on serving.
        var webhook = SignedWebhook.Text("whatsapp", "after-500");
        using var next = await app.PostAsync("whatsapp", webhook.Body, webhook.Headers);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }
}
