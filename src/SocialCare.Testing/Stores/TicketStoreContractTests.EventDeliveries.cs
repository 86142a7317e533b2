using SocialCare.Abstractions;
using Xunit;

namespace SocialCare.Testing;

/// <content>
/// The event-webhook queue (<see cref="IEventDeliveryStore"/>): deliveries stored with their change, claimed one at a
/// time per endpoint and ticket in order, retried, parked as dead letters, replayed. Skipped for a store that does not
/// implement it, which must then refuse change sets that carry deliveries.
/// </content>
public abstract partial class TicketStoreContractTests
{
    /// <summary>Gets the store under test as an event-delivery queue; skips the test when it is not one.</summary>
    protected IEventDeliveryStore Deliveries
    {
        get
        {
            SkipException.If(Store is not IEventDeliveryStore, $"{Store.GetType().Name} does not keep event deliveries (it does not implement IEventDeliveryStore).");
            return (IEventDeliveryStore)Store;
        }
    }

    /// <summary>Makes a delivery to queue.</summary>
    /// <param name="id">Its id.</param>
    /// <param name="ticket">The ticket it is about.</param>
    /// <param name="endpoint">The endpoint's name.</param>
    /// <param name="nextAttemptAt">When it is first due; <see cref="T0"/> when <see langword="null"/>.</param>
    /// <returns>The delivery.</returns>
    protected static EventDelivery NewDelivery(string id, string ticket, string endpoint = "crm", DateTimeOffset? nextAttemptAt = null) => new()
    {
        Id = id,
        Endpoint = endpoint,
        TicketId = new TicketId(ticket),
        EventType = "message.appended",
        Payload = "{\"type\":\"message.appended\",\"version\":1,\"data\":{\"ticketId\":\"" + ticket + "\",\"text\":\"Perché è rotto? 😞 " + id + "\"}}",
        CreatedAt = T0,
        NextAttemptAt = nextAttemptAt ?? T0,
    };

