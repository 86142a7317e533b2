using SocialCare.Testing;
using Microsoft.Extensions.DependencyInjection;
using SocialCare.Abstractions;
using SocialCare.Samples.Inbox.Demo;

namespace SocialCare.Samples.Inbox.Tests;

/// <summary>The care features through the inbox's HTTP API: answers, suggestions, CSAT, listening, customers and privacy.</summary>
public sealed class CareApiTests
{
    private const string Giulia = "393471234567";

    [Fact]
    public async Task Suggestions_AndACannedAnswer_RenderedAndSent_ThenTheTemplateOutsideTheWindow()
    {
        await using var inbox = await InboxTestApp.StartAsync();
        Assert.Equal(200, (await inbox.Driver.WhatsAppTextAsync(Giulia, "Giulia Rossi", "Ciao! Il mio ordine 48213 non è ancora arrivato.")).StatusCode);
        var id = (await inbox.SingleTicketAsync("whatsapp")).Str("id");

        var answers = (JsonArray)(await InboxTestApp.ReadJsonAsync(await inbox.Http.GetAsync("/api/answers")))!;
        Assert.Equal(["order-status", "refund", "opening-hours"], answers.Select(a => a.Str("name")));
        var suggestions = (JsonArray)(await InboxTestApp.ReadJsonAsync(await inbox.Http.GetAsync($"/api/tickets/{id}/suggestions")))!;
        Assert.Equal("order-status", suggestions[0].Str("name"));

        var (status, rendered) = await inbox.PostAsync($"/api/tickets/{id}/answers", new { name = "order-status" });
        Assert.Equal(200, status);
        Assert.Equal("it", rendered.Str("language"));
        Assert.StartsWith("Ciao Giulia! Ho controllato il tuo ordine", rendered.Str("text"), StringComparison.Ordinal);

        var (sentStatus, sent) = await inbox.PostAsync($"/api/tickets/{id}/answers", new { name = "order-status", send = true });
        Assert.Equal(202, sentStatus);
        var message = await inbox.MessageAsync(id, sent.Str("messageId"), m => (string?)m["deliveryStatus"] == "Sent");
        Assert.StartsWith("Ciao Giulia!", message.Str("text"), StringComparison.Ordinal);

        Assert.Equal(400, (await inbox.PostAsync($"/api/tickets/{id}/answers", new { name = "no-such" })).Status);
        Assert.Equal(404, (await inbox.PostAsync("/api/tickets/nope/answers", new { name = "refund" })).Status);
    }

    [Fact]
    public async Task AfterResolution_TheCustomerRates_AndTheMetricsAndTicketShowIt()
    {
        await using var inbox = await InboxTestApp.StartAsync();
        await inbox.Driver.WhatsAppTextAsync(Giulia, "Giulia Rossi", "Il mio ordine è arrivato rotto");
        var id = (await inbox.SingleTicketAsync("whatsapp")).Str("id");
        Assert.Equal(202, (await inbox.PostAsync($"/api/tickets/{id}/replies", new { text = "Ti mandiamo subito un sostituto!" })).Status);
        Assert.Equal(200, (await inbox.PostAsync($"/api/tickets/{id}/state", new { state = "Resolved" })).Status);

        // The survey goes out as WhatsApp buttons; the customer answers 5.
        await Eventually.GetAsync(async () => (await inbox.TicketAsync(id))["satisfaction"] is JsonObject asked ? asked : null);
        await Eventually.GetAsync(() => inbox.Emulators.Requests.FirstOrDefault(r => r.Body.Contains("interactive", StringComparison.Ordinal)));
        Assert.Equal(200, (await inbox.Driver.WhatsAppTextAsync(Giulia, "Giulia Rossi", "5")).StatusCode);

        var survey = await Eventually.GetAsync(async () => (await inbox.TicketAsync(id))["satisfaction"] is JsonObject s && s["rating"] is not null ? s : null);
        Assert.Equal(5, (int)survey["rating"]!);
        Assert.Equal("Resolved", (await inbox.TicketAsync(id)).Str("state"));
        var metrics = await InboxTestApp.ReadJsonAsync(await inbox.Http.GetAsync("/api/metrics"));
        Assert.Equal(1, (int)metrics!["overall"]!["satisfactionResponses"]!);
        Assert.Equal(1.0, (double)metrics["overall"]!["satisfactionScore"]!);
        Assert.Equal(1, (int)metrics["byChannel"]!["whatsapp"]!["satisfactionResponses"]!);
    }

