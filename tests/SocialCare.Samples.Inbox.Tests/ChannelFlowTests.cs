namespace SocialCare.Samples.Inbox.Tests;

/// <summary>
/// For each channel, end to end over HTTP: a signed webhook → a ticket in the API → a reply through the API → the request
/// the emulated network received → a delivery status webhook → the reply shown delivered.
/// </summary>
public sealed class ChannelFlowTests
{
    [Fact]
    public async Task Messenger_WebhookToTicketToReplyToDelivered()
    {
        await using var inbox = await InboxTestApp.StartAsync();
        const string psid = "6241839201847562";
        var inbound = await inbox.Driver.MessengerTextAsync(psid, "Hi, is the Aurora kettle back in stock?");
        Assert.Equal(200, inbound.StatusCode);

        var ticket = await inbox.SingleTicketAsync("facebook");
        Assert.Equal("Hi, is the Aurora kettle back in stock?", ticket.Str("subject"));
        Assert.Equal("Private", ticket.Str("visibility"));
        Assert.Equal(1, (int)ticket["messageCount"]!);
        var detail = await inbox.TicketAsync(ticket.Str("id"));
        var first = Assert.Single(detail.Objects("messages"));
        Assert.Equal(("Inbound", "Customer", "Private", inbound.NetworkMessageId), (first.Str("direction"), first.Str("authorKind"), first.Str("visibility"), (string?)first["networkId"]));
        Assert.Equal("FreeText", detail["replyOptions"].Str("mode"));

        var messageId = await ReplyAsync(inbox, ticket.Str("id"), "Yes, it is back since Monday.");
        var sent = await inbox.MessageAsync(ticket.Str("id"), messageId, m => m.Str("deliveryStatus") == "Sent");
        var call = Assert.Single(inbox.Emulators.Requests, r => r.Method == "POST" && r.Path.EndsWith("/messages", StringComparison.Ordinal));
        Assert.Equal(NetworkEmulators.GraphNetwork, call.Network);
        Assert.Contains(psid, call.Body, StringComparison.Ordinal);
        Assert.Contains("Yes, it is back since Monday.", call.Body, StringComparison.Ordinal);
        Assert.Equal(200, call.StatusCode);

        var delivered = await inbox.Driver.MessengerDeliveredAsync(psid, [sent.Str("networkId")]);
        Assert.Equal(200, delivered.StatusCode);
        await inbox.MessageAsync(ticket.Str("id"), messageId, m => m.Str("deliveryStatus") == "Delivered");
    }

