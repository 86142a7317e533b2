using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;
using SocialCare.Core.Tests.Engine;
using SocialCare.Testing;

namespace SocialCare.Core.Tests.EventWebhooks;

/// <summary>The guide's code does what the guide says: its receiver verifies and reads real deliveries; its registrations bind.</summary>
public sealed class EventWebhookSnippetTests
{
    private static readonly string Secret = EventWebhookSigner.NewSecret();

    [Fact]
    public async Task TheGuidesReceiver_GetsEveryEvent_AndRefusesAForgery()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        await using var app = builder.Build();
        var handled = new List<TicketEvent>();
        EventWebhookSnippets.MapReceiver(app, Secret, e => { lock (handled) { handled.Add(e); } });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var harness = new EngineHarness(
            builder: b => b.AddEventWebhooks(o =>
            {
                var endpoint = new EventWebhookEndpoint { Name = "crm", Url = new Uri(address, "/socialcare/events") };
                endpoint.Secrets.Add(Secret);
                o.Endpoints.Add(endpoint);
            }),
            time: time);
        await harness.SayAsync("u1", "Dove trovo il vostro negozio?");
        await harness.Services.GetRequiredService<EventWebhookDispatcher>().RunOnceAsync(default);
        await harness.Services.GetRequiredService<EventWebhookDispatcher>().RunOnceAsync(default);

        Assert.Equal(harness.Sink.Events.Select(SocialCareJson.Serialize), handled.Select(SocialCareJson.Serialize));

        using var http = new HttpClient();
        using var forged = new HttpRequestMessage(HttpMethod.Post, new Uri(address, "/socialcare/events")) { Content = new StringContent("""{"type":"ticket.created"}""") };
        forged.Headers.Add(EventWebhookHeaders.Id, "msg_forged");
        forged.Headers.Add(EventWebhookHeaders.Timestamp, time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        forged.Headers.Add(EventWebhookHeaders.Signature, "v1," + Convert.ToBase64String(new byte[32]));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(forged)).StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public void TheGuidesRegistrations_BindAndValidate()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SocialCare:EventWebhooks:Endpoints:0:Name"] = "crm",
            ["SocialCare:EventWebhooks:Endpoints:0:Url"] = "https://crm.example.com/socialcare/events",
            ["SocialCare:EventWebhooks:Endpoints:0:Secrets:0"] = Secret,
            ["SocialCare:EventWebhooks:Endpoints:0:Events:0"] = "ticket.created",
            ["SocialCare:EventWebhooks:RetryFor"] = "12:00:00",
        }).Build();
        var services = new ServiceCollection();
        EventWebhookSnippets.Register(services, configuration);
        using var bound = services.BuildServiceProvider();
        var options = bound.GetRequiredService<IOptions<EventWebhookOptions>>().Value;
        Assert.Equal(("crm", "https://crm.example.com/socialcare/events", Secret, "ticket.created", TimeSpan.FromHours(12)), (options.Endpoints[0].Name, options.Endpoints[0].Url!.ToString(), options.Endpoints[0].Secrets[0], options.Endpoints[0].Events[0], options.RetryFor));

        var inCode = new ServiceCollection();
        EventWebhookSnippets.RegisterInCode(inCode, Secret);
        using var provider = inCode.BuildServiceProvider();
        Assert.Equal(2, provider.GetRequiredService<IOptions<EventWebhookOptions>>().Value.Endpoints[0].Events.Count);
    }
}
