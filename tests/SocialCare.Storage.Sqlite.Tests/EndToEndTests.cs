using Microsoft.Extensions.DependencyInjection;
using SocialCare.Abstractions;
using SocialCare.Core;

namespace SocialCare.Storage.Sqlite.Tests;

/// <summary>A signed WhatsApp webhook through the pipeline into the SQLite file, seen by a new service provider on the file.</summary>
public sealed class EndToEndTests : IDisposable
{
    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task SignedWebhook_IsStoredForANewProvider_AndItsRedeliveryIsADuplicate()
    {
        var body = WhatsAppWebhooks.Text("wamid.e2e.0001", "447700900123", "Hello, where is my order 48213?", TimeProvider.System.GetUtcNow());
        var networkId = new NetworkMessageId("wamid.e2e.0001");
        var account = new ChannelAccountId(WhatsAppWebhooks.PhoneNumberId);

        await using (var first = Build())
        {
            var response = await first.GetRequiredService<IWebhookPipeline>().ProcessAsync(ChannelId.WhatsApp, WhatsAppWebhooks.Request(body), default);
            Assert.Equal(200, response.StatusCode);
            Assert.Equal(1, response.Applied);
        }

        await using var second = Build();
        var store = second.GetRequiredService<ITicketStore>();
        var message = await store.FindMessageAsync(ChannelId.WhatsApp, account, networkId, default);
        Assert.NotNull(message);
        Assert.Equal("Hello, where is my order 48213?", Assert.IsType<TextPart>(Assert.Single(message.Parts)).Text);
        var ticket = await store.GetAsync(message.TicketId, default);
        Assert.NotNull(ticket);
        Assert.Equal(ticket.Id, (await store.FindActiveAsync(ticket.Conversation, ticket.Customer, default))?.Id);
        Assert.Equal(message.Id, Assert.Single(await store.GetMessagesAsync(ticket.Id, default)).Id);
        Assert.NotEmpty(await store.GetHistoryAsync(ticket.Id, default));

        // The customer was kept too, with the identity the message came from.
        var customer = await second.GetRequiredService<ICustomerDirectory>().GetAsync(ticket.Customer, default);
        Assert.NotNull(customer);
        Assert.Contains(customer.Identities, p => p.Channel == ChannelId.WhatsApp && p.Account == account);

        var again = await second.GetRequiredService<IWebhookPipeline>().ProcessAsync(ChannelId.WhatsApp, WhatsAppWebhooks.Request(body), default);
        Assert.Equal(200, again.StatusCode);
        Assert.Equal(0, again.Applied);
        Assert.Equal(1, again.Skipped);
        Assert.Single(await store.GetMessagesAsync(ticket.Id, default));
        Assert.Equal(1, Inspect.Scalar(_files.File(), "SELECT COUNT(*) FROM tickets"));
    }

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSocialCare().UseSqlite(_files.ConnectionString()).AddTestWhatsApp();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
