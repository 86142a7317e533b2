using SocialCare.Core.Tests.TestChannel;

namespace SocialCare.Core.Tests.Engine;

/// <summary>Engine rules the WhatsApp channel needs: identity changes, statuses that overtake the send, template catalogues.</summary>
public class IdentityAndTemplateTests
{
    private static readonly ChannelId Templated = new("templated");

    private static Participant Oliver(string key = "GB.1839201746502938", string? phone = "447700900123")
        => new(Channels.WhatsApp, EngineHarness.Account, new NetworkUserId(key)) { Phone = phone, DisplayName = "Oliver" };

    private static MessageReceived Says(Participant who, string id, string text, DateTimeOffset at)
        => new(new IdempotencyKey(who.Channel, EngineHarness.Account, id), ConversationRef.PrivateWith(who), who, at, new NetworkMessageId(id), [new TextPart(text)]);

    [Fact]
    public async Task IdentityChanged_LinksTheNewNumber_NotesIt_AndRepliesGoThere()
    {
        await using var h = new EngineHarness();
        var old = Oliver(key: "447700900123");
        await h.DeliverAsync(Says(old, "wamid.1", "hello", h.Time.GetUtcNow()));
        var ticket = (await h.Store.QueryTicketsAsync(new TicketQuery(), default)).Single();
        var moved = old with { UserKey = new NetworkUserId("447700900987"), Phone = "447700900987" };

        var outcome = await h.DeliverAsync(new IdentityChanged(new IdempotencyKey(Channels.WhatsApp, EngineHarness.Account, "wamid.sys"), ConversationRef.PrivateWith(old), old, h.Time.GetUtcNow(), moved)
        {
            Description = "User Oliver changed from 447700900123 to 447700900987",
        });

        Assert.Equal(InboundOutcome.Applied, outcome);
        var customer = await h.Customers.GetAsync(ticket.Customer, default);
        Assert.Contains(customer!.Identities, p => p.UserKey.Value == "447700900987");
        Assert.Equal(1, h.Customers.Count);
        var note = (await h.MessagesAsync(ticket.Id)).Last();
        Assert.Equal(AuthorKind.System, note.Author);
        Assert.Equal("447700900987", note.Sender!.Phone);
        Assert.Contains("changed from", Assert.IsType<TextPart>(Assert.Single(note.Parts)).Text, StringComparison.Ordinal);

        // The customer writes from the new number: same customer, same ticket; the reply goes to the new number.
        await h.DeliverAsync(Says(moved, "wamid.2", "still waiting", h.Time.GetUtcNow()));
        Assert.Single(await h.Store.QueryTicketsAsync(new TicketQuery(), default));
        Assert.Equal(3, (await h.MessagesAsync(ticket.Id)).Count);
        await h.ReplyAsync(ticket.Id, "zoe", "on its way");
        await h.Scheduler.DispatchOutboxAsync();
        Assert.Equal("447700900987", Assert.Single(h.WhatsApp.Sent).Recipient!.Phone);
    }

    [Fact]
    public async Task IdentityChanged_BeforeAnyTicket_LinksOnly()
    {
        await using var h = new EngineHarness();
        var old = Oliver(key: "447700900123");
        await h.Customers.ResolveAsync(old, default);
        var moved = old with { UserKey = new NetworkUserId("447700900987"), Phone = "447700900987" };

        var outcome = await h.DeliverAsync(new IdentityChanged(new IdempotencyKey(Channels.WhatsApp, EngineHarness.Account, "wamid.sys"), ConversationRef.PrivateWith(old), old, h.Time.GetUtcNow(), moved));

        Assert.Equal(InboundOutcome.Ignored, outcome);
        Assert.Empty(await h.Store.QueryTicketsAsync(new TicketQuery(), default));
        var resolved = await h.Customers.ResolveAsync(moved, default);
        Assert.Equal(1, h.Customers.Count);
        Assert.Equal(2, resolved.Identities.Count);
    }

