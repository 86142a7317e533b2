using SocialCare.Testing;
using System.Net.Http.Json;
using System.Text;

namespace SocialCare.Samples.Inbox.Tests;

/// <summary>The HTTP API's contract: refusals, notes, state, priority, assignee, filters, metrics, bad input, live events.</summary>
public sealed class ApiTests
{
    [Fact]
    public async Task Reply_OutsideTheWhatsAppWindow_Is409WithThePolicysReasonAndSendsNothing()
    {
        await using var inbox = await InboxTestApp.StartAsync();

        // The customer wrote 25 hours ago: the 24-hour window is closed, only a template may go out.
        var yesterday = new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromHours(25));
        var driver = new WebhookDriver(inbox.WebhooksHttp, new WebhookDriverOptions { TimeProvider = yesterday });
        Assert.Equal(200, (await driver.WhatsAppTextAsync("393331112223", "Paolo Greco", "Vorrei restituire un articolo")).StatusCode);
        var ticket = await inbox.SingleTicketAsync("whatsapp");
        var detail = await inbox.TicketAsync(ticket.Str("id"));
        Assert.Equal("TemplateRequired", detail["replyOptions"].Str("mode"));
        Assert.Contains("order_update/it", detail["replyOptions"]!["templates"]!.AsArray().Select(t => (string?)t));

        var (status, body) = await inbox.PostAsync($"/api/tickets/{ticket.Str("id")}/replies", new { text = "Certo, ecco come fare." });

