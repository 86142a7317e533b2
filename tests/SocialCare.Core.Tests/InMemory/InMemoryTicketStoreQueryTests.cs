namespace SocialCare.Core.Tests.InMemory;

public class InMemoryTicketStoreQueryTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly Participant Customer = new(ChannelId.WhatsApp, new ChannelAccountId("phone-1"), new NetworkUserId("US.123"));
    private static readonly ConversationRef Conversation = ConversationRef.PrivateWith(Customer);
    private static readonly CustomerId CustomerId = new("c1");
    private static readonly AgentId Alice = new("alice");
    private static readonly AgentId Bob = new("bob");
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private readonly InMemoryTicketStore _store = new();

    // Active uniqueness

    [Fact]
    public async Task Commit_NewActiveTicketWhileAnotherIsActive_ThrowsAndAppliesNothing()
    {
        var first = NewTicket("t1");
        await Create(first);
        var second = NewTicket("t2");
        var key = new IdempotencyKey(ChannelId.WhatsApp, Conversation.Account, "wamid.2");
        var changes = new TicketChangeSet
        {
            Event = key,
            Tickets = [new TicketWrite(second, 0)],
            AddedMessages = [NewMessage("m1", second.Id)],
            History = [new TicketHistoryEntry(second.Id, At, TicketState.New, TicketState.New, "created")],
            Outbox = [NewEntry("m1", second.Id, At)],
        };

        var ex = await Assert.ThrowsAsync<TicketConcurrencyException>(() => _store.CommitAsync(changes, default));

        Assert.Contains("t1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("t2", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("US.123", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, _store.TicketCount);
        Assert.Equal(0, _store.MessageCount);
        Assert.Null(await _store.GetAsync(second.Id, default));
        Assert.Equal(first, await _store.FindActiveAsync(Conversation, CustomerId, default));
        Assert.Equal(first, await _store.FindLatestAsync(Conversation, CustomerId, default));
        Assert.Empty(await _store.GetHistoryAsync(second.Id, default));
        Assert.Null(await _store.GetOutboxEntryAsync(new MessageId("m1"), default));
        Assert.False(await _store.IsProcessedAsync(key, default));
        Assert.Equal([first], await _store.QueryTicketsAsync(new TicketQuery { Customer = CustomerId }, default));
    }

    [Fact]
    public async Task Commit_TwoNewActiveTicketsForSameKeyInOneChangeSet_ThrowsAndAppliesNothing()
    {
        var changes = new TicketChangeSet { Tickets = [new TicketWrite(NewTicket("t1"), 0), new TicketWrite(NewTicket("t2"), 0)] };

        await Assert.ThrowsAsync<TicketConcurrencyException>(() => _store.CommitAsync(changes, default));

        Assert.Equal(0, _store.TicketCount);
        Assert.Null(await _store.FindActiveAsync(Conversation, CustomerId, default));
    }

    [Fact]
    public async Task Commit_NewActiveTicketAfterClosedOne_IsCommittedAndActive()
    {
        var closed = NewTicket("t1");
        await Create(closed);
        await Update(closed with { State = TicketState.Closed });
        var follow = NewTicket("t2") with { PreviousTicket = closed.Id };

        var outcome = await _store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(follow, 0)] }, default);

        Assert.Equal(CommitOutcome.Committed, outcome);
        Assert.Equal(follow, await _store.FindActiveAsync(Conversation, CustomerId, default));
        Assert.Equal(follow, await _store.FindLatestAsync(Conversation, CustomerId, default));
    }

    [Fact]
    public async Task Commit_NewActiveTicketWhileClosingTheActiveOneInSameChangeSet_IsCommitted()
    {
        var old = NewTicket("t1");
        await Create(old);
        var replacement = NewTicket("t2");

        await _store.CommitAsync(new TicketChangeSet
        {
            Tickets = [new TicketWrite(replacement, 0), new TicketWrite(old with { State = TicketState.Closed, Version = 2 }, 1)],
        }, default);

        Assert.Equal(replacement, await _store.FindActiveAsync(Conversation, CustomerId, default));
    }

    [Fact]
    public async Task Commit_NewTicketsOfOtherCustomerOrConversationOrNotActive_AreCommitted()
    {
        await Create(NewTicket("t1"));

        await Create(NewTicket("t2") with { Customer = new CustomerId("c2") });
        await Create(NewTicket("t3", Conv("US.456")));
        await Create(NewTicket("t4") with { State = TicketState.Closed });

        Assert.Equal(4, _store.TicketCount);
        Assert.Equal(new TicketId("t1"), (await _store.FindActiveAsync(Conversation, CustomerId, default))!.Id);
        Assert.Equal(new TicketId("t2"), (await _store.FindActiveAsync(Conversation, new CustomerId("c2"), default))!.Id);
        Assert.Equal(new TicketId("t3"), (await _store.FindActiveAsync(Conv("US.456"), CustomerId, default))!.Id);
    }

    [Fact]
    public async Task Commit_ConcurrentNewTicketsForSameCustomerAndConversation_ExactlyOneSucceeds()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            var ticket = NewTicket($"t{i:D3}");
            try
            {
                await _store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(ticket, 0)], AddedMessages = [NewMessage($"m{i:D3}", ticket.Id)] }, default);
                return ticket.Id;
            }
            catch (TicketConcurrencyException)
            {
                return (TicketId?)null;
            }
        })));

        var winner = Assert.Single(results, id => id is not null)!.Value;
        Assert.Equal(1, _store.TicketCount);
        Assert.Equal(1, _store.MessageCount);
        Assert.Equal(winner, (await _store.FindActiveAsync(Conversation, CustomerId, default))!.Id);
        Assert.Single(await _store.GetMessagesAsync(winner, default));
    }

    [Fact]
    public async Task Commit_SameTicketTwiceInOneChangeSet_ThrowsArgumentAndAppliesNothing()
    {
        var ticket = NewTicket("t1") with { State = TicketState.Closed };

        await Assert.ThrowsAsync<ArgumentException>(() => _store.CommitAsync(
            new TicketChangeSet { Tickets = [new TicketWrite(ticket, 0), new TicketWrite(ticket, 0)] }, default));

        Assert.Equal(0, _store.TicketCount);
        Assert.Empty(await _store.QueryTicketsAsync(new TicketQuery(), default));
    }

    [Fact]
    public async Task Commit_SameMessageAddedTwice_ThrowsArgumentAndAppliesNothing()
    {
        var ticket = NewTicket("t1");

        await Assert.ThrowsAsync<ArgumentException>(() => _store.CommitAsync(
            new TicketChangeSet { Tickets = [new TicketWrite(ticket, 0)], AddedMessages = [NewMessage("m1", ticket.Id), NewMessage("m1", ticket.Id)] }, default));

        Assert.Equal(0, _store.TicketCount);
        Assert.Equal(0, _store.MessageCount);
    }

    [Fact]
    public async Task Commit_UnknownState_ThrowsArgumentAndAppliesNothing()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.CommitAsync(
            new TicketChangeSet { Tickets = [new TicketWrite(NewTicket("t1") with { State = (TicketState)42, Assignee = Alice }, 0)] }, default));

        Assert.Equal(0, _store.TicketCount);
        Assert.Empty(await _store.CountByAssigneeAsync(Enum.GetValues<TicketState>(), default));
    }

    // Message moves

    [Fact]
    public async Task Commit_UpdatedMessageWithOtherTicket_MovesItKeepingRecordingOrderOnBoth()
    {
        var source = NewTicket("t1");
        var target = NewTicket("t2", Conv("US.456"));
        await Create(source);
        await Create(target);
        for (var i = 1; i <= 6; i++)
        {
            await _store.CommitAsync(new TicketChangeSet { AddedMessages = [NewMessage($"m{i}", i % 2 == 1 ? source.Id : target.Id)] }, default);
        }

        var m3 = await FindMessage("m3");
        await _store.CommitAsync(new TicketChangeSet { UpdatedMessages = [m3 with { TicketId = target.Id }] }, default);

        Assert.Equal(["m1", "m5"], await Timeline(source.Id));
        Assert.Equal(["m2", "m3", "m4", "m6"], await Timeline(target.Id));
        Assert.Equal(target.Id, (await FindMessage("m3")).TicketId);

        var m1 = await FindMessage("m1");
        var m5 = await FindMessage("m5");
        await _store.CommitAsync(new TicketChangeSet { UpdatedMessages = [m5 with { TicketId = target.Id }, m1 with { TicketId = target.Id }] }, default);

        Assert.Empty(await Timeline(source.Id));
        Assert.Equal(["m1", "m2", "m3", "m4", "m5", "m6"], await Timeline(target.Id));

        await _store.CommitAsync(new TicketChangeSet { UpdatedMessages = [(await FindMessage("m3")) with { TicketId = source.Id }] }, default);

        Assert.Equal(["m3"], await Timeline(source.Id));
        Assert.Equal(["m1", "m2", "m4", "m5", "m6"], await Timeline(target.Id));
    }

    [Fact]
    public async Task Commit_AddedAfterMove_GoesToTheEndOfTheTimeline()
    {
        var source = NewTicket("t1");
        var target = NewTicket("t2", Conv("US.456"));
        await Create(source);
        await Create(target);
        await _store.CommitAsync(new TicketChangeSet { AddedMessages = [NewMessage("m1", target.Id), NewMessage("m2", source.Id)] }, default);
        await _store.CommitAsync(new TicketChangeSet { UpdatedMessages = [(await FindMessage("m2")) with { TicketId = target.Id }] }, default);

        await _store.CommitAsync(new TicketChangeSet { AddedMessages = [NewMessage("m3", target.Id)] }, default);

        Assert.Equal(["m1", "m2", "m3"], await Timeline(target.Id));
    }

    // Outbox

    [Fact]
    public async Task Commit_OutboxEntry_IsReadBackAndReplacedByMessageId()
    {
        var entry = NewEntry("m1", new TicketId("t1"), At);

        await _store.CommitAsync(new TicketChangeSet { Outbox = [entry] }, default);

        Assert.Equal(entry, await _store.GetOutboxEntryAsync(entry.MessageId, default));

        var failed = entry with { State = OutboxState.Failed, Attempts = 3, LastError = new DeliveryFailure("131047", "Re-engagement message") };
        await _store.CommitAsync(new TicketChangeSet { Outbox = [failed] }, default);

        Assert.Equal(failed, await _store.GetOutboxEntryAsync(entry.MessageId, default));
        Assert.Null(await _store.GetOutboxEntryAsync(new MessageId("m2"), default));
    }

    [Fact]
    public async Task ClaimOutbox_DueEntries_ComeOldestFirstAsSendingWithAttemptAndLease()
    {
        var ticket = new TicketId("t1");
        await _store.CommitAsync(new TicketChangeSet
        {
            Outbox =
            [
                NewEntry("late", ticket, At.AddSeconds(30)),
                NewEntry("a", ticket, At.AddSeconds(10), enqueuedAt: At),
                NewEntry("B", ticket, At.AddSeconds(10), enqueuedAt: At),
                NewEntry("early-enqueued", ticket, At.AddSeconds(10), enqueuedAt: At.AddSeconds(-5)),
                NewEntry("first", ticket, At) with { Attempts = 2 },
            ],
        }, default);
        var now = At.AddMinutes(1);

        var claimed = await _store.ClaimOutboxAsync(now, Lease, 10, default);

        // Ties on NextAttemptAt go by EnqueuedAt, then by message id compared ordinally ("B" before "a").
        Assert.Equal(["first", "early-enqueued", "B", "a", "late"], claimed.Select(e => e.MessageId.Value));
        Assert.All(claimed, e => Assert.Equal(OutboxState.Sending, e.State));
        Assert.All(claimed, e => Assert.Equal(now + Lease, e.ClaimedUntil));
        Assert.Equal([3, 1, 1, 1, 1], claimed.Select(e => e.Attempts));
        Assert.Equal(claimed[0], await _store.GetOutboxEntryAsync(new MessageId("first"), default));
    }

    [Fact]
    public async Task ClaimOutbox_Limit_ClaimsAtMostLimitAndLeavesTheRestQueued()
    {
        await _store.CommitAsync(new TicketChangeSet { Outbox = [.. Enumerable.Range(0, 5).Select(i => NewEntry($"m{i}", new TicketId("t1"), At.AddSeconds(i)))] }, default);

        var first = await _store.ClaimOutboxAsync(At.AddMinutes(1), Lease, 2, default);
        var rest = await _store.ClaimOutboxAsync(At.AddMinutes(1), Lease, 10, default);

        Assert.Equal(["m0", "m1"], first.Select(e => e.MessageId.Value));
        Assert.Equal(["m2", "m3", "m4"], rest.Select(e => e.MessageId.Value));
    }

    [Fact]
    public async Task ClaimOutbox_ClaimedEntries_AreNotClaimedAgain()
    {
        await _store.CommitAsync(new TicketChangeSet { Outbox = [NewEntry("m1", new TicketId("t1"), At)] }, default);
        Assert.Single(await _store.ClaimOutboxAsync(At, Lease, 10, default));

        var again = await _store.ClaimOutboxAsync(At.AddHours(1), Lease, 10, default);

        Assert.Empty(again);
        Assert.Equal(1, (await _store.GetOutboxEntryAsync(new MessageId("m1"), default))!.Attempts);
    }

    [Fact]
    public async Task ClaimOutbox_NotYetDue_IsSkippedUntilDue()
    {
        await _store.CommitAsync(new TicketChangeSet
        {
            Outbox = [NewEntry("due", new TicketId("t1"), At), NewEntry("later", new TicketId("t1"), At.AddMinutes(5))],
        }, default);

        var now = await _store.ClaimOutboxAsync(At, Lease, 10, default);

        Assert.Equal(["due"], now.Select(e => e.MessageId.Value));
        Assert.Equal(OutboxState.Queued, (await _store.GetOutboxEntryAsync(new MessageId("later"), default))!.State);
        Assert.Empty(await _store.ClaimOutboxAsync(At.AddMinutes(5).AddTicks(-1), Lease, 10, default));
        Assert.Equal(["later"], (await _store.ClaimOutboxAsync(At.AddMinutes(5), Lease, 10, default)).Select(e => e.MessageId.Value));
    }

    [Fact]
    public async Task ClaimOutbox_RequeuedEntry_IsClaimableAfterItsNextAttempt()
    {
        await _store.CommitAsync(new TicketChangeSet { Outbox = [NewEntry("m1", new TicketId("t1"), At)] }, default);
        var claimed = Assert.Single(await _store.ClaimOutboxAsync(At, Lease, 10, default));
        var retryAt = At.AddMinutes(2);
        await _store.CommitAsync(new TicketChangeSet
        {
            Outbox = [claimed with { State = OutboxState.Queued, NextAttemptAt = retryAt, ClaimedUntil = null, LastError = new DeliveryFailure("429", "Rate limited") }],
        }, default);

        Assert.Empty(await _store.ClaimOutboxAsync(At.AddMinutes(1), Lease, 10, default));
        var retried = Assert.Single(await _store.ClaimOutboxAsync(retryAt, Lease, 10, default));

        Assert.Equal(2, retried.Attempts);
        Assert.Equal(OutboxState.Sending, retried.State);
        Assert.Equal(retryAt + Lease, retried.ClaimedUntil);
    }

    [Fact]
    public async Task Commit_QueuedEntryReplacedBySentOrRescheduled_IsClaimedOnlyAsStored()
    {
        var sent = NewEntry("sent", new TicketId("t1"), At);
        var moved = NewEntry("moved", new TicketId("t1"), At);
        await _store.CommitAsync(new TicketChangeSet { Outbox = [sent, moved] }, default);

        await _store.CommitAsync(new TicketChangeSet
        {
            Outbox = [sent with { State = OutboxState.Sent }, moved with { NextAttemptAt = At.AddHours(1) }],
        }, default);

        Assert.Empty(await _store.ClaimOutboxAsync(At.AddMinutes(30), Lease, 10, default));
        Assert.Equal(["moved"], (await _store.ClaimOutboxAsync(At.AddHours(2), Lease, 10, default)).Select(e => e.MessageId.Value));
        Assert.Equal(OutboxState.Sent, (await _store.GetOutboxEntryAsync(sent.MessageId, default))!.State);
    }

    [Fact]
    public async Task ClaimOutbox_ParallelClaimersOver500Entries_ClaimEachEntryExactlyOnce()
    {
        await _store.CommitAsync(new TicketChangeSet
        {
            Outbox = [.. Enumerable.Range(0, 500).Select(i => NewEntry($"m{i:D3}", new TicketId("t1"), At.AddMilliseconds(i % 37)))],
        }, default);

        var batches = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var mine = new List<OutboxEntry>();
            while (true)
            {
                var claimed = await _store.ClaimOutboxAsync(At.AddMinutes(1), Lease, 7, default);
                if (claimed.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(claimed);
            }
        })));

        var all = batches.SelectMany(b => b).ToList();
        Assert.Equal(500, all.Count);
        Assert.Equal(500, all.Select(e => e.MessageId).Distinct().Count());
        Assert.All(all, e => Assert.Equal(1, e.Attempts));
        Assert.Empty(await _store.ClaimOutboxAsync(At.AddDays(1), Lease, 10, default));
    }

    [Fact]
    public async Task ClaimOutbox_LimitBelowOneOrLeaseNotPositive_Throws()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.ClaimOutboxAsync(At, Lease, 0, default));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.ClaimOutboxAsync(At, TimeSpan.Zero, 1, default));
    }

    // Due tickets

    [Fact]
    public async Task GetDueTickets_WakeAt_ReturnsTicketsDueByThenEarliestFirstUpToLimit()
    {
        await Create(NewTicket("t1", Conv("u1")) with { WakeAt = At.AddMinutes(3) });
        await Create(NewTicket("t2", Conv("u2")) with { WakeAt = At.AddMinutes(1) });
        await Create(NewTicket("t3", Conv("u3")) with { WakeAt = At.AddMinutes(2) });
        await Create(NewTicket("t4", Conv("u4")) with { WakeAt = At.AddMinutes(10) });
        await Create(NewTicket("t5", Conv("u5")));

        var due = await _store.GetDueTicketsAsync(At.AddMinutes(3), 10, default);
        var limited = await _store.GetDueTicketsAsync(At.AddMinutes(3), 2, default);

        Assert.Equal(["t2", "t3", "t1"], due.Select(t => t.Id.Value));
        Assert.Equal(["t2", "t3"], limited.Select(t => t.Id.Value));
        Assert.Empty(await _store.GetDueTicketsAsync(At, 10, default));
    }

    [Fact]
    public async Task GetDueTickets_WakeAtChanges_MoveTicketInAndOutOfDueSet()
    {
        var ticket = NewTicket("t1") with { WakeAt = At.AddMinutes(1) };
        await Create(ticket);
        var until = At.AddMinutes(5);
        Assert.Single(await _store.GetDueTicketsAsync(until, 10, default));

        ticket = await Update(ticket with { WakeAt = At.AddMinutes(30) });
        Assert.Empty(await _store.GetDueTicketsAsync(until, 10, default));

        ticket = await Update(ticket with { WakeAt = At.AddMinutes(4) });
        Assert.Equal(ticket, Assert.Single(await _store.GetDueTicketsAsync(until, 10, default)));

        await Update(ticket with { WakeAt = null });
        Assert.Empty(await _store.GetDueTicketsAsync(At.AddYears(1), 10, default));
    }

    [Fact]
    public async Task GetDueTickets_LimitBelowOne_Throws()
        => await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.GetDueTicketsAsync(At, 0, default));

    // Load per assignee

    [Fact]
    public async Task CountByAssignee_AssignReassignAndStateChanges_CountCurrentLoad()
    {
        TicketState[] working = [TicketState.New, TicketState.Open, TicketState.Pending];
        var t1 = NewTicket("t1", Conv("u1"));
        var t2 = NewTicket("t2", Conv("u2"));
        var t3 = NewTicket("t3", Conv("u3"));
        await Create(t1);
        await Create(t2);
        await Create(t3);
        Assert.Empty(await _store.CountByAssigneeAsync(working, default));

        t1 = await Update(t1 with { Assignee = Alice });
        t2 = await Update(t2 with { Assignee = Alice, State = TicketState.Open });
        t3 = await Update(t3 with { Assignee = Bob });
        Assert.Equal(Load((Alice, 2), (Bob, 1)), await _store.CountByAssigneeAsync(working, default));

        t1 = await Update(t1 with { Assignee = Bob });
        Assert.Equal(Load((Alice, 1), (Bob, 2)), await _store.CountByAssigneeAsync(working, default));

        t2 = await Update(t2 with { State = TicketState.Resolved });
        Assert.Equal(Load((Bob, 2)), await _store.CountByAssigneeAsync(working, default));
        Assert.Equal(Load((Alice, 1)), await _store.CountByAssigneeAsync([TicketState.Resolved], default));

        await Update(t3 with { Assignee = null });
        await Update(t1 with { State = TicketState.Closed });
        Assert.Empty(await _store.CountByAssigneeAsync(working, default));
        Assert.Equal(Load((Alice, 1), (Bob, 1)), await _store.CountByAssigneeAsync([TicketState.Resolved, TicketState.Closed], default));
    }

    [Fact]
    public async Task CountByAssignee_RepeatedOrNoStates_CountEachTicketOnceOrNothing()
    {
        await Create(NewTicket("t1") with { Assignee = Alice });

        Assert.Equal(Load((Alice, 1)), await _store.CountByAssigneeAsync([TicketState.New, TicketState.New], default));
        Assert.Empty(await _store.CountByAssigneeAsync([], default));
    }

    // Queries

    [Fact]
    public async Task QueryTickets_EachFilter_NarrowsTheResult()
    {
        await Create(NewTicket("t1", Conv("u1")) with { Assignee = Alice, State = TicketState.Open });
        await Create(NewTicket("t2", Conv("u2")) with { Customer = new CustomerId("c2"), CreatedAt = At.AddHours(1) });
        await Create(NewTicket("t3", Conv("u3", ChannelId.Facebook)) with { Assignee = Bob, CreatedAt = At.AddHours(2) });
        await Create(NewTicket("t4", Conv("u4")) with { Customer = new CustomerId("c2"), State = TicketState.Closed, Assignee = Alice, CreatedAt = At.AddHours(3) });

        Assert.Equal(["t1", "t2", "t3", "t4"], await Query(new TicketQuery()));
        Assert.Equal(["t1", "t4"], await Query(new TicketQuery { States = [TicketState.Open, TicketState.Closed] }));
        Assert.Empty(await Query(new TicketQuery { States = [] }));
        Assert.Equal(["t2", "t4"], await Query(new TicketQuery { Customer = new CustomerId("c2") }));
        Assert.Empty(await Query(new TicketQuery { Customer = new CustomerId("nobody") }));
        Assert.Equal(["t1", "t4"], await Query(new TicketQuery { Assignee = Alice }));
        Assert.Equal(["t2"], await Query(new TicketQuery { UnassignedOnly = true }));
        Assert.Equal(["t3"], await Query(new TicketQuery { Channel = ChannelId.Facebook }));
        Assert.Equal(["t2", "t3", "t4"], await Query(new TicketQuery { CreatedFrom = At.AddHours(1) }));
        Assert.Equal(["t1", "t2"], await Query(new TicketQuery { CreatedBefore = At.AddHours(2) }));
        Assert.Equal(["t2", "t3"], await Query(new TicketQuery { CreatedFrom = At.AddHours(1), CreatedBefore = At.AddHours(3) }));
        Assert.Equal(["t4"], await Query(new TicketQuery { Customer = new CustomerId("c2"), Assignee = Alice, States = [TicketState.Closed] }));
        Assert.Empty(await Query(new TicketQuery { Assignee = Alice, UnassignedOnly = true }));
    }

    [Fact]
    public async Task QueryTickets_CustomerChangedOnSave_IsFoundUnderTheNewCustomer()
    {
        var ticket = NewTicket("t1");
        await Create(ticket);

        await Update(ticket with { Customer = new CustomerId("c2"), State = TicketState.Closed });

        Assert.Empty(await Query(new TicketQuery { Customer = CustomerId }));
        Assert.Equal(["t1"], await Query(new TicketQuery { Customer = new CustomerId("c2") }));
        Assert.Null(await _store.FindActiveAsync(Conversation, CustomerId, default));
    }

    [Fact]
    public async Task QueryTickets_Order_IsByIdOrdinalAscendingOrNewestFirst()
    {
        foreach (var id in new[] { "t2", "T9", "t10", "t1" })
        {
            await Create(NewTicket(id, Conv(id)));
        }

        Assert.Equal(["T9", "t1", "t10", "t2"], await Query(new TicketQuery()));
        Assert.Equal(["t2", "t10", "t1", "T9"], await Query(new TicketQuery { NewestFirst = true }));
        Assert.Equal(["t10", "t2"], await Query(new TicketQuery { After = new TicketId("t1") }));
        Assert.Equal(["t1", "T9"], await Query(new TicketQuery { After = new TicketId("t10"), NewestFirst = true }));
    }

    [Fact]
    public async Task QueryTickets_PagingWithAfter_Walks250TicketsInPagesOf100BothWays()
    {
        // Half by one customer (read through the customer index), half by others (read by a scan).
        for (var i = 0; i < 250; i++)
        {
            var ticket = NewTicket($"t{i:D3}", Conv($"u{i}")) with { Customer = i % 2 == 0 ? CustomerId : new CustomerId($"other-{i}") };
            await Create(ticket);
        }

        var ascending = await Walk(new TicketQuery());
        var descending = await Walk(new TicketQuery { NewestFirst = true });
        var customer = await Walk(new TicketQuery { Customer = CustomerId });

        Assert.Equal([100, 100, 50], ascending.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"t{i:D3}"), ascending.SelectMany(p => p));
        Assert.Equal(Enumerable.Range(0, 250).Reverse().Select(i => $"t{i:D3}"), descending.SelectMany(p => p));
        Assert.Equal([100, 25], customer.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(0, 125).Select(i => $"t{i * 2:D3}"), customer.SelectMany(p => p));
    }

    [Fact]
    public async Task QueryTickets_LimitBelowOne_Throws()
        => await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.QueryTicketsAsync(new TicketQuery { Limit = 0 }, default));

    private static ConversationRef Conv(string user, ChannelId? channel = null)
        => ConversationRef.PrivateWith(new Participant(channel ?? ChannelId.WhatsApp, new ChannelAccountId("phone-1"), new NetworkUserId(user)));

    private static Ticket NewTicket(string id, ConversationRef? conversation = null)
        => new(new TicketId(id), conversation ?? Conversation, CustomerId, TicketState.New, At, 1);

    private static Message NewMessage(string id, TicketId ticket)
        => new(new MessageId(id), ticket, Conversation, MessageDirection.Outbound, AuthorKind.Agent, At, [new TextPart(id)])
        {
            NetworkId = new NetworkMessageId("net-" + id),
            Status = DeliveryStatus.Sent,
        };

    private static OutboxEntry NewEntry(string messageId, TicketId ticket, DateTimeOffset nextAttemptAt, DateTimeOffset? enqueuedAt = null)
    {
        var id = new MessageId(messageId);
        return new OutboxEntry(id, ticket, new OutboundMessage(id, Conversation, [new TextPart("hello")]), enqueuedAt ?? At)
        {
            NextAttemptAt = nextAttemptAt,
        };
    }

    private static Dictionary<AgentId, int> Load(params (AgentId Agent, int Count)[] counts) => counts.ToDictionary(c => c.Agent, c => c.Count);

    private Task Create(Ticket ticket) => _store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(ticket, 0)] }, default);

    private async Task<Ticket> Update(Ticket ticket)
    {
        var saved = ticket with { Version = ticket.Version + 1 };
        await _store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(saved, ticket.Version)] }, default);
        return saved;
    }

    private async Task<Message> FindMessage(string id)
        => (await _store.FindMessageAsync(ChannelId.WhatsApp, Conversation.Account, new NetworkMessageId("net-" + id), default))!;

    private async Task<List<string>> Timeline(TicketId ticket) => [.. (await _store.GetMessagesAsync(ticket, default)).Select(m => m.Id.Value)];

    private async Task<List<string>> Query(TicketQuery query) => [.. (await _store.QueryTicketsAsync(query, default)).Select(t => t.Id.Value)];

    private async Task<List<List<string>>> Walk(TicketQuery query)
    {
        var pages = new List<List<string>>();
        TicketId? after = null;
        while (true)
        {
            var page = await _store.QueryTicketsAsync(query with { After = after, Limit = 100 }, default);
            if (page.Count == 0)
            {
                return pages;
            }

            pages.Add([.. page.Select(t => t.Id.Value)]);
            after = page[^1].Id;
        }
    }
}
