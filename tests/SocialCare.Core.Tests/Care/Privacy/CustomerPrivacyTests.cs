using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SocialCare.Core.Tests.Engine;

namespace SocialCare.Core.Tests.Care.Privacy;

/// <summary>The customer's rights: an export of everything held, erasure that keeps the metrics, and retention.</summary>
public sealed class CustomerPrivacyTests
{
    [Fact]
    public async Task TheExport_HoldsTheCustomer_TheirTickets_AndThoseOfCustomersMergedIntoThem_AsJson()
    {
        await using var harness = new EngineHarness();
        harness.AddAgent("zoe");
        var first = await harness.SayAsync("giulia", "Il mio ordine 4471 non è arrivato");
        Assert.True((await harness.ReplyAsync(first.Id, "zoe", "Controllo subito!")).Succeeded);
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var onX = await harness.SayAsync("giulia_x", "Ordine 4471?", Channels.X);
        await harness.Services.GetRequiredService<ICustomerLinking>().MergeAsync(onX.Customer, first.Customer, "zoe", "same order");

        var export = await harness.Services.GetRequiredService<ICustomerPrivacy>().ExportAsync(first.Customer);

        Assert.NotNull(export);
        Assert.Equal(first.Customer, export.Customer.Id);
        Assert.Equal(onX.Customer, Assert.Single(export.MergedCustomers).Id);
        Assert.Equal([first.Id, onX.Id], export.Tickets.Select(t => t.Ticket.Id));
        Assert.Equal(2, export.Tickets[0].Messages.Count);
        Assert.NotEmpty(export.Tickets[0].History);

        using var stream = new MemoryStream();
        await export.WriteJsonAsync(stream);
        using var json = JsonDocument.Parse(stream.ToArray());
        var root = json.RootElement;
        Assert.Equal(first.Customer.Value, root.GetProperty("customer").GetProperty("id").GetString());
        Assert.Equal(2, root.GetProperty("tickets").GetArrayLength());
        var messages = SocialCareJson.Deserialize<IReadOnlyList<Message>>(root.GetProperty("tickets")[0].GetProperty("messages").GetRawText())!;
        Assert.Equal("Il mio ordine 4471 non è arrivato", ((TextPart)messages[0].Parts[0]).Text);
        Assert.Null(await harness.Services.GetRequiredService<ICustomerPrivacy>().ExportAsync(new CustomerId("nobody")));
    }

    [Fact]
    public async Task Erasure_RedactsContent_RemovesIdentities_KeepsAnonymisedTicketsForTheMetrics()
    {
        await using var harness = new EngineHarness();
        harness.AddAgent("zoe");
        var ticket = await harness.SayAsync("giulia", "My phone number is 347 123 4567, call me");
        harness.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.True((await harness.ReplyAsync(ticket.Id, "zoe", "Calling you now, Giulia", TicketState.Resolved)).Succeeded);
        var privacy = harness.Services.GetRequiredService<ICustomerPrivacy>();

        var erased = await privacy.EraseAsync(ticket.Customer, "dpo");

        Assert.NotNull(erased);
        Assert.Equal((1, 1, 2, 1), (erased.Customers, erased.Tickets, erased.Messages, erased.Identities));
        Assert.Empty(erased.Customer.Identities);
        Assert.Null(erased.Customer.DisplayName);
        Assert.NotNull(erased.Customer.ErasedAt);
        var kept = await harness.TicketAsync(ticket.Id);
        Assert.Equal((TicketState.Resolved, ticket.Customer), (kept.State, kept.Customer));
        Assert.NotNull(kept.FirstResponseAt);
        Assert.All(await harness.MessagesAsync(ticket.Id), m => Assert.Empty(m.Parts));
        Assert.Null(await harness.Store.FindActiveAsync(ticket.Conversation, ticket.Customer, default));

        // The metrics still count the ticket and its response time.
        var report = await harness.Services.GetRequiredService<TicketReports>().GetReportAsync(EngineHarness.Start.AddDays(-1), EngineHarness.Start.AddDays(1));
        Assert.Equal((1, 1, 1), (report.Overall.Tickets, report.Overall.AnsweredTickets, report.Overall.ResolvedTickets));

        // The person's next message is a new customer; repeating the erasure changes nothing more.
        var next = await harness.SayAsync("giulia", "Hello again");
        Assert.NotEqual(ticket.Customer, next.Customer);
        var again = await privacy.EraseAsync(ticket.Customer, "dpo");
        Assert.Equal((0, 0, 0), (again!.Tickets, again.Messages, again.Identities));
    }

    [Fact]
    public async Task Retention_RedactsContentOlderThanTheWindow_AndTheBackgroundServiceAppliesIt()
    {
        await using var harness = new EngineHarness(o =>
        {
            o.Privacy.RetainContentFor = TimeSpan.FromDays(30);
            o.Privacy.RetentionBatchSize = 2;
        });
        var old = await harness.SayAsync("old", "first");
        await harness.SayAsync("old", "second");
        await harness.SayAsync("old", "third");
        harness.Time.Advance(TimeSpan.FromDays(20));
        var recent = await harness.SayAsync("recent", "still recent");
        harness.Time.Advance(TimeSpan.FromDays(11));
        var privacy = harness.Services.GetRequiredService<ICustomerPrivacy>();

        Assert.Equal(3, await privacy.ApplyRetentionAsync());

        Assert.All(await harness.MessagesAsync(old.Id), m => Assert.Empty(m.Parts));
        Assert.Equal("still recent", ((TextPart)Assert.Single(await harness.MessagesAsync(recent.Id)).Parts[0]).Text);
        Assert.Equal(0, await privacy.ApplyRetentionAsync());

        // The hosted service runs it at start.
        harness.Time.Advance(TimeSpan.FromDays(20));
        var service = harness.Services.GetServices<IHostedService>().Single(s => s.GetType().Name == "RetentionService");
        await service.StartAsync(default);
        await WaitUntilAsync(async () => (await harness.MessagesAsync(recent.Id))[0].Parts.Count == 0);
        await service.StopAsync(default);
    }

    [Theory]
    [InlineData("RetainContentFor", "SocialCare:Privacy:RetainContentFor")]
    [InlineData("RetentionInterval", "SocialCare:Privacy:RetentionInterval")]
    [InlineData("RetentionBatchSize", "SocialCare:Privacy:RetentionBatchSize")]
    public void WrongRetentionSettings_FailAtStartNamingTheOption(string option, string key)
    {
        var services = new ServiceCollection();
        services.AddSocialCare(o =>
        {
            switch (option)
            {
                case "RetainContentFor": o.Privacy.RetainContentFor = TimeSpan.FromHours(2); break;
                case "RetentionInterval": o.Privacy.RetentionInterval = TimeSpan.Zero; break;
                default: o.Privacy.RetentionBatchSize = 0; break;
            }
        });
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SocialCareOptions>>().Value);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(25);
        }

        Assert.Fail("The condition did not hold within 5 seconds.");
    }
}