    [Fact]
    public async Task CustomerKnownByPhone_ThenByBusinessScopedId_StaysOneCustomerAndOneTicket()
    {
        await using var h = new EngineHarness();
        await h.DeliverAsync(Says(Oliver(key: "447700900123"), "wamid.1", "hello", h.Time.GetUtcNow()));

        await h.DeliverAsync(Says(Oliver(), "wamid.2", "are you there?", h.Time.GetUtcNow()));

        Assert.Equal(1, h.Customers.Count);
        var ticket = Assert.Single(await h.Store.QueryTicketsAsync(new TicketQuery(), default));
        Assert.Equal(2, (await h.MessagesAsync(ticket.Id)).Count);
    }

    [Fact]
    public async Task StatusThatOvertakesTheSendAnswer_FindsTheReplyByItsLocalId_AndTheAnswerAddsNothing()
    {
        await using var h = new EngineHarness();
        var who = Oliver();
        await h.DeliverAsync(Says(who, "wamid.in", "hello", h.Time.GetUtcNow()));
        var ticket = (await h.Store.QueryTicketsAsync(new TicketQuery(), default)).Single();
        var reply = await h.ReplyAsync(ticket.Id, "zoe", "hi Oliver");
        var localId = reply.Message!.Id;

        // Delivered before the outbox recorded the send's answer.
        var outcome = await h.DeliverAsync(new DeliveryStatusChanged(new IdempotencyKey(Channels.WhatsApp, EngineHarness.Account, "wamid.out:delivered"), ConversationRef.PrivateWith(who), who, h.Time.GetUtcNow(), DeliveryStatus.Delivered)
        {
            MessageId = new NetworkMessageId("wamid.out"),
            LocalId = localId,
        });

        Assert.Equal(InboundOutcome.Applied, outcome);
        var message = (await h.MessagesAsync(ticket.Id)).Single(m => m.Id == localId);
        Assert.Equal(DeliveryStatus.Delivered, message.Status);
        Assert.Equal("wamid.out", message.NetworkId!.Value.Value);

        h.WhatsApp.Respond = _ => SendResult.Sent(new NetworkMessageId("wamid.out"));
        var updatesBefore = h.EventsOf<MessageUpdated>().Count;
        await h.Scheduler.DispatchOutboxAsync();
        Assert.Equal(DeliveryStatus.Delivered, (await h.MessagesAsync(ticket.Id)).Single(m => m.Id == localId).Status);
        Assert.Equal(updatesBefore, h.EventsOf<MessageUpdated>().Count);
    }

    [Fact]
    public async Task LateFailureAfterTheSendSucceeded_MarksTheReplyFailed_AndRaisesReplyFailed()
    {
        await using var h = new EngineHarness();
        var who = Oliver();
        await h.DeliverAsync(Says(who, "wamid.in", "hello", h.Time.GetUtcNow()));
        var ticket = (await h.Store.QueryTicketsAsync(new TicketQuery(), default)).Single();
        var reply = await h.ReplyAsync(ticket.Id, "zoe", "hi");
        h.WhatsApp.Respond = _ => SendResult.Sent(new NetworkMessageId("wamid.out"));
        await h.Scheduler.DispatchOutboxAsync();

        await h.DeliverAsync(new DeliveryStatusChanged(new IdempotencyKey(Channels.WhatsApp, EngineHarness.Account, "wamid.out:sent"), ConversationRef.PrivateWith(who), who, h.Time.GetUtcNow(), DeliveryStatus.Sent) { MessageId = new NetworkMessageId("wamid.out") });
        await h.DeliverAsync(new DeliveryStatusChanged(new IdempotencyKey(Channels.WhatsApp, EngineHarness.Account, "wamid.out:failed"), ConversationRef.PrivateWith(who), who, h.Time.GetUtcNow(), DeliveryStatus.Failed)
        {
            MessageId = new NetworkMessageId("wamid.out"),
            Failure = new DeliveryFailure("131047", "Re-engagement message: More than 24 hours have passed"),
        });
        await h.DeliverAsync(new DeliveryStatusChanged(new IdempotencyKey(Channels.WhatsApp, EngineHarness.Account, "wamid.out:delivered"), ConversationRef.PrivateWith(who), who, h.Time.GetUtcNow(), DeliveryStatus.Delivered) { MessageId = new NetworkMessageId("wamid.out") });

        var message = (await h.MessagesAsync(ticket.Id)).Single(m => m.Id == reply.Message!.Id);
        Assert.Equal(DeliveryStatus.Failed, message.Status);
        Assert.Equal("131047", message.Failure!.Code);
        Assert.Equal("131047", Assert.Single(h.EventsOf<ReplyFailed>()).Failure.Code);
    }

