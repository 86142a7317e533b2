using SocialCare.Abstractions;
using Xunit;

namespace SocialCare.Testing;

/// <content>The outbox: entries stored with their messages, claimed once, in order, requeued and finished.</content>
public abstract partial class TicketStoreContractTests
{
    /// <summary>A claim takes due, queued entries in order, marks them sending, and nobody can claim them again.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task ClaimsDueEntriesInOrderOnce()
    {
        var ticket = NewTicket("t1", Chat("u1"));
        var replies = Enumerable.Range(0, 6).Select(i => NewReply($"r{9 - i}", ticket, $"reply {i}")).ToList();
        OutboxEntry[] entries =
        [
            NewOutboxEntry(replies[0], T0.AddSeconds(5), T0),              // due third
            NewOutboxEntry(replies[1], T0, T0.AddSeconds(1)),              // due second: enqueued later than replies[2]
            NewOutboxEntry(replies[2], T0, T0),                            // due first
            NewOutboxEntry(replies[3], T0.AddSeconds(5), T0),              // due fourth: recorded after replies[0]
            NewOutboxEntry(replies[4], T0.AddMinutes(10), T0),             // not due yet
            NewOutboxEntry(replies[5], T0, T0) with { State = OutboxState.Sent }, // finished
        ];
        await Store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(ticket, 0)], AddedMessages = replies, Outbox = entries }, CancellationToken.None).ConfigureAwait(false);

        var now = T0.AddSeconds(30);
        var lease = TimeSpan.FromMinutes(2);
        var first = await Store.ClaimOutboxAsync(now, lease, 3, CancellationToken.None).ConfigureAwait(false);
        Assert.Equal([replies[2].Id, replies[1].Id, replies[0].Id], first.Select(e => e.MessageId));
        foreach (var claimed in first)
        {
            Assert.Equal(OutboxState.Sending, claimed.State);
            Assert.Equal(1, claimed.Attempts);
            Assert.Equal(now + lease, claimed.ClaimedUntil);
            AssertSame(claimed, await Store.GetOutboxEntryAsync(claimed.MessageId, CancellationToken.None).ConfigureAwait(false));
        }

        var second = await Store.ClaimOutboxAsync(now, lease, 10, CancellationToken.None).ConfigureAwait(false);
        Assert.Equal([replies[3].Id], second.Select(e => e.MessageId));
        Assert.Empty(await Store.ClaimOutboxAsync(now, lease, 10, CancellationToken.None).ConfigureAwait(false));
        Assert.Equal([replies[4].Id], (await Store.ClaimOutboxAsync(T0.AddMinutes(10), lease, 10, CancellationToken.None).ConfigureAwait(false)).Select(e => e.MessageId));
    }

    /// <summary>An entry queued again after a failed attempt is claimed again when due; a sent or failed one never is.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task RequeuedEntriesAreClaimedAgainAndFinishedOnesNever()
    {
        var ticket = NewTicket("t1", Chat("u1"));
        var a = NewReply("ra", ticket, "a");
        var b = NewReply("rb", ticket, "b");
        await Store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(ticket, 0)], AddedMessages = [a, b], Outbox = [NewOutboxEntry(a), NewOutboxEntry(b)] }, CancellationToken.None).ConfigureAwait(false);
        var claimed = await Store.ClaimOutboxAsync(T0, TimeSpan.FromMinutes(1), 10, CancellationToken.None).ConfigureAwait(false);
        Assert.Equal(2, claimed.Count);

        var retry = claimed[0] with { State = OutboxState.Queued, NextAttemptAt = T0.AddMinutes(5), ClaimedUntil = null, LastError = new DeliveryFailure("429", "rate limited") };
        var sent = claimed[1] with { State = OutboxState.Sent, ClaimedUntil = null };
        await Store.CommitAsync(new TicketChangeSet { Outbox = [retry, sent], UpdatedMessages = [b with { NetworkId = new NetworkMessageId("m_b"), Status = DeliveryStatus.Sent }] }, CancellationToken.None).ConfigureAwait(false);

        Assert.Empty(await Store.ClaimOutboxAsync(T0.AddMinutes(4), TimeSpan.FromMinutes(1), 10, CancellationToken.None).ConfigureAwait(false));
        var again = Assert.Single(await Store.ClaimOutboxAsync(T0.AddMinutes(5), TimeSpan.FromMinutes(1), 10, CancellationToken.None).ConfigureAwait(false));
        Assert.Equal(a.Id, again.MessageId);
        Assert.Equal(2, again.Attempts);
        Assert.Equal(new DeliveryFailure("429", "rate limited"), again.LastError);

        await Store.CommitAsync(new TicketChangeSet { Outbox = [again with { State = OutboxState.Failed, ClaimedUntil = null }] }, CancellationToken.None).ConfigureAwait(false);
        Assert.Empty(await Store.ClaimOutboxAsync(DateTimeOffset.MaxValue - TimeSpan.FromDays(1), TimeSpan.FromMinutes(1), 10, CancellationToken.None).ConfigureAwait(false));
        Assert.Equal(OutboxState.Failed, (await Store.GetOutboxEntryAsync(a.Id, CancellationToken.None).ConfigureAwait(false))?.State);
        Assert.Equal(OutboxState.Sent, (await Store.GetOutboxEntryAsync(b.Id, CancellationToken.None).ConfigureAwait(false))?.State);
    }

    /// <summary>Many claimers on two instances at once: every entry is claimed by exactly one of them.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task ConcurrentClaimersClaimEachEntryExactlyOnce()
    {
        var second = await SecondStoreAsync().ConfigureAwait(false);
        var tickets = Enumerable.Range(0, 20).Select(i => NewTicket($"t{i}", Chat($"u{i}"))).ToList();
        var replies = tickets.SelectMany(t => Enumerable.Range(0, 10).Select(j => NewReply($"{t.Id}-r{j}", t, $"reply {j}"))).ToList();
        await Store.CommitAsync(
            new TicketChangeSet { Tickets = [.. tickets.Select(t => new TicketWrite(t, 0))], AddedMessages = replies, Outbox = [.. replies.Select(r => NewOutboxEntry(r))] },
            CancellationToken.None).ConfigureAwait(false);

        var claimers = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var store = i % 2 == 0 ? Store : second;
            var mine = new List<MessageId>();
            while (true)
            {
                var batch = await store.ClaimOutboxAsync(T0.AddSeconds(1), TimeSpan.FromMinutes(5), 7, CancellationToken.None).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(batch.Select(e => e.MessageId));
            }
        })).ToList();
        var claimed = (await Task.WhenAll(claimers).ConfigureAwait(false)).SelectMany(ids => ids).ToList();

        Assert.Equal(replies.Count, claimed.Count);
        Assert.Equal(replies.Select(r => r.Id.Value).Order(StringComparer.Ordinal), claimed.Select(id => id.Value).Order(StringComparer.Ordinal));
    }

    /// <summary>Claim arguments are checked.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task ClaimArgumentsAreChecked()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ClaimOutboxAsync(T0, TimeSpan.FromMinutes(1), 0, CancellationToken.None)).ConfigureAwait(false);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ClaimOutboxAsync(T0, TimeSpan.Zero, 1, CancellationToken.None)).ConfigureAwait(false);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ClaimOutboxAsync(DateTimeOffset.MaxValue, TimeSpan.FromMinutes(1), 1, CancellationToken.None)).ConfigureAwait(false);
    }
}