    [Fact]
    public async Task PageComment_IsAPublicTicket_AnsweredInPublicAndPrivately()
    {
        await using var inbox = await InboxTestApp.StartAsync();
        var post = $"{DemoAccounts.PageId}_1184739201847563";
        var comment = await inbox.Driver.PageCommentAsync(post, "8172635401928374", "Maria Lopez", "My kettle arrived broken!");
        Assert.Equal(200, comment.StatusCode);

        var ticket = await inbox.SingleTicketAsync("facebook");
        Assert.Equal("Public", ticket.Str("visibility"));
        Assert.Equal("Maria Lopez", ticket["customer"].Str("name"));

        var inPublic = await ReplyAsync(inbox, ticket.Str("id"), "So sorry, Maria! We have sent you a message.", "public");
        var inPrivate = await ReplyAsync(inbox, ticket.Str("id"), "Could you send us your order number?", "private");
        await inbox.MessageAsync(ticket.Str("id"), inPublic, m => m.Str("deliveryStatus") == "Sent" && m.Str("visibility") == "Public");
        await inbox.MessageAsync(ticket.Str("id"), inPrivate, m => m.Str("deliveryStatus") == "Sent" && m.Str("visibility") == "Private");

        // The public answer goes under the comment; the private one is a Messenger message to the comment's author.
        Assert.Single(inbox.Emulators.Requests, r => r.Method == "POST" && r.Path.EndsWith($"/{comment.NetworkMessageId}/comments", StringComparison.Ordinal) && r.Body.Contains("So sorry, Maria!", StringComparison.Ordinal));
        Assert.Single(inbox.Emulators.Requests, r => r.Method == "POST" && r.Path.EndsWith("/messages", StringComparison.Ordinal) && r.Body.Contains(comment.NetworkMessageId!, StringComparison.Ordinal) && r.Body.Contains("Could you send us your order number?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WhatsApp_WebhookToTicketToReplyToDeliveredAndRead()
    {
        await using var inbox = await InboxTestApp.StartAsync();
        const string giulia = "393471234567";
        var inbound = await inbox.Driver.WhatsAppTextAsync(giulia, "Giulia Rossi", "Ciao, il mio ordine 48213 non è ancora arrivato");
        Assert.Equal(200, inbound.StatusCode);

        var ticket = await inbox.SingleTicketAsync("whatsapp");
        Assert.Equal("Giulia Rossi", ticket["customer"].Str("name"));
        Assert.Equal("Ciao, il mio ordine 48213 non è ancora arrivato", ticket.Str("subject"));
        var detail = await inbox.TicketAsync(ticket.Str("id"));
        Assert.Equal("FreeText", detail["replyOptions"].Str("mode"));
        Assert.NotNull((string?)detail["replyOptions"]!["until"]); // the 24-hour window

        var messageId = await ReplyAsync(inbox, ticket.Str("id"), "Ciao Giulia! Controllo subito con il corriere.");
        var sent = await inbox.MessageAsync(ticket.Str("id"), messageId, m => m.Str("deliveryStatus") == "Sent");
        var call = Assert.Single(inbox.Emulators.Requests, r => r.Method == "POST" && r.Path.EndsWith($"/{DemoAccounts.PhoneNumberId}/messages", StringComparison.Ordinal));
        Assert.Contains(giulia, call.Body, StringComparison.Ordinal);
        Assert.Contains("Controllo subito con il corriere.", call.Body, StringComparison.Ordinal);

        Assert.Equal(200, (await inbox.Driver.WhatsAppStatusesAsync(sent.Str("networkId"), giulia, "sent", "delivered")).StatusCode);
        await inbox.MessageAsync(ticket.Str("id"), messageId, m => m.Str("deliveryStatus") == "Delivered");
        Assert.Equal(200, (await inbox.Driver.WhatsAppStatusesAsync(sent.Str("networkId"), giulia, "read")).StatusCode);
        await inbox.MessageAsync(ticket.Str("id"), messageId, m => m.Str("deliveryStatus") == "Read");
    }

    [Fact]
    public async Task WhatsApp_LateFailure_ShowsTheReplyFailedWithTheReason()
    {
        await using var inbox = await InboxTestApp.StartAsync();
        await inbox.Driver.WhatsAppTextAsync("447700900123", "James O'Connor", "Can I change my delivery address?");
        var ticket = await inbox.SingleTicketAsync("whatsapp");
        var messageId = await ReplyAsync(inbox, ticket.Str("id"), "Yes, send it to us here.");
        var sent = await inbox.MessageAsync(ticket.Str("id"), messageId, m => m.Str("deliveryStatus") == "Sent");

        Assert.Equal(200, (await inbox.Driver.WhatsAppLateFailureAsync(sent.Str("networkId"), "447700900123", 131047)).StatusCode);
        var failed = await inbox.MessageAsync(ticket.Str("id"), messageId, m => m.Str("deliveryStatus") == "Failed");
        Assert.Equal("131047", failed["failure"].Str("code"));
    }

    [Fact]
    public async Task XDirectMessage_WebhookToTicketToReplyToRead()
    {
        await using var inbox = await InboxTestApp.StartAsync();
        const string tom = "1790000000000000102";
        var inbound = await inbox.Driver.XDirectMessageAsync(tom, "tombaker_uk", "Tom Baker", "I was charged twice for order 77120.");
        Assert.Equal(200, inbound.StatusCode);

        var ticket = await inbox.SingleTicketAsync("x");
        Assert.Equal("Private", ticket.Str("visibility"));
        Assert.Equal("@tombaker_uk", ticket["customer"].Str("handle"));

        var messageId = await ReplyAsync(inbox, ticket.Str("id"), "Sorry Tom, the second charge is refunded today.");
        var sent = await inbox.MessageAsync(ticket.Str("id"), messageId, m => m.Str("deliveryStatus") == "Sent");
        var call = Assert.Single(inbox.Emulators.Requests, r => r.Method == "POST" && r.Path == $"/2/dm_conversations/with/{tom}/messages");
        Assert.Equal(NetworkEmulators.XNetwork, call.Network);
        Assert.Contains("Sorry Tom, the second charge is refunded today.", call.Body, StringComparison.Ordinal);

        // X reports no "delivered" for DMs: its read receipt is the delivery report there.
        Assert.Equal(200, (await inbox.Driver.XReadAsync(tom, sent.Str("networkId"))).StatusCode);
        await inbox.MessageAsync(ticket.Str("id"), messageId, m => m.Str("deliveryStatus") == "Read");
    }

    [Fact]
    public async Task XMention_IsAPublicTicket_AnsweredInTheThread()
    {
        await using var inbox = await InboxTestApp.StartAsync();
        var mention = await inbox.Driver.XMentionAsync("1790000000000000101", "LucaFerri86", "il sito non mi fa pagare, errore 502");
        Assert.Equal(200, mention.StatusCode);

        var ticket = await inbox.SingleTicketAsync("x");
        Assert.Equal("Public", ticket.Str("visibility"));
        var messageId = await ReplyAsync(inbox, ticket.Str("id"), "Ciao Luca, stiamo sistemando il pagamento.", "public");
        await inbox.MessageAsync(ticket.Str("id"), messageId, m => m.Str("deliveryStatus") == "Sent" && m.Str("visibility") == "Public");
        var call = Assert.Single(inbox.Emulators.Requests, r => r.Method == "POST" && r.Path == "/2/tweets");
        Assert.Contains(mention.NetworkMessageId!, call.Body, StringComparison.Ordinal);
        Assert.Contains("stiamo sistemando il pagamento", call.Body, StringComparison.Ordinal);
    }

    private static async Task<string> ReplyAsync(InboxTestApp inbox, string ticketId, string text, string? visibility = null)
    {
        var (status, body) = await inbox.PostAsync($"/api/tickets/{ticketId}/replies", visibility is null ? new { text } : new { text, visibility });
        Assert.True(status == 202, $"Expected 202, got {status}: {body.Json()}");
        return body.Str("messageId");
    }
}
