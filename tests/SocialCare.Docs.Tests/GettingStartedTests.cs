using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SocialCare.Abstractions;
using SocialCare.Channels.Twitter;
using SocialCare.Core;
using SocialCare.Docs.Tests.Snippets;
using SocialCare.Testing;

namespace SocialCare.Docs.Tests;

/// <summary>Runs the code of docs/getting-started.md with the configuration that page shows.</summary>
public sealed class GettingStartedTests
{
    private const string Page = "getting-started.md";

    [Fact]
    public async Task StartProgram_WithThePagesConfiguration_AnswersHandshakesAndSignedWebhooks()
    {
        var configuration = DocConfig.Load(Page, "start-appsettings");
        await using var app = await DocsApp.StartAsync(configuration, GettingStartedSnippets.BuildApp);
        var driver = new WebhookDriver(app.Webhooks, DriverOptions(configuration));

        var facebook = await driver.MetaVerifyAsync(ChannelId.Facebook, configuration["SocialCare:Facebook:VerifyToken"]!, "1158201444");
        var whatsApp = await driver.MetaVerifyAsync(ChannelId.WhatsApp, configuration["SocialCare:WhatsApp:VerifyToken"]!, "42");
        var wrongToken = await driver.MetaVerifyAsync(ChannelId.Facebook, "not-the-token", "1");
        var crc = await driver.XCrcAsync("foo");
        var message = await driver.MessengerTextAsync("6241839201847562", "Hello, where is my order?");
        var forged = await new WebhookDriver(app.Webhooks, DriverOptions(configuration, facebookSecret: "not-the-secret"))
            .MessengerTextAsync("6241839201847562", "forged");
        var unknownChannel = await app.Client.PostAsync(new Uri("webhooks/telegram", UriKind.Relative), new ByteArrayContent([]));
        var health = await app.Client.GetAsync(new Uri("health", UriKind.Relative));

        Assert.Equal((200, "1158201444"), (facebook.StatusCode, facebook.ResponseBody));
        Assert.Equal((200, "42"), (whatsApp.StatusCode, whatsApp.ResponseBody));
        Assert.Equal(403, wrongToken.StatusCode);
        Assert.Equal(200, crc.StatusCode);
        Assert.Contains(XWebhookSigner.CrcResponseToken("foo", configuration["SocialCare:X:ConsumerSecret"]!), crc.ResponseBody, StringComparison.Ordinal);
        Assert.Equal(200, message.StatusCode);
        Assert.Equal(401, forged.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownChannel.StatusCode);
        Assert.NotEqual(HttpStatusCode.NotFound, health.StatusCode);
        var store = app.App.Services.GetRequiredService<ITicketStore>();
        Assert.Equal("SqliteTicketStore", store.GetType().Name);
    }

    [Fact]
    public async Task CrmSnippets_CustomerWrites_CrmHearsAndTheAgentsReplyReachesMessenger()
    {
        var configuration = DocConfig.Load(Page, "start-appsettings");
        await using var app = await DocsApp.StartAsync(configuration, args => GettingStartedSnippets.BuildCrmApp(args, _ => { }));
        var crm = (MyCrmClient)app.App.Services.GetRequiredService<ICrmClient>();   // the one the snippet registered
        var driver = new WebhookDriver(app.Webhooks, DriverOptions(configuration));

        var delivery = await driver.MessengerTextAsync("6241839201847562", "My parcel has not arrived");
        Assert.Equal(200, delivery.StatusCode);
        await DocsApp.EventuallyAsync(() => Task.FromResult(crm.Calls.Any(c => c.StartsWith("open ", StringComparison.Ordinal))), "the CRM to open a case");
        var ticketId = crm.Calls.First(c => c.StartsWith("open ", StringComparison.Ordinal)).Split(' ')[1];
        Assert.Contains($"open {ticketId} facebook", crm.Calls);
        Assert.Contains($"message {ticketId} Inbound", crm.Calls);

        var engine = app.App.Services.GetRequiredService<ITicketEngine>();
        var hint = await ConceptsSnippets.DescribeReplyBoxAsync(engine, new TicketId(ticketId), CancellationToken.None);
        Assert.StartsWith("Free text until ", hint, StringComparison.Ordinal);

        var unknownAgent = await app.Client.PostAsJsonAsync($"crm/tickets/{ticketId}/replies", new AgentReply("nobody", "Hi"));
        var reply = await app.Client.PostAsJsonAsync($"crm/tickets/{ticketId}/replies", new AgentReply("giulia", "Sorry about that: it leaves today."));

        Assert.Equal(HttpStatusCode.Conflict, unknownAgent.StatusCode);
        Assert.Contains("UnknownAgent", await unknownAgent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, reply.StatusCode);
        await DocsApp.EventuallyAsync(
            () => Task.FromResult(app.Networks.Requests.Any(r => r.Method == "POST" && r.Path.EndsWith("/messages", StringComparison.Ordinal) && r.Body.Contains("it leaves today", StringComparison.Ordinal))),
            "the reply to reach the Graph API emulator");
        await DocsApp.EventuallyAsync(() => Task.FromResult(crm.Calls.Contains($"status {ticketId} Pending")), "the ticket to wait for the customer");

        var onHold = await ConceptsSnippets.PutOnHoldAsync(engine, new TicketId(ticketId), new AgentId("giulia"), CancellationToken.None);
        var again = await ConceptsSnippets.PutOnHoldAsync(engine, new TicketId(ticketId), new AgentId("giulia"), CancellationToken.None);
        Assert.Null(onHold);
        Assert.StartsWith("TransitionRejected (SameState): ", again, StringComparison.Ordinal);
    }

    internal static WebhookDriverOptions DriverOptions(Microsoft.Extensions.Configuration.IConfiguration configuration, string? facebookSecret = null) => new()
    {
        FacebookAppSecret = facebookSecret ?? configuration["SocialCare:Facebook:AppSecret"]!,
        WhatsAppAppSecret = configuration["SocialCare:WhatsApp:AppSecret"]!,
        XConsumerSecret = configuration["SocialCare:X:ConsumerSecret"]!,
        PageId = configuration["SocialCare:Facebook:Pages:0:PageId"]!,
        PhoneNumberId = configuration["SocialCare:WhatsApp:PhoneNumbers:0:PhoneNumberId"]!,
        XBrandUserId = configuration["SocialCare:X:Accounts:0:UserId"]!,
        XBrandScreenName = configuration["SocialCare:X:Accounts:0:ScreenName"]!,
    };
}