    /// <summary>Deliveries come back as queued; only the oldest pending one of each endpoint and ticket is claimed, and not again while claimed.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task EventDeliveries_AreClaimedOnePerEndpointAndTicketInOrder()
    {
        var queue = Deliveries;
        var ticket = NewTicket("t1", Chat("u1"));
        EventDelivery[] queued = [NewDelivery("d1", "t1"), NewDelivery("d2", "t1"), NewDelivery("d3", "t1", "erp"), NewDelivery("d4", "t2")];
        await Store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(ticket, 0)], EventDeliveries = queued }, CancellationToken.None).ConfigureAwait(false);

        var stored = new List<EventDelivery>();
        foreach (var delivery in queued)
        {
            var read = await queue.GetEventDeliveryAsync(delivery.Id, CancellationToken.None).ConfigureAwait(false);
            Assert.NotNull(read);
            Assert.True(read.Sequence > 0);
            AssertSame(delivery with { Sequence = read.Sequence }, read);
            stored.Add(read);
        }

        Assert.True(stored.Select(d => d.Sequence).SequenceEqual(stored.Select(d => d.Sequence).Order()), "Sequences follow the order of queueing.");

        var lease = TimeSpan.FromSeconds(30);
        var claimed = await queue.ClaimEventDeliveriesAsync(T0, lease, 10, CancellationToken.None).ConfigureAwait(false);
        Assert.Equal(["d1", "d3", "d4"], claimed.Select(d => d.Id));
        Assert.All(claimed, d => Assert.Equal((1, T0 + lease), (d.Attempts, d.ClaimedUntil)));
        AssertSame(claimed[0], await queue.GetEventDeliveryAsync("d1", CancellationToken.None).ConfigureAwait(false));
        Assert.Empty(await queue.ClaimEventDeliveriesAsync(T0.AddSeconds(1), lease, 10, CancellationToken.None).ConfigureAwait(false));

        Assert.True(await queue.CompleteEventDeliveryAsync("d1", CancellationToken.None).ConfigureAwait(false));
        Assert.Null(await queue.GetEventDeliveryAsync("d1", CancellationToken.None).ConfigureAwait(false));
        Assert.False(await queue.CompleteEventDeliveryAsync("d1", CancellationToken.None).ConfigureAwait(false));
        Assert.Equal(["d2"], (await queue.ClaimEventDeliveriesAsync(T0.AddSeconds(2), lease, 10, CancellationToken.None).ConfigureAwait(false)).Select(d => d.Id));
    }

    /// <summary>A claim takes the earliest due first and no more than the limit; a delivery not yet due waits, and holds back its ticket's later ones.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task EventDeliveries_AreClaimedWhenDueEarliestFirstUpToTheLimit()
    {
        var queue = Deliveries;
        EventDelivery[] queued =
        [
            NewDelivery("late", "t1", nextAttemptAt: T0.AddMinutes(5)),
            NewDelivery("behind-late", "t1"),
            NewDelivery("second", "t2", nextAttemptAt: T0.AddSeconds(2)),
            NewDelivery("first", "t3", nextAttemptAt: T0.AddSeconds(1)),
            NewDelivery("third", "t4", nextAttemptAt: T0.AddSeconds(3)),
        ];
        await Store.CommitAsync(new TicketChangeSet { EventDeliveries = queued }, CancellationToken.None).ConfigureAwait(false);

        var now = T0.AddMinutes(1);
        Assert.Equal(["first", "second"], (await queue.ClaimEventDeliveriesAsync(now, TimeSpan.FromHours(1), 2, CancellationToken.None).ConfigureAwait(false)).Select(d => d.Id));
        Assert.Equal(["third"], (await queue.ClaimEventDeliveriesAsync(now, TimeSpan.FromHours(1), 10, CancellationToken.None).ConfigureAwait(false)).Select(d => d.Id));
        Assert.Equal(["late"], (await queue.ClaimEventDeliveriesAsync(T0.AddMinutes(5), TimeSpan.FromMinutes(1), 10, CancellationToken.None).ConfigureAwait(false)).Select(d => d.Id));
    }

    /// <summary>A retried delivery waits for its next attempt and keeps its error; a claim that ran out lets it be claimed again.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task EventDeliveries_RetriedAndExpiredClaimsComeBack()
    {
        var queue = Deliveries;
        await Store.CommitAsync(new TicketChangeSet { EventDeliveries = [NewDelivery("a", "t1"), NewDelivery("b", "t2")] }, CancellationToken.None).ConfigureAwait(false);
        var lease = TimeSpan.FromSeconds(30);
        Assert.Equal(2, (await queue.ClaimEventDeliveriesAsync(T0, lease, 10, CancellationToken.None).ConfigureAwait(false)).Count);

        Assert.True(await queue.RetryEventDeliveryAsync("a", T0.AddMinutes(2), "503 Service Unavailable", CancellationToken.None).ConfigureAwait(false));
        var retried = await queue.GetEventDeliveryAsync("a", CancellationToken.None).ConfigureAwait(false);
        Assert.Equal((EventDeliveryState.Pending, 1, T0.AddMinutes(2), (DateTimeOffset?)null, "503 Service Unavailable"), (retried!.State, retried.Attempts, retried.NextAttemptAt, retried.ClaimedUntil, retried.LastError));

        // "b" was never finished: its claim runs out at T0 + lease.
        Assert.Empty(await queue.ClaimEventDeliveriesAsync(T0 + lease - TimeSpan.FromTicks(1), lease, 10, CancellationToken.None).ConfigureAwait(false));
        var again = await queue.ClaimEventDeliveriesAsync(T0 + lease, TimeSpan.FromHours(1), 10, CancellationToken.None).ConfigureAwait(false);
        Assert.Equal([("b", 2)], again.Select(d => (d.Id, d.Attempts)));

        var retriedAgain = await queue.ClaimEventDeliveriesAsync(T0.AddMinutes(2), lease, 10, CancellationToken.None).ConfigureAwait(false);
        Assert.Equal([("a", 2, "503 Service Unavailable")], retriedAgain.Select(d => (d.Id, d.Attempts, d.LastError)));
    }

    /// <summary>A dead letter is listed, never claimed, and holds nothing back; replayed, it is at the head of its ticket again.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task EventDeliveries_DeadLettersAreListedAndReplayedAtTheHead()
    {
        var queue = Deliveries;
        await Store.CommitAsync(new TicketChangeSet { EventDeliveries = [NewDelivery("d1", "t1"), NewDelivery("d2", "t1"), NewDelivery("d3", "t1")] }, CancellationToken.None).ConfigureAwait(false);
        Assert.Equal(["d1"], (await queue.ClaimEventDeliveriesAsync(T0, TimeSpan.FromSeconds(30), 10, CancellationToken.None).ConfigureAwait(false)).Select(d => d.Id));

        var at = T0.AddHours(24);
        Assert.True(await queue.KillEventDeliveryAsync("d1", at, "connection refused", CancellationToken.None).ConfigureAwait(false));
        Assert.False(await queue.KillEventDeliveryAsync("d1", at, "again", CancellationToken.None).ConfigureAwait(false));
        Assert.False(await queue.CompleteEventDeliveryAsync("d1", CancellationToken.None).ConfigureAwait(false));
        Assert.False(await queue.RetryEventDeliveryAsync("d1", at, "again", CancellationToken.None).ConfigureAwait(false));
        var dead = await queue.ListEventDeliveriesAsync(new EventDeliveryQuery(EventDeliveryState.Dead), CancellationToken.None).ConfigureAwait(false);
        Assert.Equal([("d1", EventDeliveryState.Dead, (DateTimeOffset?)at, "connection refused", 1)], dead.Select(d => (d.Id, d.State, d.DeadAt, d.LastError, d.Attempts)));

        // The dead letter no longer holds d2 back.
        Assert.Equal(["d2"], (await queue.ClaimEventDeliveriesAsync(at, TimeSpan.FromSeconds(30), 10, CancellationToken.None).ConfigureAwait(false)).Select(d => d.Id));
        Assert.True(await queue.CompleteEventDeliveryAsync("d2", CancellationToken.None).ConfigureAwait(false));

        Assert.False(await queue.ReplayEventDeliveryAsync("d3", at, CancellationToken.None).ConfigureAwait(false));
        Assert.False(await queue.ReplayEventDeliveryAsync("nobody", at, CancellationToken.None).ConfigureAwait(false));
        Assert.True(await queue.ReplayEventDeliveryAsync("d1", at.AddMinutes(1), CancellationToken.None).ConfigureAwait(false));
        var replayed = await queue.GetEventDeliveryAsync("d1", CancellationToken.None).ConfigureAwait(false);
        Assert.Equal((EventDeliveryState.Pending, 0, at.AddMinutes(1), (DateTimeOffset?)null), (replayed!.State, replayed.Attempts, replayed.NextAttemptAt, replayed.DeadAt));
        Assert.Empty(await queue.ListEventDeliveriesAsync(new EventDeliveryQuery(EventDeliveryState.Dead), CancellationToken.None).ConfigureAwait(false));

        // Replayed, d1 is older than d3: it goes first, and d3 waits for it.
        Assert.Equal(["d1"], (await queue.ClaimEventDeliveriesAsync(at.AddMinutes(1), TimeSpan.FromSeconds(30), 10, CancellationToken.None).ConfigureAwait(false)).Select(d => d.Id));
        Assert.True(await queue.CompleteEventDeliveryAsync("d1", CancellationToken.None).ConfigureAwait(false));
        Assert.Equal(["d3"], (await queue.ClaimEventDeliveriesAsync(at.AddMinutes(1), TimeSpan.FromSeconds(30), 10, CancellationToken.None).ConfigureAwait(false)).Select(d => d.Id));
    }

    /// <summary>Listing pages in recording order and filters by endpoint and ticket.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task EventDeliveries_AreListedInPages()
    {
        var queue = Deliveries;
        var queued = Enumerable.Range(0, 7).Select(i => NewDelivery($"d{i}", $"t{i % 2}", i % 3 == 0 ? "erp" : "crm")).ToList();
        await Store.CommitAsync(new TicketChangeSet { EventDeliveries = queued }, CancellationToken.None).ConfigureAwait(false);

        var first = await queue.ListEventDeliveriesAsync(new EventDeliveryQuery(EventDeliveryState.Pending) { Limit = 3 }, CancellationToken.None).ConfigureAwait(false);
        Assert.Equal(["d0", "d1", "d2"], first.Select(d => d.Id));
        var second = await queue.ListEventDeliveriesAsync(new EventDeliveryQuery(EventDeliveryState.Pending) { Limit = 3, After = first[^1].Sequence }, CancellationToken.None).ConfigureAwait(false);
        Assert.Equal(["d3", "d4", "d5"], second.Select(d => d.Id));
        var erp = await queue.ListEventDeliveriesAsync(new EventDeliveryQuery(EventDeliveryState.Pending) { Endpoint = "erp" }, CancellationToken.None).ConfigureAwait(false);
        Assert.Equal(["d0", "d3", "d6"], erp.Select(d => d.Id));
        var ticket = await queue.ListEventDeliveriesAsync(new EventDeliveryQuery(EventDeliveryState.Pending) { TicketId = new TicketId("t1"), Endpoint = "crm" }, CancellationToken.None).ConfigureAwait(false);
        Assert.Equal(["d1", "d5"], ticket.Select(d => d.Id));
        Assert.Empty(await queue.ListEventDeliveriesAsync(new EventDeliveryQuery(EventDeliveryState.Dead), CancellationToken.None).ConfigureAwait(false));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ListEventDeliveriesAsync(new EventDeliveryQuery(EventDeliveryState.Pending) { Limit = 0 }, CancellationToken.None)).ConfigureAwait(false);
    }

    /// <summary>Deliveries share their change set's fate: a duplicate event or a failed check stores none of them.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task EventDeliveries_AreStoredWithTheirChangeOrNotAtAll()
    {
        var queue = Deliveries;
        var ticket = NewTicket("t1", Chat("u1"));
        await Store.CommitAsync(new TicketChangeSet { Event = Key("e1"), Tickets = [new TicketWrite(ticket, 0)], EventDeliveries = [NewDelivery("d1", "t1")] }, CancellationToken.None).ConfigureAwait(false);

        var duplicate = await Store.CommitAsync(new TicketChangeSet { Event = Key("e1"), EventDeliveries = [NewDelivery("d2", "t1")] }, CancellationToken.None).ConfigureAwait(false);
        Assert.Equal(CommitOutcome.Duplicate, duplicate);
        await Assert.ThrowsAsync<TicketConcurrencyException>(() => Store.CommitAsync(
            new TicketChangeSet { Tickets = [new TicketWrite(ticket with { Version = 1 }, 0)], EventDeliveries = [NewDelivery("d3", "t1")] },
            CancellationToken.None)).ConfigureAwait(false);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CommitAsync(
            new TicketChangeSet { Event = Key("e2"), EventDeliveries = [NewDelivery("d4", "t1"), NewDelivery("d1", "t1")] },
            CancellationToken.None)).ConfigureAwait(false);

        var pending = await queue.ListEventDeliveriesAsync(new EventDeliveryQuery(EventDeliveryState.Pending), CancellationToken.None).ConfigureAwait(false);
        Assert.Equal(["d1"], pending.Select(d => d.Id));
        Assert.False(await Store.IsProcessedAsync(Key("e2"), CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>Concurrent claimers, on this store and a second one over the same data, claim each delivery once.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task EventDeliveries_ConcurrentClaimersClaimEachOnce()
    {
        var queue = Deliveries;
        var second = (IEventDeliveryStore)await SecondStoreAsync().ConfigureAwait(false);
        var queued = Enumerable.Range(0, 60).Select(i => NewDelivery($"d{i:00}", $"t{i % 30}")).ToList();
        await Store.CommitAsync(new TicketChangeSet { EventDeliveries = queued }, CancellationToken.None).ConfigureAwait(false);

        var claims = new System.Collections.Concurrent.ConcurrentBag<string>();
        var claimers = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            var store = i % 2 == 0 ? queue : second;
            for (var round = 0; round < 20; round++)
            {
                foreach (var delivery in await store.ClaimEventDeliveriesAsync(T0, TimeSpan.FromMinutes(5), 3, CancellationToken.None).ConfigureAwait(false))
                {
                    claims.Add(delivery.Id);
                    Assert.True(await store.CompleteEventDeliveryAsync(delivery.Id, CancellationToken.None).ConfigureAwait(false));
                }
            }
        }));
        await Task.WhenAll(claimers).ConfigureAwait(false);

        Assert.Equal(queued.Select(d => d.Id).Order(StringComparer.Ordinal), claims.Order(StringComparer.Ordinal));
    }

    /// <summary>Erasing a customer removes the deliveries of their tickets, pending and dead, and no one else's.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task EventDeliveries_OfAnErasedCustomerAreRemoved()
    {
        var queue = Deliveries;
        var mine = NewTicket("t1", Chat("u1"));
        var theirs = NewTicket("t2", Chat("u2"), customer: "c2");
        await Store.CommitAsync(
            new TicketChangeSet { Tickets = [new TicketWrite(mine, 0), new TicketWrite(theirs, 0)], EventDeliveries = [NewDelivery("d1", "t1"), NewDelivery("d2", "t1"), NewDelivery("d3", "t2")] },
            CancellationToken.None).ConfigureAwait(false);
        await queue.ClaimEventDeliveriesAsync(T0, TimeSpan.FromSeconds(30), 10, CancellationToken.None).ConfigureAwait(false);
        await queue.KillEventDeliveryAsync("d1", T0, "gone", CancellationToken.None).ConfigureAwait(false);

        await Store.EraseCustomerAsync(new CustomerId("c1"), T0.AddDays(1), CancellationToken.None).ConfigureAwait(false);

        Assert.Null(await queue.GetEventDeliveryAsync("d1", CancellationToken.None).ConfigureAwait(false));
        Assert.Null(await queue.GetEventDeliveryAsync("d2", CancellationToken.None).ConfigureAwait(false));
        Assert.NotNull(await queue.GetEventDeliveryAsync("d3", CancellationToken.None).ConfigureAwait(false));
    }
}
