namespace SocialCare.Core.Tests.InMemory;

public class InMemoryTicketStoreTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly Participant Customer = new(ChannelId.WhatsApp, new ChannelAccountId("phone-1"), new NetworkUserId("US.123"));
    private static readonly ConversationRef Conversation = ConversationRef.PrivateWith(Customer);
    private static readonly CustomerId CustomerId = new("c1");
    private readonly InMemoryTicketStore _store = new();

    [Fact]
    public async Task Commit_NewTicket_IsFoundActiveAndLatest()
    {
        var ticket = NewTicket("t1");

        var outcome = await _store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(ticket, 0)] }, default);

        Assert.Equal(CommitOutcome.Committed, outcome);
        Assert.Equal(ticket, await _store.FindActiveAsync(Conversation, CustomerId, default));
        Assert.Equal(ticket, await _store.FindLatestAsync(Conversation, CustomerId, default));
        Assert.Null(await _store.FindActiveAsync(Conversation, new CustomerId("someone-else"), default));
    }

    [Fact]
    public async Task Commit_StaleVersion_ThrowsAndAppliesNothing()
    {
        var ticket = NewTicket("t1");
        await _store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(ticket, 0)] }, default);
        var key = new IdempotencyKey(ChannelId.WhatsApp, Conversation.Account, "wamid.1");
        var stale = new TicketChangeSet
        {
            Event = key,
            Tickets = [new TicketWrite(ticket with { Version = 1 }, 0)],
            AddedMessages = [NewMessage("m1", ticket.Id)],
        };

        var ex = await Assert.ThrowsAsync<TicketConcurrencyException>(() => _store.CommitAsync(stale, default));

        Assert.Equal((ticket.Id, 0L, 1L), (ex.TicketId!.Value, ex.ExpectedVersion, ex.ActualVersion));
        Assert.False(await _store.IsProcessedAsync(key, default));
        Assert.Empty(await _store.GetMessagesAsync(ticket.Id, default));
    }

    [Fact]
    public async Task Commit_SameEventTwice_SecondIsDuplicateAndAppliesNothing()
    {
        var ticket = NewTicket("t1");
        var key = new IdempotencyKey(ChannelId.WhatsApp, Conversation.Account, "wamid.1");
        await _store.CommitAsync(new TicketChangeSet { Event = key, Tickets = [new TicketWrite(ticket, 0)], AddedMessages = [NewMessage("m1", ticket.Id)] }, default);

        var second = await _store.CommitAsync(new TicketChangeSet { Event = key, Tickets = [new TicketWrite(ticket with { Version = 2 }, 1)], AddedMessages = [NewMessage("m2", ticket.Id)] }, default);

        Assert.Equal(CommitOutcome.Duplicate, second);
        Assert.Single(await _store.GetMessagesAsync(ticket.Id, default));
        Assert.Equal(1, (await _store.GetAsync(ticket.Id, default))!.Version);
    }

    [Fact]
    public async Task Commit_VersionNotExpectedPlusOne_ThrowsArgument()
        => await Assert.ThrowsAsync<ArgumentException>(() => _store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(NewTicket("t1") with { Version = 5 }, 0)] }, default));

    [Fact]
    public async Task Commit_ClosedTicket_IsNoLongerActiveButStillLatest()
    {
        var ticket = NewTicket("t1");
        await _store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(ticket, 0)] }, default);

        await _store.CommitAsync(new TicketChangeSet
        {
            Tickets = [new TicketWrite(ticket with { State = TicketState.Closed, Version = 2 }, 1)],
            History = [new TicketHistoryEntry(ticket.Id, At, TicketState.New, TicketState.Closed, "closed")],
        }, default);

        Assert.Null(await _store.FindActiveAsync(Conversation, CustomerId, default));
        Assert.Equal(TicketState.Closed, (await _store.FindLatestAsync(Conversation, CustomerId, default))!.State);
        Assert.Equal("closed", Assert.Single(await _store.GetHistoryAsync(ticket.Id, default)).Reason);
    }

    [Fact]
    public async Task Commit_UpdatedMessage_ReplacesItInPlaceAndByNetworkId()
    {
        var ticket = NewTicket("t1");
        var m1 = NewMessage("m1", ticket.Id);
        var m2 = NewMessage("m2", ticket.Id);
        await _store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(ticket, 0)], AddedMessages = [m1, m2] }, default);

        await _store.CommitAsync(new TicketChangeSet { UpdatedMessages = [m1 with { Status = DeliveryStatus.Read }] }, default);

        Assert.Equal(new[] { DeliveryStatus.Read, DeliveryStatus.Sent }, (await _store.GetMessagesAsync(ticket.Id, default)).Select(m => m.Status));
        Assert.Equal(DeliveryStatus.Read, (await _store.FindMessageAsync(ChannelId.WhatsApp, Conversation.Account, new NetworkMessageId("net-m1"), default))!.Status);
    }

    [Fact]
    public async Task Commit_UpdateOfUnknownMessage_ThrowsAndAppliesNothing()
    {
        var ticket = NewTicket("t1");

        await Assert.ThrowsAsync<ArgumentException>(() => _store.CommitAsync(
            new TicketChangeSet { Tickets = [new TicketWrite(ticket, 0)], UpdatedMessages = [NewMessage("ghost", ticket.Id)] }, default));

        Assert.Equal(0, _store.TicketCount);
    }

    [Fact]
    public async Task Commit_ManyConcurrentWritersOfOneTicket_ExactlyOneWinsEachVersion()
    {
        var ticket = NewTicket("t1");
        await _store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(ticket, 0)] }, default);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            try
            {
                await _store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(ticket with { Version = 2 }, 1)], AddedMessages = [NewMessage($"m{i}", ticket.Id)] }, default);
                return true;
            }
            catch (TicketConcurrencyException)
            {
                return false;
            }
        })));

        Assert.Single(results, won => won);
        Assert.Single(await _store.GetMessagesAsync(ticket.Id, default));
    }

    private static Ticket NewTicket(string id) => new(new TicketId(id), Conversation, CustomerId, TicketState.New, At, 1);

    private static Message NewMessage(string id, TicketId ticket)
        => new(new MessageId(id), ticket, Conversation, MessageDirection.Outbound, AuthorKind.Agent, At, [new TextPart(id)])
        {
            NetworkId = new NetworkMessageId("net-" + id),
            Status = DeliveryStatus.Sent,
        };
}