        Assert.Equal(409, status);
        Assert.Equal("TemplateRequired", body.Str("code"));
        Assert.False(string.IsNullOrWhiteSpace(body.Str("error")));
        Assert.Equal("TemplateRequired", body?["replyOptions"].Str("mode"));
        await Task.Delay(300);
        Assert.DoesNotContain(inbox.Emulators.Requests, r => r.Method == "POST");
        Assert.Single((await inbox.TicketAsync(ticket.Str("id"))).Objects("messages")); // nothing stored
    }

    [Fact]
    public async Task Reply_OnAClosedTicket_Is409()
    {
        await using var inbox = await InboxTestApp.StartAsync();
        await inbox.Driver.WhatsAppTextAsync("393471234567", "Giulia Rossi", "Grazie, tutto a posto!");
        var id = (await inbox.SingleTicketAsync("whatsapp")).Str("id");
        Assert.Equal(200, (await inbox.PostAsync($"/api/tickets/{id}/state", new { state = "Resolved" })).Status);
        Assert.Equal(200, (await inbox.PostAsync($"/api/tickets/{id}/state", new { state = "Closed" })).Status);

        var (status, body) = await inbox.PostAsync($"/api/tickets/{id}/replies", new { text = "Prego!" });

        Assert.Equal(409, status);
        Assert.Equal("TicketInactive", body.Str("code"));
    }

    [Fact]
    public async Task Reply_PublicOnAPrivateChat_Is409()
    {
        await using var inbox = await InboxTestApp.StartAsync();
        await inbox.Driver.MessengerTextAsync("6241839201847562", "Hello?");
        var id = (await inbox.SingleTicketAsync("facebook")).Str("id");

        var (status, body) = await inbox.PostAsync($"/api/tickets/{id}/replies", new { text = "Hi!", visibility = "public" });

        Assert.Equal(409, status);
        Assert.Equal("PublicReplyUnavailable", body.Str("code"));
    }

    [Fact]
    public async Task Notes_AreInternal_NeverSent()
    {
        await using var inbox = await InboxTestApp.StartAsync();
        await inbox.Driver.WhatsAppTextAsync("393471234567", "Giulia Rossi", "Il pacco è arrivato rotto");
        var id = (await inbox.SingleTicketAsync("whatsapp")).Str("id");

        var (status, body) = await inbox.PostAsync($"/api/tickets/{id}/notes", new { text = "Courier AC-553 again; told logistics.", agentId = "sara" });

        Assert.Equal(201, status);
        var noteId = body.Str("messageId");
        var note = Assert.Single((await inbox.TicketAsync(id)).Objects("messages"), m => m.Str("id") == noteId);
        Assert.Equal(("Internal", "Agent", "None", "sara", "Sara Conti"), (note.Str("visibility"), note.Str("authorKind"), note.Str("deliveryStatus"), note.Str("agentId"), note.Str("author")));
        Assert.Equal("Courier AC-553 again; told logistics.", note.Str("text"));
        await Task.Delay(300);
        Assert.Empty(inbox.Emulators.Requests);
        Assert.Equal(400, (await inbox.PostAsync($"/api/tickets/{id}/notes", new { text = " " })).Status);
    }

    [Fact]
    public async Task State_Priority_Assignee_ChangeTheTicket_AndFilterTheList()
    {
        await using var inbox = await InboxTestApp.StartAsync();
        await inbox.Driver.WhatsAppTextAsync("393471234567", "Giulia Rossi", "Ciao!");
        await inbox.Driver.XDirectMessageAsync("1790000000000000102", "tombaker_uk", "Tom Baker", "Hello");
        var id = (await inbox.SingleTicketAsync("whatsapp")).Str("id");
        await inbox.SingleTicketAsync("x");

        var assigned = await inbox.PostAsync($"/api/tickets/{id}/assignee", new { agentId = "emma" });
        Assert.Equal(200, assigned.Status);
        Assert.Equal("emma", assigned.Body.Str("assignee"));
        // Back to the queue: the engine may hand it on at once to an agent with room (automatic assignment is on).
        var queued = await inbox.PostAsync($"/api/tickets/{id}/assignee", new { agentId = (string?)null });
        Assert.Equal(200, queued.Status);
        Assert.Contains(queued.Body.Objects("history"), h => h.Str("reason").Contains("queue", StringComparison.OrdinalIgnoreCase) || h.Str("reason").Contains("unassign", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(400, (await inbox.PostAsync($"/api/tickets/{id}/assignee", new { agentId = "nobody" })).Status);

        var urgent = await inbox.PostAsync($"/api/tickets/{id}/priority", new { priority = "Urgent" });
        Assert.Equal(200, urgent.Status);
        Assert.Equal("Urgent", urgent.Body.Str("priority"));
        Assert.Equal(400, (await inbox.PostAsync($"/api/tickets/{id}/priority", new { priority = "Whenever" })).Status);

        var resolved = await inbox.PostAsync($"/api/tickets/{id}/state", new { state = "Resolved", reason = "answered on the phone" });
        Assert.Equal(200, resolved.Status);
        Assert.Equal("Resolved", resolved.Body.Str("state"));
        Assert.Contains(resolved.Body.Objects("history"), h => h.Str("to") == "Resolved" && h.Str("reason") == "answered on the phone");
        Assert.Equal(400, (await inbox.PostAsync($"/api/tickets/{id}/state", new { state = "Done" })).Status);
        Assert.Equal(400, (await inbox.PostAsync($"/api/tickets/{id}/state", new { state = "Merged" })).Status);

        Assert.Equal([id], (await inbox.TicketsAsync("?state=Resolved")).Select(t => t.Str("id")));
        Assert.Equal(["x"], (await inbox.TicketsAsync("?state=New,Open")).Select(t => t.Str("channel")));
        Assert.Equal([id], (await inbox.TicketsAsync("?priority=Urgent")).Select(t => t.Str("id")));
        Assert.Equal(["whatsapp"], (await inbox.TicketsAsync("?channel=whatsapp")).Select(t => t.Str("channel")));
        Assert.Empty(await inbox.TicketsAsync("?channel=whatsapp&priority=Low"));
        Assert.Equal(2, (await inbox.TicketsAsync()).Count);
    }

    [Fact]
    public async Task Tickets_ListHasTheContractsFields()
    {
        await using var inbox = await InboxTestApp.StartAsync();
        await inbox.Driver.WhatsAppTextAsync("393471234567", "Giulia Rossi", "Dov'è il mio ordine?");
        var ticket = await inbox.SingleTicketAsync("whatsapp");

        foreach (var field in new[] { "id", "state", "priority", "channel", "customer", "assignee", "subject", "created", "updated", "messageCount" })
        {
            Assert.True(ticket.ContainsKey(field), $"'{field}' is missing from {ticket.Json()}");
        }

        var message = (await inbox.TicketAsync(ticket.Str("id"))).Objects("messages")[0];
        foreach (var field in new[] { "id", "direction", "authorKind", "visibility", "text", "parts", "networkId", "deliveryStatus" })
        {
            Assert.True(message.ContainsKey(field), $"'{field}' is missing from {message.Json()}");
        }

        Assert.Equal("text", message["parts"]![0].Str("kind"));
        Assert.Equal("Dov'è il mio ordine?", message["parts"]![0].Str("text"));
    }

    [Fact]
    public async Task Metrics_ReportTheEnginesFigures()
    {
        await using var inbox = await InboxTestApp.StartAsync();
        await inbox.Driver.WhatsAppTextAsync("393471234567", "Giulia Rossi", "Ciao!");
        await inbox.Driver.MessengerTextAsync("6241839201847562", "Hi!");
        var id = (await inbox.SingleTicketAsync("whatsapp")).Str("id");
        await inbox.SingleTicketAsync("facebook");
        Assert.Equal(202, (await inbox.PostAsync($"/api/tickets/{id}/replies", new { text = "Ciao Giulia!" })).Status);

        using var response = await inbox.Http.GetAsync($"/api/metrics?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"))}");
        Assert.Equal(200, (int)response.StatusCode);
        var report = (await InboxTestApp.ReadJsonAsync(response))!;
        Assert.Equal(2, (int)report["overall"]!["tickets"]!);
        Assert.Equal(1, (int)report["overall"]!["answeredTickets"]!);
        Assert.Equal(1, (int)report["byChannel"]!["whatsapp"]!["answeredTickets"]!);
        Assert.Equal(0, (int)report["byChannel"]!["facebook"]!["answeredTickets"]!);

        var empty = (await InboxTestApp.ReadJsonAsync(await inbox.Http.GetAsync("/api/metrics?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z")))!;
        Assert.Equal(0, (int)empty["overall"]!["tickets"]!);
        Assert.Equal(400, (int)(await inbox.Http.GetAsync("/api/metrics?from=yesterday")).StatusCode);
        Assert.Equal(400, (int)(await inbox.Http.GetAsync("/api/metrics?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z")).StatusCode);
    }

    [Fact]
    public async Task BadInput_Gets4xx_Never500()
    {
        await using var inbox = await InboxTestApp.StartAsync();
        await inbox.Driver.WhatsAppTextAsync("393471234567", "Giulia Rossi", "Ciao!");
        var id = (await inbox.SingleTicketAsync("whatsapp")).Str("id");

        Assert.Equal(400, (int)(await inbox.Http.GetAsync("/api/tickets?state=Sleeping")).StatusCode);
        Assert.Equal(400, (int)(await inbox.Http.GetAsync("/api/tickets?priority=7")).StatusCode);
        Assert.Equal(404, (int)(await inbox.Http.GetAsync("/api/tickets/no-such-ticket")).StatusCode);
        Assert.Equal(404, (int)(await inbox.Http.GetAsync("/api/tickets/%20")).StatusCode);
        Assert.Equal(404, (await inbox.PostAsync("/api/tickets/%20/state", new { state = "Open" })).Status);
        Assert.Equal(404, (await inbox.PostAsync("/api/tickets/no-such-ticket/replies", new { text = "Hi" })).Status);
        Assert.Equal(400, (await inbox.PostAsync($"/api/tickets/{id}/replies", new { text = "" })).Status);
        Assert.Equal(400, (await inbox.PostAsync($"/api/tickets/{id}/replies", new { text = "Hi", visibility = "loud" })).Status);
        Assert.Equal(400, (await inbox.PostAsync($"/api/tickets/{id}/replies", new { text = "Hi", agentId = "nobody" })).Status);
        using var broken = new StringContent("{\"text\": ", Encoding.UTF8, "application/json");
        Assert.Equal(400, (int)(await inbox.Http.PostAsync($"/api/tickets/{id}/replies", broken)).StatusCode);
        using var wrongType = new StringContent("[1,2]", Encoding.UTF8, "application/json");
        Assert.Equal(400, (int)(await inbox.Http.PostAsync($"/api/tickets/{id}/notes", wrongType)).StatusCode);
        using var none = new StringContent(string.Empty, Encoding.UTF8, "application/json");
        Assert.Equal(400, (int)(await inbox.Http.PostAsync($"/api/tickets/{id}/state", none)).StatusCode);
    }

    [Fact]
    public async Task Events_StreamTicketChangesLive()
    {
        await using var inbox = await InboxTestApp.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        using var response = await inbox.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal(": connected", await reader.ReadLineAsync());

        await inbox.Driver.WhatsAppTextAsync("393471234567", "Giulia Rossi", "Ciao!");
        var ticket = await inbox.SingleTicketAsync("whatsapp");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var types = new List<string>();
        while (!types.Contains("message.appended"))
        {
            var line = await reader.ReadLineAsync(timeout.Token);
            if (line?.StartsWith("data: ", StringComparison.Ordinal) == true)
            {
                var change = JsonNode.Parse(line["data: ".Length..])!;
                Assert.Equal(ticket.Str("id"), change.Str("ticketId"));
                types.Add(change.Str("type"));
            }
        }

        Assert.Contains("ticket.created", types);
    }

    [Fact]
    public async Task Page_IsServed_WithItsScriptAndNoExternalResources()
    {
        await using var inbox = await InboxTestApp.StartAsync();
        var html = await inbox.Http.GetStringAsync("/");
        Assert.Contains("data-testid=\"ticket-list\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Contains("EventSource", await inbox.Http.GetStringAsync("/app.js"), StringComparison.Ordinal);
        using var css = await inbox.Http.GetAsync("/app.css");
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);

        var info = (await InboxTestApp.ReadJsonAsync(await inbox.Http.GetAsync("/api/info")))!;
        Assert.True((bool)info["demo"]!);
        Assert.Equal(["facebook", "whatsapp", "x"], info["channels"]!.AsArray().Select(c => (string?)c));
        Assert.Equal(DemoAccounts.PageId, (string?)info["accounts"]!["facebook"]![0]);
        Assert.Equal(DemoAccounts.PhoneNumberId, (string?)info["accounts"]!["whatsapp"]![0]);
        Assert.Equal(DemoAccounts.XBrandUserId, (string?)info["accounts"]!["x"]![0]);
        var agents = (await InboxTestApp.ReadJsonAsync(await inbox.Http.GetAsync("/api/agents")))!.AsArray();
        Assert.Equal(3, agents.Count);
    }
}
