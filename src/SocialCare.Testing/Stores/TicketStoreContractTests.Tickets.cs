using SocialCare.Abstractions;
using Xunit;

namespace SocialCare.Testing;

/// <content>The active and latest ticket of a conversation, version conflicts, change-set checks and idempotency.</content>
public abstract partial class TicketStoreContractTests
{
    /// <summary>The active ticket of a conversation is found until it closes; the latest is found after.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task FindsTheActiveAndTheLatestTicketOfAConversation()
    {
        var first = NewTicket("t1", Chat("u1"));
        await CreateAsync(first).ConfigureAwait(false);
        AssertSame(first, await Store.FindActiveAsync(first.Conversation, first.Customer, CancellationToken.None).ConfigureAwait(false));
        AssertSame(first, await Store.FindLatestAsync(first.Conversation, first.Customer, CancellationToken.None).ConfigureAwait(false));

        var resolved = await UpdateAsync(first, t => t with { State = TicketState.Resolved }).ConfigureAwait(false);
        AssertSame(resolved, await Store.FindActiveAsync(first.Conversation, first.Customer, CancellationToken.None).ConfigureAwait(false));

        var closed = await UpdateAsync(resolved, t => t with { State = TicketState.Closed }).ConfigureAwait(false);
        Assert.Null(await Store.FindActiveAsync(first.Conversation, first.Customer, CancellationToken.None).ConfigureAwait(false));
        AssertSame(closed, await Store.FindLatestAsync(first.Conversation, first.Customer, CancellationToken.None).ConfigureAwait(false));

        // A follow-up is created later; it is both the active and the latest ticket.
        var followUp = NewTicket("t0-follow-up", Chat("u1"), createdAt: T0.AddDays(1)) with { PreviousTicket = first.Id };
        await CreateAsync(followUp).ConfigureAwait(false);
        AssertSame(followUp, await Store.FindActiveAsync(first.Conversation, first.Customer, CancellationToken.None).ConfigureAwait(false));
        AssertSame(followUp, await Store.FindLatestAsync(first.Conversation, first.Customer, CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>The latest ticket is the one created last, whatever its id or creation time says.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task TheLatestTicketIsTheOneCreatedLast()
    {
        var older = NewTicket("t9", Chat("u1"), state: TicketState.Closed, createdAt: T0.AddDays(2));
        var newer = NewTicket("t1", Chat("u1"), state: TicketState.Closed, createdAt: T0);
        await CreateAsync(older).ConfigureAwait(false);
        await CreateAsync(newer).ConfigureAwait(false);

        AssertSame(newer, await Store.FindLatestAsync(newer.Conversation, newer.Customer, CancellationToken.None).ConfigureAwait(false));
        Assert.Null(await Store.FindActiveAsync(newer.Conversation, newer.Customer, CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>Active tickets are told apart by customer, conversation, channel account and visibility.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task ActiveTicketsAreKeptPerCustomerAndConversation()
    {
        var chat = Chat("u1");
        var publicSameThread = new ConversationRef(chat.Channel, chat.Account, chat.Thread, ConversationVisibility.Public);
        var otherAccount = chat with { Account = new ChannelAccountId("another-page") };
        Ticket[] tickets =
        [
            NewTicket("t1", chat, "c1"),
            NewTicket("t2", chat, "c2"),
            NewTicket("t3", publicSameThread, "c1"),
            NewTicket("t4", otherAccount, "c1"),
            NewTicket("t5", Thread("post-1"), "c1"),
        ];
        await CreateAsync(tickets).ConfigureAwait(false);

        foreach (var ticket in tickets)
        {
            AssertSame(ticket, await Store.FindActiveAsync(ticket.Conversation, ticket.Customer, CancellationToken.None).ConfigureAwait(false));
        }

        Assert.Null(await Store.FindActiveAsync(Thread("post-1"), new CustomerId("c2"), CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>A second active ticket for the same customer and conversation is refused, and nothing of its change set is applied.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task ASecondActiveTicketOfAConversationIsRefused()
    {
        var first = NewTicket("t1", Chat("u1"), state: TicketState.Pending);
        await CreateAsync(first).ConfigureAwait(false);

        var second = NewTicket("t2", Chat("u1"));
        var message = NewMessage("m2", second, "Hello?", "m_2");
        var changes = new TicketChangeSet { Event = Key("m_2"), Tickets = [new TicketWrite(second, 0)], AddedMessages = [message] };
        await Assert.ThrowsAsync<TicketConcurrencyException>(() => Store.CommitAsync(changes, CancellationToken.None)).ConfigureAwait(false);

        Assert.Null(await Store.GetAsync(second.Id, CancellationToken.None).ConfigureAwait(false));
        Assert.Empty(await Store.GetMessagesAsync(second.Id, CancellationToken.None).ConfigureAwait(false));
        Assert.Null(await Store.FindMessageAsync(ChannelId.Facebook, Page, new NetworkMessageId("m_2"), CancellationToken.None).ConfigureAwait(false));
        Assert.False(await Store.IsProcessedAsync(Key("m_2"), CancellationToken.None).ConfigureAwait(false));
        AssertSame(first, await Store.FindActiveAsync(first.Conversation, first.Customer, CancellationToken.None).ConfigureAwait(false));

        // Two new active tickets of one conversation in one change set are refused too.
        var a = NewTicket("t3", Chat("u3"));
        var b = NewTicket("t4", Chat("u3"));
        await Assert.ThrowsAsync<TicketConcurrencyException>(() => CreateAsync(a, b)).ConfigureAwait(false);
        Assert.Null(await Store.GetAsync(a.Id, CancellationToken.None).ConfigureAwait(false));
        Assert.Null(await Store.GetAsync(b.Id, CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>A ticket may be closed and its follow-up opened in one change set; closed tickets never block a new one.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task ClosingAndOpeningInOneChangeSetIsAllowed()
    {
        var first = NewTicket("t1", Chat("u1"), state: TicketState.Resolved);
        await CreateAsync(first).ConfigureAwait(false);

        var closed = first with { State = TicketState.Closed, Version = 2 };
        var followUp = NewTicket("t2", Chat("u1"), createdAt: T0.AddHours(1)) with { PreviousTicket = first.Id };
        var outcome = await Store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(closed, 1), new TicketWrite(followUp, 0)] }, CancellationToken.None).ConfigureAwait(false);

        Assert.Equal(CommitOutcome.Committed, outcome);
        AssertSame(followUp, await Store.FindActiveAsync(first.Conversation, first.Customer, CancellationToken.None).ConfigureAwait(false));
        AssertSame(closed, await Store.GetAsync(first.Id, CancellationToken.None).ConfigureAwait(false));

        var merged = NewTicket("t3", Chat("u2"), state: TicketState.Merged) with { MergedInto = followUp.Id };
        var alsoClosed = NewTicket("t4", Chat("u2"), state: TicketState.Closed);
        await CreateAsync(merged, alsoClosed).ConfigureAwait(false);
        Assert.Null(await Store.FindActiveAsync(merged.Conversation, merged.Customer, CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>A save over a version that is no longer stored is refused, and nothing of its change set is applied.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task AStaleVersionIsRefused()
    {
        var ticket = NewTicket("t1", Chat("u1"));
        await CreateAsync(ticket).ConfigureAwait(false);
        var current = await UpdateAsync(ticket, t => t with { State = TicketState.Open }).ConfigureAwait(false);

        var stale = ticket with { Priority = TicketPriority.High, Version = 2 };
        var message = NewMessage("m2", ticket, "late", "m_2");
        var changes = new TicketChangeSet
        {
            Event = Key("m_2"),
            Tickets = [new TicketWrite(stale, 1)],
            AddedMessages = [message],
            History = [new TicketHistoryEntry(ticket.Id, T0, TicketState.New, TicketState.New, "priority")],
        };
        var error = await Assert.ThrowsAsync<TicketConcurrencyException>(() => Store.CommitAsync(changes, CancellationToken.None)).ConfigureAwait(false);

        Assert.Equal(ticket.Id, error.TicketId);
        Assert.Equal(1, error.ExpectedVersion);
        Assert.Equal(2, error.ActualVersion);
        AssertSame(current, await Store.GetAsync(ticket.Id, CancellationToken.None).ConfigureAwait(false));
        Assert.Empty(await Store.GetMessagesAsync(ticket.Id, CancellationToken.None).ConfigureAwait(false));
        Assert.Empty(await Store.GetHistoryAsync(ticket.Id, CancellationToken.None).ConfigureAwait(false));
        Assert.False(await Store.IsProcessedAsync(Key("m_2"), CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>Creating a ticket that exists, or updating one that does not, is a version conflict.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task CreatingAnExistingTicketOrUpdatingAMissingOneConflicts()
    {
        var ticket = NewTicket("t1", Chat("u1"), state: TicketState.Closed);
        await CreateAsync(ticket).ConfigureAwait(false);

        var again = await Assert.ThrowsAsync<TicketConcurrencyException>(() => CreateAsync(ticket with { Priority = TicketPriority.Low })).ConfigureAwait(false);
        Assert.Equal(1, again.ActualVersion);

        var missing = NewTicket("t-missing", Chat("u2")) with { Version = 5 };
        var error = await Assert.ThrowsAsync<TicketConcurrencyException>(
            () => Store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(missing, 4)] }, CancellationToken.None)).ConfigureAwait(false);
        Assert.Equal(0, error.ActualVersion);
        Assert.Null(await Store.GetAsync(missing.Id, CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>Two instances saving the same version of a ticket at once: exactly one wins.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task ConcurrentSavesOfOneVersionLetExactlyOneWin()
    {
        var second = await SecondStoreAsync().ConfigureAwait(false);
        var ticket = NewTicket("t1", Chat("u1"));
        await CreateAsync(ticket).ConfigureAwait(false);

        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var store = i % 2 == 0 ? Store : second;
            var saved = ticket with { Assignee = new AgentId($"agent-{i}"), Version = 2 };
            try
            {
                await store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(saved, 1)] }, CancellationToken.None).ConfigureAwait(false);
                return saved;
            }
            catch (TicketConcurrencyException)
            {
                return null;
            }
        })).ToList();
        var winners = (await Task.WhenAll(attempts).ConfigureAwait(false)).OfType<Ticket>().ToList();

        var winner = Assert.Single(winners);
        AssertSame(winner, await Store.GetAsync(ticket.Id, CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>Two instances opening a ticket for one conversation at once: exactly one ticket becomes active.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task ConcurrentNewTicketsOfOneConversationLetExactlyOneWin()
    {
        var second = await SecondStoreAsync().ConfigureAwait(false);
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var store = i % 2 == 0 ? Store : second;
            var ticket = NewTicket($"t{i}", Chat("u1"));
            try
            {
                await store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(ticket, 0)], AddedMessages = [NewMessage($"m{i}", ticket, "Ciao")] }, CancellationToken.None).ConfigureAwait(false);
                return ticket;
            }
            catch (TicketConcurrencyException)
            {
                return null;
            }
        })).ToList();
        var winners = (await Task.WhenAll(attempts).ConfigureAwait(false)).OfType<Ticket>().ToList();

        var winner = Assert.Single(winners);
        AssertSame(winner, await Store.FindActiveAsync(winner.Conversation, winner.Customer, CancellationToken.None).ConfigureAwait(false));
        Assert.Single(await Store.QueryTicketsAsync(new TicketQuery(), CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>Inconsistent change sets are refused with <see cref="ArgumentException"/>, and nothing is applied.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task InconsistentChangeSetsAreRefused()
    {
        var ticket = NewTicket("t1", Chat("u1"));
        var stored = NewMessage("m1", ticket, "first");
        await Store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(ticket, 0)], AddedMessages = [stored] }, CancellationToken.None).ConfigureAwait(false);

        var badVersion = new TicketChangeSet { Tickets = [new TicketWrite(ticket with { Version = 3 }, 1)] };
        var twice = new TicketChangeSet { Tickets = [new TicketWrite(ticket with { Version = 2 }, 1), new TicketWrite(ticket with { Version = 2, Priority = TicketPriority.Low }, 1)] };
        var addedAgain = new TicketChangeSet { Tickets = [new TicketWrite(ticket with { Version = 2 }, 1)], AddedMessages = [stored] };
        var addedTwice = new TicketChangeSet { AddedMessages = [NewMessage("m2", ticket, "a"), NewMessage("m2", ticket, "b")] };
        var updatedMissing = new TicketChangeSet { Event = Key("e1"), UpdatedMessages = [NewMessage("m-missing", ticket, "?")] };

        foreach (var changes in new[] { badVersion, twice, addedAgain, addedTwice, updatedMissing })
        {
            await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.CommitAsync(changes, CancellationToken.None)).ConfigureAwait(false);
        }

        AssertSame(ticket, await Store.GetAsync(ticket.Id, CancellationToken.None).ConfigureAwait(false));
        AssertSameList([stored], await Store.GetMessagesAsync(ticket.Id, CancellationToken.None).ConfigureAwait(false));
        Assert.False(await Store.IsProcessedAsync(Key("e1"), CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>An event is recorded with its changes; the same event again is a duplicate and applies nothing.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task AnEventIsAppliedOnce()
    {
        var ticket = NewTicket("t1", Chat("u1"));
        var message = NewMessage("m1", ticket, "Ciao", "m_1");
        var first = new TicketChangeSet { Event = Key("m_1"), Tickets = [new TicketWrite(ticket, 0)], AddedMessages = [message] };
        Assert.Equal(CommitOutcome.Committed, await Store.CommitAsync(first, CancellationToken.None).ConfigureAwait(false));
        Assert.True(await Store.IsProcessedAsync(Key("m_1"), CancellationToken.None).ConfigureAwait(false));

        // The redelivery was processed from the same (old) read: same event, different ids. Nothing of it is applied.
        var other = NewTicket("t2", Chat("u9"));
        var again = new TicketChangeSet { Event = Key("m_1"), Tickets = [new TicketWrite(other, 0)], AddedMessages = [NewMessage("m2", other, "Ciao", "m_1")] };
        Assert.Equal(CommitOutcome.Duplicate, await Store.CommitAsync(again, CancellationToken.None).ConfigureAwait(false));
        Assert.Null(await Store.GetAsync(other.Id, CancellationToken.None).ConfigureAwait(false));
        Assert.Empty(await Store.GetMessagesAsync(other.Id, CancellationToken.None).ConfigureAwait(false));
        AssertSameList([message], await Store.GetMessagesAsync(ticket.Id, CancellationToken.None).ConfigureAwait(false));

        // A commit without an event is never a duplicate.
        Assert.Equal(CommitOutcome.Committed, await Store.CommitAsync(new TicketChangeSet { History = [new TicketHistoryEntry(ticket.Id, T0, TicketState.New, TicketState.New, "note")] }, CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>Idempotency keys differ by channel, account and event id, and event ids are compared exactly.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task IdempotencyKeysAreExact()
    {
        await Store.CommitAsync(new TicketChangeSet { Event = Key("m_AbC") }, CancellationToken.None).ConfigureAwait(false);

        Assert.True(await Store.IsProcessedAsync(Key("m_AbC"), CancellationToken.None).ConfigureAwait(false));
        Assert.False(await Store.IsProcessedAsync(Key("m_abc"), CancellationToken.None).ConfigureAwait(false));
        Assert.False(await Store.IsProcessedAsync(Key("m_AbC "), CancellationToken.None).ConfigureAwait(false));
        Assert.False(await Store.IsProcessedAsync(new IdempotencyKey(ChannelId.WhatsApp, Page, "m_AbC"), CancellationToken.None).ConfigureAwait(false));
        Assert.False(await Store.IsProcessedAsync(new IdempotencyKey(ChannelId.Facebook, Phone, "m_AbC"), CancellationToken.None).ConfigureAwait(false));

        var distinct = new[] { Key("m_abc"), new IdempotencyKey(ChannelId.WhatsApp, Page, "m_AbC"), new IdempotencyKey(ChannelId.Facebook, Phone, "m_AbC") };
        foreach (var key in distinct)
        {
            Assert.Equal(CommitOutcome.Committed, await Store.CommitAsync(new TicketChangeSet { Event = key }, CancellationToken.None).ConfigureAwait(false));
        }
    }

    /// <summary>The same event committed by many callers on two instances at once is applied exactly once.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task ConcurrentCommitsOfOneEventApplyItOnce()
    {
        var second = await SecondStoreAsync().ConfigureAwait(false);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var store = i % 2 == 0 ? Store : second;
            var ticket = NewTicket($"t{i}", Chat($"u{i}"));
            return await store.CommitAsync(
                new TicketChangeSet { Event = Key("m_1"), Tickets = [new TicketWrite(ticket, 0)], AddedMessages = [NewMessage($"m{i}", ticket, "Ciao", "m_1")] },
                CancellationToken.None).ConfigureAwait(false);
        }))).ConfigureAwait(false);

        Assert.Equal(1, outcomes.Count(o => o == CommitOutcome.Committed));
        Assert.Equal(7, outcomes.Count(o => o == CommitOutcome.Duplicate));
        Assert.Single(await Store.QueryTicketsAsync(new TicketQuery(), CancellationToken.None).ConfigureAwait(false));
    }
}
