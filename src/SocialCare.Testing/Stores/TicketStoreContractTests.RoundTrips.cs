using SocialCare.Abstractions;
using Xunit;

namespace SocialCare.Testing;

/// <content>Round trips: what is stored comes back exactly, property by property.</content>
public abstract partial class TicketStoreContractTests
{
    /// <summary>A ticket with every property set reads back the same, times to the tick and offsets kept.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task TicketRoundTripsWithEveryProperty()
    {
        var ticket = FullTicket();
        Assert.Equal(CommitOutcome.Committed, await CreateAsync(ticket).ConfigureAwait(false));

        AssertSame(ticket, await Store.GetAsync(ticket.Id, CancellationToken.None).ConfigureAwait(false));
        var second = await SecondStoreAsync().ConfigureAwait(false);
        AssertSame(ticket, await second.GetAsync(ticket.Id, CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>A message with every kind of part reads back the same from the timeline and by its network id.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task MessageRoundTripsWithEveryPart()
    {
        var ticket = NewTicket("t1", Thread("104512345678901_998877"));
        var message = FullMessage(ticket);
        await Store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(ticket, 0)], AddedMessages = [message] }, CancellationToken.None).ConfigureAwait(false);

        AssertSameList([message], await Store.GetMessagesAsync(ticket.Id, CancellationToken.None).ConfigureAwait(false));
        AssertSame(message, await Store.FindMessageAsync(ChannelId.Facebook, Page, message.NetworkId!.Value, CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>History entries read back the same, with their actor and agent.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task HistoryRoundTrips()
    {
        var ticket = NewTicket("t1", Chat("u1"));
        TicketHistoryEntry[] history =
        [
            new(ticket.Id, T0, TicketState.New, TicketState.New, "created"),
            new(ticket.Id, T0.AddMinutes(1), TicketState.New, TicketState.Open, "agent replied") { Actor = AuthorKind.Agent, Agent = new AgentId("zoe") },
            new(ticket.Id, T0.AddMinutes(1), TicketState.Open, TicketState.Open, "priority raised: public complaint") { Actor = AuthorKind.Bot },
        ];
        await Store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(ticket, 0)], History = history }, CancellationToken.None).ConfigureAwait(false);

        AssertSameList(history, await Store.GetHistoryAsync(ticket.Id, CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>An outbox entry with a template, a failure and a claim reads back the same.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task OutboxEntryRoundTrips()
    {
        var ticket = NewTicket("t1", ConversationRef.PrivateWith(new Participant(ChannelId.WhatsApp, Phone, new NetworkUserId("393471234567"))));
        var reply = NewReply("r1", ticket, "Il suo ordine è in viaggio");
        var entry = NewOutboxEntry(reply, T0.AddSeconds(30), T0) with
        {
            State = OutboxState.Failed,
            Attempts = 3,
            ClaimedUntil = T0.AddMinutes(1),
            LastError = new DeliveryFailure("131047", "Re-engagement message"),
            Message = new OutboundMessage(reply.Id, reply.Conversation, reply.Parts)
            {
                Recipient = new Participant(ChannelId.WhatsApp, Phone, new NetworkUserId("393471234567")) { Phone = "393471234567" },
                Agent = new AgentId("zoe"),
                MessagingTag = "HUMAN_AGENT",
                CustomerLastMessageAt = T0.AddHours(-30),
                Template = new MessageTemplate("order_update", "it")
                {
                    Components =
                    [
                        new TemplateComponent(TemplateComponentType.Body) { Parameters = [new TemplateParameter(TemplateParameterKind.Text, "1042") { Name = "order" }] },
                        new TemplateComponent(TemplateComponentType.Button) { ButtonIndex = 0, ButtonSubType = "quick_reply", Parameters = [new TemplateParameter(TemplateParameterKind.Payload, "TRACK")] },
                    ],
                },
            },
        };
        await Store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(ticket, 0)], AddedMessages = [reply], Outbox = [entry] }, CancellationToken.None).ConfigureAwait(false);

        AssertSame(entry, await Store.GetOutboxEntryAsync(reply.Id, CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>Reads of things never stored find nothing, without throwing.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task ReadsOfUnknownIdsFindNothing()
    {
        var none = CancellationToken.None;
        Assert.Null(await Store.GetAsync(new TicketId("missing"), none).ConfigureAwait(false));
        Assert.Null(await Store.FindActiveAsync(Chat("u1"), new CustomerId("c1"), none).ConfigureAwait(false));
        Assert.Null(await Store.FindLatestAsync(Chat("u1"), new CustomerId("c1"), none).ConfigureAwait(false));
        Assert.Empty(await Store.GetMessagesAsync(new TicketId("missing"), none).ConfigureAwait(false));
        Assert.Empty(await Store.GetHistoryAsync(new TicketId("missing"), none).ConfigureAwait(false));
        Assert.Null(await Store.FindMessageAsync(ChannelId.Facebook, Page, new NetworkMessageId("m_missing"), none).ConfigureAwait(false));
        Assert.Null(await Store.GetOutboxEntryAsync(new MessageId("missing"), none).ConfigureAwait(false));
        Assert.False(await Store.IsProcessedAsync(Key("m_missing"), none).ConfigureAwait(false));
        Assert.Empty(await Store.QueryTicketsAsync(new TicketQuery(), none).ConfigureAwait(false));
        Assert.Empty(await Store.CountByAssigneeAsync([TicketState.Open], none).ConfigureAwait(false));
        Assert.Empty(await Store.GetDueTicketsAsync(DateTimeOffset.MaxValue, 10, none).ConfigureAwait(false));
        Assert.Empty(await Store.ClaimOutboxAsync(T0, TimeSpan.FromMinutes(1), 10, none).ConfigureAwait(false));
    }

    /// <summary>What one instance commits, another instance over the same data reads at once.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task CommitsAreVisibleToAnotherInstance()
    {
        var second = await SecondStoreAsync().ConfigureAwait(false);
        var ticket = NewTicket("t1", Chat("u1"));
        var message = NewMessage("m1", ticket, "Ciao", "m_1");
        await Store.CommitAsync(new TicketChangeSet { Event = Key("m_1"), Tickets = [new TicketWrite(ticket, 0)], AddedMessages = [message] }, CancellationToken.None).ConfigureAwait(false);

        AssertSame(ticket, await second.FindActiveAsync(ticket.Conversation, ticket.Customer, CancellationToken.None).ConfigureAwait(false));
        AssertSameList([message], await second.GetMessagesAsync(ticket.Id, CancellationToken.None).ConfigureAwait(false));
        Assert.True(await second.IsProcessedAsync(Key("m_1"), CancellationToken.None).ConfigureAwait(false));

        var updated = await UpdateAsync(ticket, t => t with { State = TicketState.Open }, second).ConfigureAwait(false);
        AssertSame(updated, await Store.GetAsync(ticket.Id, CancellationToken.None).ConfigureAwait(false));
    }
}
