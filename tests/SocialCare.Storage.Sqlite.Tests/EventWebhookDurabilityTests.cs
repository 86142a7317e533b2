using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SocialCare.Abstractions;
using SocialCare.Core;
using SocialCare.Testing;

namespace SocialCare.Storage.Sqlite.Tests;

/// <summary>Event deliveries live in the SQLite file: queued with the webhook's commit, they survive the app and go out from the next one.</summary>
public sealed class EventWebhookDurabilityTests : IDisposable
{
    private static readonly string Secret = EventWebhookSigner.NewSecret();
    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task EventsQueuedBeforeARestart_AreDeliveredByTheNextApp_InOrder_Once()
    {
        await using var receiver = await EventWebhookReceiver.StartAsync([Secret]);
        await receiver.StopAsync();

        var body = WhatsAppWebhooks.Text("wamid.ew.0001", "447700900123", "Il mio ordine 48213 non è arrivato", TimeProvider.System.GetUtcNow());
        using (var first = Build(receiver.Url).Build())
        {
            await first.StartAsync();
            var response = await first.Services.GetRequiredService<IWebhookPipeline>().ProcessAsync(ChannelId.WhatsApp, WhatsAppWebhooks.Request(body), default);
            Assert.Equal(200, response.StatusCode);

            // The receiver is down: the attempts fail and the deliveries wait in the file.
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (Inspect.Scalar(_files.File(), "SELECT COUNT(*) FROM event_deliveries WHERE attempts >= 1 AND last_error IS NOT NULL") == 0)
            {
                await Task.Delay(50, wait.Token);
            }

            await first.StopAsync();
        }

        var queued = Inspect.Scalar(_files.File(), "SELECT COUNT(*) FROM event_deliveries");
        Assert.True(queued >= 2, $"{queued} deliveries queued");

        await receiver.StartAsync();
        var builder = Build(receiver.Url);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            // Until the deliveries are also recorded as done: stopping between the receiver's 204 and that record would
            // (rightly) leave the delivery to be sent again.
            while (receiver.Accepted.Count < queued || Inspect.Scalar(_files.File(), "SELECT COUNT(*) FROM event_deliveries") > 0)
            {
                await Task.Delay(50, wait.Token);
            }
        }
        finally
        {
            await host.StopAsync();
        }

        Assert.Equal(queued, receiver.Accepted.Count);
        Assert.DoesNotContain(receiver.Received, r => r.Repeat || r.Verification != EventWebhookVerification.Valid);
        Assert.Equal("ticket.created", receiver.Accepted[0].Type);
        Assert.Contains(receiver.Accepted, p => p.Data is MessageAppended { Message.Parts: [TextPart { Text: "Il mio ordine 48213 non è arrivato" }] });
        Assert.Single(receiver.Accepted.Select(p => p.Data.TicketId).Distinct());
        Assert.Equal(0, Inspect.Scalar(_files.File(), "SELECT COUNT(*) FROM event_deliveries"));
    }

    private HostApplicationBuilder Build(Uri url)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services.AddSocialCare().UseSqlite(_files.ConnectionString()).AddTestWhatsApp().AddEventWebhooks(o =>
        {
            var endpoint = new EventWebhookEndpoint { Name = "crm", Url = url };
            endpoint.Secrets.Add(Secret);
            o.Endpoints.Add(endpoint);
            o.FirstRetryDelay = TimeSpan.FromMilliseconds(200);
            o.PollInterval = TimeSpan.FromMilliseconds(100);
        });
        return builder;
    }
}