    [Fact]
    public async Task Listening_RecordsHappyMentions_OpensTicketsForUnhappyOnes_AndAnAgentCanEngage()
    {
        await using var inbox = await InboxTestApp.StartAsync();
        var publisher = inbox.App.Services.GetRequiredService<IInboundEventPublisher>();
        await DemoListening.PublishAsync(publisher, TimeProvider.System, default);

        var posts = (JsonArray)(await InboxTestApp.ReadJsonAsync(await inbox.Http.GetAsync("/api/listening")))!;
        Assert.Equal(2, posts.Count);
        Assert.All(posts, p => Assert.Equal("brand", p.Str("rule")));
        var tickets = await inbox.TicketsAsync("?channel=x");
        Assert.Contains("delusione", Assert.Single(tickets).Str("subject"), StringComparison.Ordinal);

        var happy = posts.Single(p => p.Str("text").Contains("Lovely design", StringComparison.Ordinal));
        var (status, engaged) = await inbox.PostAsync($"/api/listening/{Uri.EscapeDataString(happy.Str("id"))}/engage", new { text = "So glad you like it! ☕" });
        Assert.Equal(202, status);
        var ticket = await inbox.TicketAsync(engaged.Str("ticketId"));
        Assert.Equal("Public", ticket.Str("visibility"));
        Assert.Equal(2, ticket.Objects("messages").Length);
        var again = (JsonArray)(await InboxTestApp.ReadJsonAsync(await inbox.Http.GetAsync("/api/listening")))!;
        Assert.Equal(engaged.Str("ticketId"), again.Single(p => p.Str("id") == happy.Str("id")).Str("ticketId"));

        Assert.Equal(404, (await inbox.PostAsync("/api/listening/x:404/engage", new { text = "hi" })).Status);
        Assert.Equal(400, (await inbox.PostAsync($"/api/listening/{Uri.EscapeDataString(happy.Str("id"))}/engage", new { text = "hi", visibility = "loud" })).Status);
    }

    [Fact]
    public async Task Customers_AreMergedAndUnmerged_Exported_AndErased()
    {
        await using var inbox = await InboxTestApp.StartAsync();
        await inbox.Driver.WhatsAppTextAsync(Giulia, "Giulia Rossi", "Ciao, il mio ordine 48213?");
        await inbox.Driver.XDirectMessageAsync("1790000000000000109", "giulia_r", "Giulia R.", "Hi, it's Giulia again about order 48213");
        var onWhatsApp = (await inbox.SingleTicketAsync("whatsapp"))["customer"].Str("id");
        var onX = (await inbox.SingleTicketAsync("x"))["customer"].Str("id");

        var (merged, target) = await inbox.PostAsync($"/api/customers/{onX}/merge", new { into = onWhatsApp, reason = "same order number" });
        Assert.Equal(200, merged);
        Assert.Equal(2, target.Objects("identities").Length);
        Assert.Equal("MergedFrom", target.Objects("history").Single().Str("action"));

        using (var export = await inbox.Http.GetAsync($"/api/customers/{onWhatsApp}/export"))
        {
            Assert.Equal(200, (int)export.StatusCode);
            Assert.Contains("attachment", export.Content.Headers.ContentDisposition?.ToString() ?? string.Empty, StringComparison.Ordinal);
            var json = JsonNode.Parse(await export.Content.ReadAsStringAsync())!;
            Assert.Equal(2, json["tickets"]!.AsArray().Count);
            Assert.Single(json["mergedCustomers"]!.AsArray());
        }

        var (unmerged, source) = await inbox.PostAsync($"/api/customers/{onX}/unmerge", new { reason = "two different people" });
        Assert.Equal(200, unmerged);
        Assert.Equal("x", source.Objects("identities").Single().Str("channel"));
        Assert.Equal(409, (await inbox.PostAsync($"/api/customers/{onX}/unmerge", new { reason = "again" })).Status);

        var (erased, result) = await inbox.PostAsync($"/api/customers/{onWhatsApp}/erase", new { });
        Assert.Equal(200, erased);
        Assert.Empty(result!["customer"].Objects("identities"));
        Assert.Equal(1, (int)result["tickets"]!);
        var ticket = await inbox.SingleTicketAsync("whatsapp");
        Assert.All((await inbox.TicketAsync(ticket.Str("id"))).Objects("messages"), m => Assert.True(string.IsNullOrEmpty((string?)m["text"])));
        Assert.Equal(404, (await inbox.Http.GetAsync("/api/customers/nobody")).StatusCode is var code ? (int)code : 0);
    }

    [Fact]
    public async Task OutOfHours_TheCustomerIsToldOncePerNightWhenTheShopOpens_InTheirLanguage()
    {
        // Sunday 22:00 in Rome: the shop opens on Monday at 9.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 21, 0, 0, TimeSpan.Zero));
        await using var inbox = await InboxTestApp.StartAsync(
            new Dictionary<string, string?> { [InboxSettings.OutOfHoursKey] = "true" },
            b => b.Services.AddSingleton<TimeProvider>(clock));
        var driver = new WebhookDriver(inbox.WebhooksHttp, new WebhookDriverOptions { TimeProvider = clock });

        Assert.Equal(200, (await driver.WhatsAppTextAsync(Giulia, "Giulia Rossi", "Buonasera, il mio ordine non è ancora arrivato")).StatusCode);
        var id = (await inbox.SingleTicketAsync("whatsapp")).Str("id");
        var notice = await Eventually.GetAsync(
            async () => (await inbox.TicketAsync(id)).Objects("messages").FirstOrDefault(m => m.Str("authorKind") == "Bot"),
            what: "the out-of-hours notice");
        Assert.Equal("OutOfHours", notice.Str("automation"));
        Assert.StartsWith("Grazie per il messaggio!", notice.Str("text"), StringComparison.Ordinal);
        Assert.Contains("lun 23 nov 09:00", notice.Str("text"), StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromHours(1));
        await driver.WhatsAppTextAsync(Giulia, "Giulia Rossi", "C'è qualcuno?");
        await Eventually.GetAsync(
            async () => (await inbox.TicketAsync(id)).Objects("messages").Count(m => m.Str("authorKind") == "Customer") == 2 ? "two" : null,
            what: "the second message");
        var messages = (await inbox.TicketAsync(id)).Objects("messages");
        Assert.Single(messages, m => m.Str("authorKind") == "Bot");

        // A notice is no one's answer: the ticket still waits for a person.
        var detail = await inbox.TicketAsync(id);
        Assert.Equal("New", detail.Str("state"));
    }

