using static SocialCare.Storage.PostgreSql.Tests.GroupCommitTests;

namespace SocialCare.Storage.PostgreSql.Tests;

/// <summary>Four stores (four app instances, four connection pools) on one schema, racing each other.</summary>
public sealed class CrossInstanceTests : IAsyncLifetime
{
    private const int Instances = 4;
    private TestDatabase _database = null!;
    private List<PostgreSqlTicketStore> _stores = [];

    public Task InitializeAsync()
    {
        _database = TestDatabase.Create();
        _stores = [.. Enumerable.Range(0, Instances).Select(i => _database.Store(o => o.GroupCommit = i % 2 == 0))];
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    /// <summary>Each event committed by several callers on every instance at once is applied exactly once.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task ConcurrentCommitsOfTheSameEventApplyItOnce()
    {
        const int Events = 50;
        const int Copies = 8;
        var attempts = from e in Enumerable.Range(0, Events)
                       from c in Enumerable.Range(0, Copies)
                       select (Event: e, Copy: c);
        var outcomes = await Task.WhenAll(attempts.Select(a => Task.Run(async () =>
        {
            var ticket = Ticket($"t{a.Event}-{a.Copy}", $"u{a.Event}-{a.Copy}");
            return (a.Event, Outcome: await _stores[a.Copy % Instances].CommitAsync(NewTicketWithMessage(ticket, $"e{a.Event}"), CancellationToken.None));
        })));

        foreach (var group in outcomes.GroupBy(o => o.Event))
        {
            Assert.Equal(1, group.Count(o => o.Outcome == CommitOutcome.Committed));
            Assert.Equal(Copies - 1, group.Count(o => o.Outcome == CommitOutcome.Duplicate));
        }

        Assert.Equal(Events, await _database.CountAsync("tickets"));
        Assert.Equal(Events, await _database.CountAsync("messages"));
        Assert.Equal(Events, await _database.CountAsync("processed_events"));
    }

    /// <summary>For each conversation, instances opening a ticket at once end with exactly one active ticket.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task ConcurrentNewActiveTicketsOfAConversationLetOneWin()
    {
        const int Conversations = 40;
        const int Writers = 8;
        var attempts = from c in Enumerable.Range(0, Conversations)
                       from w in Enumerable.Range(0, Writers)
                       select (Conversation: c, Writer: w);
        var results = await Task.WhenAll(attempts.Select(a => Task.Run(async () =>
        {
            var ticket = Ticket($"t{a.Conversation}-{a.Writer}", $"u{a.Conversation}");
            try
            {
                await _stores[a.Writer % Instances].CommitAsync(NewTicketWithMessage(ticket, $"e{a.Conversation}-{a.Writer}"), CancellationToken.None);
                return (a.Conversation, Won: true);
            }
            catch (TicketConcurrencyException)
            {
                return (a.Conversation, Won: false);
            }
        })));

        foreach (var group in results.GroupBy(r => r.Conversation))
        {
            Assert.Equal(1, group.Count(r => r.Won));
        }

        Assert.Equal(Conversations, await _database.CountAsync("tickets"));
        Assert.Equal(Conversations, await _database.CountAsync("tickets", "active"));
        Assert.Equal(Conversations, await _database.CountAsync("messages"));
        Assert.Equal(Conversations, await _database.CountAsync("processed_events"));
    }

    /// <summary>Claimers on every instance, each looping until nothing is left, claim each outbox entry exactly once.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task ClaimersOnEveryInstanceClaimEachEntryExactlyOnce()
    {
        var now = new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
        var tickets = Enumerable.Range(0, 50).Select(i => Ticket($"t{i}", $"u{i}")).ToList();
        var replies = tickets.SelectMany(t => Enumerable.Range(0, 20).Select(j => Message($"{t.Id}-r{j}", t, null) with { Direction = MessageDirection.Outbound, Author = AuthorKind.Agent })).ToList();
        foreach (var chunk in tickets.Chunk(10))
        {
            var mine = replies.Where(r => chunk.Any(t => t.Id == r.TicketId)).ToList();
            await _stores[0].CommitAsync(
                new TicketChangeSet
                {
                    Tickets = [.. chunk.Select(t => new TicketWrite(t, 0))],
                    AddedMessages = mine,
                    Outbox = [.. mine.Select(r => new OutboxEntry(r.Id, r.TicketId, new OutboundMessage(r.Id, r.Conversation, r.Parts), now) { NextAttemptAt = now })],
                },
                CancellationToken.None);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
        {
            var mine = new List<OutboxEntry>();
            while (true)
            {
                var batch = await _stores[i % Instances].ClaimOutboxAsync(now, TimeSpan.FromMinutes(5), 9, CancellationToken.None);
                if (batch.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(batch);
            }
        })));

        var claimed = claims.SelectMany(c => c).ToList();
        Assert.Equal(replies.Count, claimed.Count);
        Assert.Equal(replies.Select(r => r.Id.Value).Order(StringComparer.Ordinal), claimed.Select(e => e.MessageId.Value).Order(StringComparer.Ordinal));
        Assert.All(claimed, e => Assert.Equal((OutboxState.Sending, 1), (e.State, e.Attempts)));
        Assert.Equal(replies.Count, await _database.CountAsync("outbox", "state = 1 AND attempts = 1"));
    }
}
