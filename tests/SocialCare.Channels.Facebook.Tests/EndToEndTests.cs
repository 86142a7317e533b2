using System.Text.Json;
using SocialCare.Abstractions;
using SocialCare.Core;
using SocialCare.Testing.Meta;

namespace SocialCare.Channels.Facebook.Tests;

/// <summary>A Facebook conversation through the pipeline, the engine, the outbox and the Graph API emulator.</summary>
public sealed class EndToEndTests
{
    private const string Psid = "6241839201847562";

    [Fact]
    public async Task Messenger_SignedWebhookIn_TicketReplyOut_DeliveryMarksTheReplyDelivered()
    {
        await using var host = new FacebookHost();

        // 1. The customer writes (the shared fixture, signed as Meta signs it).
        var inbound = await host.PostAsync(Fixtures.Read("messenger-text.json"));
        Assert.Equal(200, inbound.StatusCode);
        Assert.Equal(1, inbound.Applied);
        var ticket = Assert.Single(await host.Store.QueryTicketsAsync(new TicketQuery(), default));
        Assert.Equal(ConversationVisibility.Private, ticket.Conversation.Visibility);
        Assert.Equal(Psid, ticket.Conversation.Thread.Value);

        // 2. An agent replies; the outbox sends it through the Graph API.
        host.Time.Advance(TimeSpan.FromMinutes(4));
        var reply = await host.Engine.ReplyAsync(new ReplyRequest(ticket.Id, new AgentId("zoe"), [new TextPart("Your parcel is with the courier.")]), default);
        Assert.True(reply.Succeeded, reply.Error);
        Assert.Equal(1, await host.Scheduler.DispatchOutboxAsync());
        var request = Assert.Single(host.Graph.Requests);
        Assert.Equal($"/v25.0/{FacebookHost.PageId}/messages", request.Path);
        using (var body = JsonDocument.Parse(request.Body))
        {
            Assert.Equal(Psid, body.RootElement.GetProperty("recipient").GetProperty("id").GetString());
            Assert.Equal("RESPONSE", body.RootElement.GetProperty("messaging_type").GetString());
            Assert.Equal("Your parcel is with the courier.", body.RootElement.GetProperty("message").GetProperty("text").GetString());
        }

        var sent = (await host.Store.GetMessagesAsync(ticket.Id, default)).Single(m => m.Id == reply.Message!.Id);
        Assert.Equal(DeliveryStatus.Sent, sent.Status);
        var networkId = sent.NetworkId!.Value;

        // 3. Meta echoes the send, then reports it delivered and read.
        var echo = Echo(networkId.Value, reply.Message!.Id, host.Time.GetUtcNow());
        Assert.Equal(200, (await host.PostAsync(echo)).StatusCode);
        host.Time.Advance(TimeSpan.FromSeconds(5));
        var delivery = await host.PostAsync(GraphApiEmulator.DeliveryWebhook(FacebookHost.PageId, Psid, [networkId.Value], host.Time.GetUtcNow()));
        Assert.Equal(1, delivery.Applied);

        var messages = await host.Store.GetMessagesAsync(ticket.Id, default);
        Assert.Equal(2, messages.Count);
        Assert.Equal(DeliveryStatus.Delivered, messages.Single(m => m.Id == reply.Message.Id).Status);

        host.Time.Advance(TimeSpan.FromSeconds(5));
        await host.PostAsync(GraphApiEmulator.ReadWebhook(FacebookHost.PageId, Psid, host.Time.GetUtcNow()));
        Assert.Equal(DeliveryStatus.Read, (await host.Store.GetMessagesAsync(ticket.Id, default)).Single(m => m.Id == reply.Message.Id).Status);
    }

    [Fact]
    public async Task Messenger_WebhookRedelivered_ChangesNothing()
    {
        await using var host = new FacebookHost();
        var body = Fixtures.Read("messenger-batch-multiple-entries.json");

        var first = await host.PostAsync(body);
        var again = await host.PostAsync(body);

        Assert.Equal(3, first.Applied);
        Assert.Equal(0, again.Applied);
        Assert.Equal(2, (await host.Store.QueryTicketsAsync(new TicketQuery(), default)).Count);
    }