    [Fact]
    public async Task ReplyOptions_ListTheCatalogueTemplates_InTheCustomersLanguageFirst()
    {
        var channel = new CatalogChannel();
        await using var h = new EngineHarness(builder: b => b.Services.AddSingleton<IChannelAdapter>(channel));
        var ticket = await h.SayAsync("giulia", "ciao", channel: Templated);
        var customer = (await h.Customers.GetAsync(ticket.Customer, default))!;
        h.Customers.Update(customer with { Language = "it" });
        h.Time.Advance(TimeSpan.FromHours(25));

        var options = await h.Engine.GetReplyOptionsAsync(ticket.Id);

        Assert.Equal(ReplyMode.TemplateRequired, options!.Mode);
        Assert.Equal(["order_update/it", "order_update/en_US", "csat/en_US"], options.Templates.Select(t => $"{t.Name}/{t.Language}"));
    }

    [Fact]
    public async Task Reply_WithATemplateOutsideTheCatalogue_OrBadlyFilled_IsRefused()
    {
        var channel = new CatalogChannel();
        await using var h = new EngineHarness(builder: b => b.Services.AddSingleton<IChannelAdapter>(channel));
        var ticket = await h.SayAsync("giulia", "ciao", channel: Templated);
        h.Time.Advance(TimeSpan.FromHours(25));

        var unknown = await h.ReplyAsync(ticket.Id, "zoe", "", template: new MessageTemplate("hello_world", "en_US"));
        var badlyFilled = await h.ReplyAsync(ticket.Id, "zoe", "", template: new MessageTemplate("order_update", "it"));
        var good = await h.ReplyAsync(ticket.Id, "zoe", "", template: new MessageTemplate("order_update", "it")
        {
            Components = [new TemplateComponent(TemplateComponentType.Body) { Parameters = [new TemplateParameter(TemplateParameterKind.Text, "48213")] }],
        });

        Assert.Equal(ReplyRejection.TemplateNotFound, unknown.Rejection);
        Assert.Equal(ReplyRejection.TemplateInvalid, badlyFilled.Rejection);
        Assert.Contains("takes 1 parameter", badlyFilled.Error, StringComparison.Ordinal);
        Assert.True(good.Succeeded);
    }

    /// <summary>A WhatsApp-like channel with a template catalogue.</summary>
    private sealed class CatalogChannel : IChannelAdapter, ITemplateCatalog
    {
        public ChannelId Channel => Templated;

        public ChannelCapabilities Capabilities => Channels.WhatsAppCapabilities;

        public IReadOnlyList<TemplateDefinition> GetTemplates(ChannelAccountId account) =>
        [
            new TemplateDefinition("order_update", "en_US") { BodyParameters = 1 },
            new TemplateDefinition("order_update", "it") { BodyParameters = 1, Description = "Il suo ordine {{1}} è in arrivo" },
            new TemplateDefinition("csat", "en_US") { Category = TemplateCategory.Utility },
        ];

        public ValueTask<WebhookResult> ReceiveAsync(WebhookRequest request, CancellationToken cancellationToken)
            => ValueTask.FromResult(WebhookResult.Ignored("not used"));

        public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
            => Task.FromResult(SendResult.Sent(new NetworkMessageId("t-1")));
    }
}