    [Fact]
    public async Task FacebookReplies_CarryTheAgentsName_OtherChannelsDoNot()
    {
        await using var inbox = await InboxTestApp.StartAsync();
        await inbox.Driver.MessengerTextAsync("6241839201847562", "Hi, is the kettle back in stock?");
        await inbox.Driver.WhatsAppTextAsync(Giulia, "Giulia Rossi", "Ciao!");
        var agents = (JsonArray)(await InboxTestApp.ReadJsonAsync(await inbox.Http.GetAsync("/api/agents")))!;
        var agent = agents.OfType<JsonObject>().First();

        foreach (var channel in new[] { "facebook", "whatsapp" })
        {
            var id = (await inbox.SingleTicketAsync(channel)).Str("id");
            Assert.Equal(202, (await inbox.PostAsync($"/api/tickets/{id}/replies", new { text = "Yes, it is.", agentId = agent.Str("id") })).Status);
        }

        var facebook = (await inbox.TicketAsync((await inbox.SingleTicketAsync("facebook")).Str("id"))).Objects("messages").Single(m => m.Str("direction") == "Outbound");
        Assert.Equal($"Yes, it is.\n— {agent.Str("name")}", facebook.Str("text"));
        var whatsapp = (await inbox.TicketAsync((await inbox.SingleTicketAsync("whatsapp")).Str("id"))).Objects("messages").Single(m => m.Str("direction") == "Outbound");
        Assert.Equal("Yes, it is.", whatsapp.Str("text"));
    }

    [Fact]
    public async Task Identities_AreLinkedAndUnlinked_OnTheChannelsOnlyAccount_WithTheirReason()
    {
        await using var inbox = await InboxTestApp.StartAsync();
        await inbox.Driver.WhatsAppTextAsync(Giulia, "Giulia Rossi", "Ciao, il mio ordine 48213?");
        var customer = (await inbox.SingleTicketAsync("whatsapp"))["customer"].Str("id");

        var (linked, withX) = await inbox.PostAsync($"/api/customers/{customer}/links", new { channel = "X", userKey = "1790000000000000777", reason = "she told us" });
        Assert.Equal(200, linked);
        var x = withX.Objects("identities").Single(i => i.Str("channel") == "x");
        Assert.Equal((DemoAccounts.XBrandUserId, "1790000000000000777"), (x.Str("account"), x.Str("userKey")));
        var record = withX.Objects("history").Single();
        Assert.Equal(("Linked", "she told us"), (record.Str("action"), record.Str("reason")));

        // Linked to another customer, the identity moves; both histories say so.
        await inbox.Driver.MessengerTextAsync("2400000000000077", "Hello");
        var other = (await inbox.SingleTicketAsync("facebook"))["customer"].Str("id");
        var (moved, taker) = await inbox.PostAsync($"/api/customers/{other}/links", new { channel = "x", userKey = "1790000000000000777", reason = "it is his account" });
        Assert.Equal(200, moved);
        Assert.Equal(customer, taker.Objects("history").Single().Str("otherCustomer"));
        var giver = (await InboxTestApp.ReadJsonAsync(await inbox.Http.GetAsync($"/api/customers/{customer}")))!;
        Assert.Equal("whatsapp", giver.Objects("identities").Single().Str("channel"));
        Assert.Equal(("Unlinked", other), (giver.Objects("history").Last().Str("action"), giver.Objects("history").Last().Str("otherCustomer")));

        var (unlinked, without) = await inbox.PostAsync($"/api/customers/{other}/unlink", new { channel = "x", account = DemoAccounts.XBrandUserId, userKey = "1790000000000000777" });
        Assert.Equal(200, unlinked);
        Assert.Equal("facebook", without.Objects("identities").Single().Str("channel"));
        Assert.Equal(400, (await inbox.PostAsync($"/api/customers/{customer}/links", new { channel = "x" })).Status);
        Assert.Equal(400, (await inbox.PostAsync($"/api/customers/{customer}/links", new { channel = "sms", userKey = "39333" })).Status);
    }
}