    [Fact]
    public async Task Comments_PublicThreadAnsweredInPublicAndPrivately_PagesOwnCommentJoinsTheTicket()
    {
        await using var host = new FacebookHost(start: DateTimeOffset.FromUnixTimeSeconds(1795110000));

        await host.PostAsync(Fixtures.Read("page-feed-comment-add.json"));
        var ticket = Assert.Single(await host.Store.QueryTicketsAsync(new TicketQuery(), default));
        Assert.Equal(ConversationVisibility.Public, ticket.Conversation.Visibility);
        Assert.Equal("104857392016485_1184739201847563", ticket.Conversation.Thread.Value);

        var privately = await host.Engine.ReplyAsync(new ReplyRequest(ticket.Id, new AgentId("zoe"), [new TextPart("We sent you the tracking link.")]) { Private = true }, default);
        var twice = await host.Engine.ReplyAsync(new ReplyRequest(ticket.Id, new AgentId("zoe"), [new TextPart("Hello again")]) { Private = true }, default);
        await host.Scheduler.DispatchOutboxAsync();

        Assert.True(privately.Succeeded, privately.Error);
        Assert.Equal(ReplyRejection.PrivateReplyUnavailable, twice.Rejection);
        using (var body = JsonDocument.Parse(Assert.Single(host.Graph.Requests).Body))
        {
            Assert.Equal("1184739201847563_2039485761029384", body.RootElement.GetProperty("recipient").GetProperty("comment_id").GetString());
        }

        // The Page answers in public from Meta Business Suite: an echo on the same ticket, not a new customer.
        var byPage = await host.PostAsync(Fixtures.Read("page-feed-comment-by-page.json"));
        Assert.Equal(1, byPage.Applied);
        Assert.Single(await host.Store.QueryTicketsAsync(new TicketQuery(), default));
        var messages = await host.Store.GetMessagesAsync(ticket.Id, default);
        Assert.Equal(MessageDirection.Outbound, messages[^1].Direction);
        Assert.Equal(AuthorKind.Agent, messages[^1].Author);

        // The customer edits, then removes the comment.
        await host.PostAsync(Fixtures.Read("page-feed-comment-edited.json"));
        var edited = (await host.Store.GetMessagesAsync(ticket.Id, default)).Single(m => m.NetworkId == new NetworkMessageId("1184739201847563_2039485761029384"));
        Assert.Contains("order 48213", Assert.IsType<TextPart>(edited.Parts[0]).Text, StringComparison.Ordinal);
        await host.PostAsync(Fixtures.Read("page-feed-comment-remove.json"));
        Assert.NotNull((await host.Store.GetMessagesAsync(ticket.Id, default)).Single(m => m.Id == edited.Id).DeletedAt);
    }

    [Fact]
    public async Task Messenger_EchoFromBusinessSuite_IsAnAgentMessageNotTheCustomers()
    {
        await using var host = new FacebookHost(o => o.AppId = "555000111");

        await host.PostAsync(Fixtures.Read("messenger-text.json"));
        var echo = await host.PostAsync(Fixtures.Read("messenger-echo.json"));

        Assert.Equal(1, echo.Applied);
        var ticket = Assert.Single(await host.Store.QueryTicketsAsync(new TicketQuery(), default));
        var last = (await host.Store.GetMessagesAsync(ticket.Id, default))[^1];
        Assert.Equal(MessageDirection.Outbound, last.Direction);
        Assert.Equal(AuthorKind.Bot, last.Author);
        Assert.Null(last.Sender);
    }

    [Fact]
    public async Task Messenger_Handover_IsRecordedOnTheTicket()
    {
        await using var host = new FacebookHost(o => o.AppId = "555000111");

        await host.PostAsync(Fixtures.Read("messenger-text.json"));
        await host.PostAsync(Fixtures.Read("messenger-handover-pass-thread-control.json"));

        var ticket = Assert.Single(await host.Store.QueryTicketsAsync(new TicketQuery(), default));
        Assert.True(ticket.ControlledElsewhere);
        Assert.Contains(await host.Store.GetMessagesAsync(ticket.Id, default), m => m.Author == AuthorKind.System);
    }

    private static byte[] Echo(string mid, MessageId localId, DateTimeOffset at)
        => System.Text.Encoding.UTF8.GetBytes(
            "{\"object\":\"page\",\"entry\":[{\"id\":\"" + FacebookHost.PageId + "\",\"time\":" + Ms(at) + ",\"messaging\":[{\"sender\":{\"id\":\"" + FacebookHost.PageId
            + "\"},\"recipient\":{\"id\":\"" + Psid + "\"},\"timestamp\":" + Ms(at) + ",\"message\":{\"mid\":\"" + mid + "\",\"is_echo\":true,\"app_id\":"
            + FacebookHost.AppId + ",\"metadata\":\"socialcare:" + localId.Value + "\",\"text\":\"Your parcel is with the courier.\"}}]}]}");

    private static string Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
}
