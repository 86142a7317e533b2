using System.Net;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;
using SocialCare.Testing;

namespace SocialCare.Samples.Inbox.Tests;

/// <summary>Event webhooks configured in the inbox, a receiver on Kestrel, and the dead letters through the HTTP API.</summary>
public sealed class EventWebhookApiTests
{
    private const string Giulia = "393471234567";
    private static readonly string Secret = EventWebhookSigner.NewSecret();

    [Fact]
    public async Task EventsReachTheReceiver_DeadLettersAreListed_AndReplayThroughTheApi()
    {
        await using var receiver = await EventWebhookReceiver.StartAsync([Secret]);
        receiver.FailWith = HttpStatusCode.ServiceUnavailable;
        await using var inbox = await InboxTestApp.StartAsync(Settings(receiver.Url, retryFor: "00:00:02"));

        Assert.Equal(200, (await inbox.Driver.WhatsAppTextAsync(Giulia, "Giulia Rossi", "Il mio ordine 48213 non è arrivato")).StatusCode);
        var ticket = (await inbox.SingleTicketAsync("whatsapp")).Str("id");
        var letters = await Eventually.GetAsync(
            async () =>
            {
                var list = (JsonArray)(await InboxTestApp.ReadJsonAsync(await inbox.Http.GetAsync("/api/event-webhooks/dead-letters")))!;
                var types = list.Select(l => l.Str("type")).ToHashSet();
                return types.Contains("ticket.created") && types.Contains("message.appended") ? list : null;
            },
            TimeSpan.FromSeconds(30),
            "the dead letters");
        Assert.All(letters, l => Assert.Equal(("crm", ticket, "HTTP 503"), (l.Str("endpoint"), l.Str("ticketId"), l.Str("lastError"))));
        Assert.DoesNotContain("Il mio ordine", letters.Json(), StringComparison.Ordinal);
        Assert.Empty(receiver.Accepted);

        // Events queued later (an assignment, say) may still be retrying; they go straight through once the receiver is
        // back, since a dead letter holds nothing back. What is checked is that each replayed letter arrives, once.
        receiver.FailWith = null;
        var first = letters.First(l => l.Str("type") == "ticket.created").Str("id");
        var (status, replayed) = await inbox.PostAsync($"/api/event-webhooks/dead-letters/{first}/replay", new { });
        Assert.Equal((200, 1), (status, (int)replayed!["replayed"]!));
        await Eventually.GetAsync(() => receiver.Received.FirstOrDefault(r => r.Id == first && r.Status == 204), TimeSpan.FromSeconds(30), "the replayed letter");
        Assert.Equal(404, (await inbox.PostAsync($"/api/event-webhooks/dead-letters/{first}/replay", new { })).Status);

        var rest = ((JsonArray)(await InboxTestApp.ReadJsonAsync(await inbox.Http.GetAsync("/api/event-webhooks/dead-letters")))!).Select(l => l.Str("id")).ToList();
        Assert.NotEmpty(rest);
        Assert.DoesNotContain(first, rest);
        var (allStatus, all) = await inbox.PostAsync("/api/event-webhooks/dead-letters/replay", new { });
        Assert.Equal((200, rest.Count), (allStatus, (int)all!["replayed"]!));
        await Eventually.GetAsync(() => rest.All(id => receiver.Received.Any(r => r.Id == id && r.Status == 204)) ? rest : null, TimeSpan.FromSeconds(30), "every replayed letter");
        Assert.Contains(receiver.Accepted, p => p.Data is MessageAppended { Message.Parts: [TextPart { Text: "Il mio ordine 48213 non è arrivato" }] });
        Assert.Contains(receiver.Accepted, p => p.Data is TicketCreated);
        Assert.DoesNotContain(receiver.Received, r => r.Repeat || r.Verification != EventWebhookVerification.Valid);
        Assert.Empty((JsonArray)(await InboxTestApp.ReadJsonAsync(await inbox.Http.GetAsync("/api/event-webhooks/dead-letters")))!);

        Assert.Equal(400, (int)(await inbox.Http.GetAsync("/api/event-webhooks/dead-letters?after=x")).StatusCode);
        Assert.Equal(400, (int)(await inbox.Http.GetAsync("/api/event-webhooks/dead-letters?limit=0")).StatusCode);
    }

    [Fact]
    public async Task WithoutEndpoints_TheDeadLetterApiSaysEventWebhooksAreOff()
    {
        await using var inbox = await InboxTestApp.StartAsync();
        var response = await inbox.Http.GetAsync("/api/event-webhooks/dead-letters");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("SocialCare:EventWebhooks:Endpoints", (await InboxTestApp.ReadJsonAsync(response)).Str("error"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongEndpoint_StopsTheStart_NamingTheOption()
    {
        var settings = Settings(new Uri("https://crm.example/events"), retryFor: "1.00:00:00");
        settings["SocialCare:EventWebhooks:Endpoints:0:Secrets:0"] = "hunter2";
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => InboxTestApp.StartAsync(settings));
        Assert.Contains("SocialCare:EventWebhooks:Endpoints:0:Secrets:0", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Settings(Uri url, string retryFor) => new()
    {
        ["SocialCare:EventWebhooks:Endpoints:0:Name"] = "crm",
        ["SocialCare:EventWebhooks:Endpoints:0:Url"] = url.ToString(),
        ["SocialCare:EventWebhooks:Endpoints:0:Secrets:0"] = Secret,
        ["SocialCare:EventWebhooks:RetryFor"] = retryFor,
        ["SocialCare:EventWebhooks:FirstRetryDelay"] = "00:00:00.2",
        ["SocialCare:EventWebhooks:MaxRetryDelay"] = "00:00:00.5",
        ["SocialCare:EventWebhooks:PollInterval"] = "00:00:00.1",
    };
}
