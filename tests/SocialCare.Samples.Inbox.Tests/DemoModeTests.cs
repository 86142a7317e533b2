namespace SocialCare.Samples.Inbox.Tests;

/// <summary>Demo mode as a newcomer meets it: conversations arrive by themselves, a reply reaches the emulated network and comes back delivered and read.</summary>
public sealed class DemoModeTests
{
    [Fact]
    public async Task DemoConversations_ArriveOnEveryChannel_AndRepliesComeBackDeliveredAndRead()
    {
        await using var inbox = await InboxTestApp.StartAsync(new Dictionary<string, string?> { [InboxSettings.DemoConversationsKey] = "true" });

        // The script's first customers write within seconds, on WhatsApp, Messenger and X.
        var tickets = await Eventually.GetAsync(
            async () => await inbox.TicketsAsync() is var all && all.Select(t => t.Str("channel")).Distinct().Count() == 3 ? all : null,
            TimeSpan.FromSeconds(20),
            "tickets on three channels");
        Assert.Contains(tickets, t => t.Str("subject").Contains("ordine 48213", StringComparison.Ordinal));

        var whatsApp = tickets.First(t => t.Str("channel") == "whatsapp");
        var (status, body) = await inbox.PostAsync($"/api/tickets/{whatsApp.Str("id")}/replies", new { text = "Ciao Giulia, controllo subito!" });
        Assert.Equal(202, status);

        // The emulated network received it (and the page can show that), then reports it delivered and read.
        var requests = await Eventually.GetAsync(
            async () => await InboxTestApp.ReadJsonAsync(await inbox.Http.GetAsync("/emulator/requests")) is JsonArray all
                && all.OfType<JsonObject>().Any(r => r.Str("body").Contains("controllo subito", StringComparison.Ordinal)) ? all : null,
            what: "the reply at the emulated Graph API");
        Assert.Contains(requests.OfType<JsonObject>(), r => r.Str("network") == "graph" && r.Str("method") == "POST");
        await inbox.MessageAsync(whatsApp.Str("id"), body.Str("messageId"), m => m.Str("deliveryStatus") == "Read");
    }
}
