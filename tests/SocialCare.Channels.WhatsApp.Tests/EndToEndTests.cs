using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SocialCare.Abstractions;
using SocialCare.Core;
using SocialCare.Testing.Meta;

namespace SocialCare.Channels.WhatsApp.Tests;

/// <summary>A WhatsApp conversation through the pipeline, the engine, the outbox and the adapter, against the emulated Cloud API.</summary>
public class EndToEndTests
{
    private const string Waba = "118273645501928";
    private const string Oliver = "447700900123";
    private const string OliverId = "GB.1839201746502938";

    [Fact]
    public async Task Conversation_ReplyStatusesOutOfOrder_LateWindowFailure_ThenTemplate()
    {
        await using var host = new WhatsAppHost(o => o.Templates.Add(new TemplateDefinition("order_update", "en_US") { BodyParameters = 1 }));
        var start = host.Time.GetUtcNow();

        // The customer writes; a duplicate delivery of the same webhook changes nothing.
        var hello = GraphApiEmulator.WhatsAppTextWebhook(Waba, WhatsAppHost.PhoneNumberId, Oliver, OliverId, "Oliver Hughes", "wamid.in.1", "Where is my order 48213?", start);
        Assert.Equal(200, (await host.Post(hello)).StatusCode);
        var again = await host.Post(hello);
        Assert.Equal((200, 0, 1), (again.StatusCode, again.Applied, again.Skipped));
        var ticket = Assert.Single(await host.Store.QueryTicketsAsync(new TicketQuery(), default));
        Assert.Equal(ChannelId.WhatsApp, ticket.Conversation.Channel);
        Assert.Equal(OliverId, ticket.Conversation.Thread.Value);

        // An agent replies; the outbox sends it to the customer's phone, with our id as callback data.
        host.Time.Advance(TimeSpan.FromMinutes(2));
        var reply = await host.Engine.ReplyAsync(new ReplyRequest(ticket.Id, new AgentId("zoe"), [new TextPart("It left the warehouse today.")]));
        Assert.True(reply.Succeeded, reply.Error);
        await host.Scheduler.DispatchOutboxAsync(default);
        var call = Assert.Single(host.Graph.Requests, r => r.Method == "POST");
        Assert.Equal($"/v25.0/{WhatsAppHost.PhoneNumberId}/messages", call.Path);
        using (var body = JsonDocument.Parse(call.Body))
        {
            Assert.Equal(Oliver, body.RootElement.GetProperty("to").GetString());
            Assert.Equal("socialcare:" + reply.Message!.Id.Value, body.RootElement.GetProperty("biz_opaque_callback_data").GetString());
        }

        var sent = await MessageAsync(host, ticket.Id, reply.Message!.Id);
        Assert.Equal(DeliveryStatus.Sent, sent.Status);
        var wamid = sent.NetworkId!.Value.Value;

        // Statuses out of order: read before delivered; the status only moves forward.
        await host.Post(GraphApiEmulator.WhatsAppStatusWebhook(Waba, WhatsAppHost.PhoneNumberId, wamid, "read", Oliver, start.AddMinutes(3)));
        await host.Post(GraphApiEmulator.WhatsAppStatusWebhook(Waba, WhatsAppHost.PhoneNumberId, wamid, "delivered", Oliver, start.AddMinutes(2)));
        Assert.Equal(DeliveryStatus.Read, (await MessageAsync(host, ticket.Id, reply.Message.Id)).Status);

        // Almost a day later a free reply is still allowed and accepted by the Cloud API; WhatsApp then reports 131047.
        host.Time.Advance(TimeSpan.FromHours(23).Add(TimeSpan.FromMinutes(57)));
        var late = await host.Engine.ReplyAsync(new ReplyRequest(ticket.Id, new AgentId("zoe"), [new TextPart("It arrives tomorrow.")]));
        Assert.True(late.Succeeded, late.Error);
        await host.Scheduler.DispatchOutboxAsync(default);
        var lateSent = await MessageAsync(host, ticket.Id, late.Message!.Id);
        Assert.Equal(DeliveryStatus.Sent, lateSent.Status);
        host.Time.Advance(TimeSpan.FromMinutes(2));
        var failed = GraphApiEmulator.WhatsAppStatusWebhook(
            Waba, WhatsAppHost.PhoneNumberId, lateSent.NetworkId!.Value.Value, "failed", Oliver, host.Time.GetUtcNow(),
            callbackData: "socialcare:" + late.Message.Id.Value, errorCode: 131047, errorTitle: "Re-engagement message",
            errorDetails: "More than 24 hours have passed since the recipient last replied to this business number.");
        Assert.Equal(200, (await host.Post(failed)).StatusCode);
        var lateFailed = await MessageAsync(host, ticket.Id, late.Message.Id);
        Assert.Equal(DeliveryStatus.Failed, lateFailed.Status);
        Assert.Equal("131047", lateFailed.Failure!.Code);
        Assert.Contains("24 hours", lateFailed.Failure.Reason, StringComparison.Ordinal);

        // Now only a template fits: the reply options say so and list the catalogue; free text is refused before any call.
        var options = await host.Engine.GetReplyOptionsAsync(ticket.Id);
        Assert.Equal(ReplyMode.TemplateRequired, options!.Mode);
        Assert.Equal("order_update", Assert.Single(options.Templates).Name);
        var refused = await host.Engine.ReplyAsync(new ReplyRequest(ticket.Id, new AgentId("zoe"), [new TextPart("Hello?")]));
        Assert.Equal(ReplyRejection.TemplateRequired, refused.Rejection);
        var template = await host.Engine.ReplyAsync(new ReplyRequest(ticket.Id, new AgentId("zoe"), [])
        {
            Template = new MessageTemplate("order_update", "en_US")
            {
                Components = [new TemplateComponent(TemplateComponentType.Body) { Parameters = [new TemplateParameter(TemplateParameterKind.Text, "48213")] }],
            },
        });
        Assert.True(template.Succeeded, template.Error);
        await host.Scheduler.DispatchOutboxAsync(default);
        Assert.Equal(DeliveryStatus.Sent, (await MessageAsync(host, ticket.Id, template.Message!.Id)).Status);
        Assert.Contains("\"template\"", host.Graph.Requests[^1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LateFailure_RaisesReplyFailed_ForTheHostsSinks()
    {
        var sink = new RecordingEventSink();
        await using var host = new WhatsAppHost(socialCare: b => b.Services.AddSingleton<ITicketEventSink>(sink));
        var start = host.Time.GetUtcNow();
        await host.Post(GraphApiEmulator.WhatsAppTextWebhook(Waba, WhatsAppHost.PhoneNumberId, Oliver, OliverId, "Oliver Hughes", "wamid.in.1", "Hello", start));
        var ticket = Assert.Single(await host.Store.QueryTicketsAsync(new TicketQuery(), default));
        var reply = await host.Engine.ReplyAsync(new ReplyRequest(ticket.Id, new AgentId("zoe"), [new TextPart("Hi")]));
        await host.Scheduler.DispatchOutboxAsync(default);
        var wamid = (await MessageAsync(host, ticket.Id, reply.Message!.Id)).NetworkId!.Value.Value;

        await host.Post(GraphApiEmulator.WhatsAppStatusWebhook(Waba, WhatsAppHost.PhoneNumberId, wamid, "failed", Oliver, start.AddMinutes(1), errorCode: 131047, errorTitle: "Re-engagement message"));

        var failure = Assert.Single(sink.Events.OfType<ReplyFailed>());
        Assert.Equal(reply.Message.Id, failure.Message.Id);
        Assert.Equal("131047", failure.Failure.Code);
    }

    [Fact]
    public async Task NumberChange_KeepsTheCustomerAndTheTicket_AndRepliesGoToTheNewNumber()
    {
        await using var host = new WhatsAppHost();
        var start = host.Time.GetUtcNow();
        await host.Post(GraphApiEmulator.WhatsAppTextWebhook(Waba, WhatsAppHost.PhoneNumberId, Oliver, null, "Oliver Hughes", "wamid.in.1", "Hello", start));

        Assert.Equal(200, (await host.Post(Fixtures.Read("whatsapp-system-user-changed-number.json"))).StatusCode);
        await host.Post(GraphApiEmulator.WhatsAppTextWebhook(Waba, WhatsAppHost.PhoneNumberId, "447700900987", null, "Oliver Hughes", "wamid.in.2", "New phone, same order", start.AddMinutes(1)));

        var ticket = Assert.Single(await host.Store.QueryTicketsAsync(new TicketQuery(), default));
        var messages = await host.Store.GetMessagesAsync(ticket.Id, default);
        Assert.Equal(3, messages.Count);
        Assert.Equal(AuthorKind.System, messages[1].Author);
        var reply = await host.Engine.ReplyAsync(new ReplyRequest(ticket.Id, new AgentId("zoe"), [new TextPart("Noted, thanks!")]));
        Assert.True(reply.Succeeded, reply.Error);
        await host.Scheduler.DispatchOutboxAsync(default);
        using var body = JsonDocument.Parse(host.Graph.Requests[^1].Body);
        Assert.Equal("447700900987", body.RootElement.GetProperty("to").GetString());
    }

    private static async Task<Message> MessageAsync(WhatsAppHost host, TicketId ticket, MessageId id)
        => (await host.Store.GetMessagesAsync(ticket, default)).Single(m => m.Id == id);

    private sealed class RecordingEventSink : ITicketEventSink
    {
        private readonly Lock _gate = new();
        private readonly List<TicketEvent> _events = [];

        public IReadOnlyList<TicketEvent> Events
        {
            get
            {
                lock (_gate)
                {
                    return [.. _events];
                }
            }
        }

        public Task PublishAsync(TicketEvent ticketEvent, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                _events.Add(ticketEvent);
            }

            return Task.CompletedTask;
        }
    }
}
