using Microsoft.Extensions.Logging;
using Npgsql;

namespace SocialCare.Storage.PostgreSql.Tests;

/// <summary>
/// Group commit: change sets that arrive while every transaction slot is busy share the next transaction, each under
/// its own savepoint. The slots are held busy deterministically by row locks taken from outside the store.
/// </summary>
public sealed class GroupCommitTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private TestDatabase _database = null!;

    public Task InitializeAsync()
    {
        _database = TestDatabase.Create();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    /// <summary>Commits queued behind busy transactions are applied together, in one transaction.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task CommitsQueuedBehindBusyTransactionsShareOne()
    {
        var store = _database.Store();
        await using var blocked = await BlockTransactionsAsync(store);
        var before = store.TransactionCount;

        var tickets = Enumerable.Range(0, 20).Select(i => Ticket($"t{i}", $"u{i}")).ToList();
        var commits = tickets.Select(t => store.CommitAsync(NewTicketWithMessage(t, $"e-{t.Id}"), CancellationToken.None)).ToList();
        await WaitUntilAsync(() => store.WaitingCommits == tickets.Count);
        Assert.All(commits, c => Assert.False(c.IsCompleted));

        await blocked.ReleaseAsync();
        var outcomes = await Task.WhenAll(commits);

        Assert.All(outcomes, o => Assert.Equal(CommitOutcome.Committed, o));
        Assert.Equal(blocked.Slots + 1, store.TransactionCount - before);
        Assert.Equal(20, await _database.CountAsync("tickets", "id LIKE 't%'"));
        Assert.Equal(20, await _database.CountAsync("messages"));
        Assert.Equal(20, await _database.CountAsync("processed_events"));
    }

    /// <summary>
    /// In one grouped transaction, each change set that fails (a row count or a database error) rolls back alone and only
    /// its caller learns why; the others are committed.
    /// </summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task FailingChangeSetsInAGroupRollBackAloneAndOnlyTheirCallersSeeIt()
    {
        var store = _database.Store();
        var stale = Ticket("t-stale", "u-stale");
        var active = Ticket("t-active", "u-active");
        var mover = Ticket("t-mover", "u-mover");
        var target = Ticket("t-target", "u-target");
        var twice = Ticket("t-twice", "u-twice");
        var stored = Message("m-stored", stale, null);
        await store.CommitAsync(
            new TicketChangeSet { Event = Key("e-old"), Tickets = [.. new[] { stale, active, mover, target, twice }.Select(t => new TicketWrite(t, 0))], AddedMessages = [stored] },
            CancellationToken.None);
        await store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(stale with { Version = 2, Priority = TicketPriority.High }, 1)] }, CancellationToken.None);

        await using var blocked = await BlockTransactionsAsync(store);
        var before = store.TransactionCount;
        var ok1 = Ticket("t-ok1", "u-ok1");
        var ok2 = Ticket("t-ok2", "u-ok2");
        var ok3 = Ticket("t-ok3", "u-ok3");
        var changes = new (string Name, TicketChangeSet Changes)[]
        {
            ("ok1", NewTicketWithMessage(ok1, "e-ok1")),
            ("stale", new TicketChangeSet { Tickets = [new TicketWrite(stale with { Version = 2 }, 1)], AddedMessages = [Message("m-stale", stale, "n-stale")] }),
            ("duplicate", NewTicketWithMessage(Ticket("t-dup", "u-dup"), "e-old")),
            ("stored", new TicketChangeSet { Event = Key("e-stored"), AddedMessages = [stored] }),
            ("ok2", NewTicketWithMessage(ok2, "e-ok2")),
            ("second active", NewTicketWithMessage(Ticket("t-second", "u-active"), "e-second")),
            ("moved onto an active conversation", new TicketChangeSet
            {
                Event = Key("e-move"),
                Tickets = [new TicketWrite(mover with { Conversation = target.Conversation, Customer = target.Customer, Version = 2 }, 1)],
            }),
            ("bad text", NewTicketWithMessage(Ticket("t-bad\0", "u-bad"), "e-bad")),
            ("ok3", NewTicketWithMessage(ok3, "e-ok3")),
            ("same event as ok3", NewTicketWithMessage(Ticket("t-dup3", "u-dup3"), "e-ok3")),
            ("version", new TicketChangeSet { Tickets = [new TicketWrite(twice with { Version = 2, Priority = TicketPriority.Low }, 1)] }),
            ("version again", new TicketChangeSet { Tickets = [new TicketWrite(twice with { Version = 2, Priority = TicketPriority.Urgent }, 1)] }),
        };
        var commits = changes.Select(c => (c.Name, Task: store.CommitAsync(c.Changes, CancellationToken.None))).ToList();
        await WaitUntilAsync(() => store.WaitingCommits == changes.Length);
        await blocked.ReleaseAsync();
        await Task.WhenAll(commits.Select(c => c.Task.ContinueWith(_ => { }, TaskScheduler.Default)));

        Task<CommitOutcome> Of(string name) => commits.Single(c => c.Name == name).Task;
        Assert.Equal(CommitOutcome.Committed, await Of("ok1"));
        Assert.Equal(CommitOutcome.Committed, await Of("ok2"));
        Assert.Equal(CommitOutcome.Committed, await Of("ok3"));
        Assert.Equal(CommitOutcome.Committed, await Of("version"));
        Assert.Equal(CommitOutcome.Duplicate, await Of("duplicate"));
        Assert.Equal(CommitOutcome.Duplicate, await Of("same event as ok3"));
        var staleError = await Assert.ThrowsAsync<TicketConcurrencyException>(() => Of("stale"));
        Assert.Equal((1L, 2L), (staleError.ExpectedVersion, staleError.ActualVersion));
        var againError = await Assert.ThrowsAsync<TicketConcurrencyException>(() => Of("version again"));
        Assert.Equal(2, againError.ActualVersion);
        await Assert.ThrowsAsync<ArgumentException>(() => Of("stored"));
        var activeError = await Assert.ThrowsAsync<TicketConcurrencyException>(() => Of("second active"));
        Assert.Contains(active.Id.Value, activeError.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<TicketConcurrencyException>(() => Of("moved onto an active conversation"));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => Of("bad text"));

        // One transaction for the whole group, after the ones that held the slots.
        Assert.Equal(blocked.Slots + 1, store.TransactionCount - before);
        foreach (var ticket in new[] { ok1, ok2, ok3 })
        {
            Assert.NotNull(await store.GetAsync(ticket.Id, CancellationToken.None));
            Assert.Single(await store.GetMessagesAsync(ticket.Id, CancellationToken.None));
        }

        Assert.Equal(TicketPriority.Low, (await store.GetAsync(twice.Id, CancellationToken.None))!.Priority);
        Assert.Equal(TicketPriority.High, (await store.GetAsync(stale.Id, CancellationToken.None))!.Priority);
        Assert.Equal([stored.Id], (await store.GetMessagesAsync(stale.Id, CancellationToken.None)).Select(m => m.Id));
        Assert.Null(await store.GetAsync(new TicketId("t-dup"), CancellationToken.None));
        Assert.Null(await store.GetAsync(new TicketId("t-dup3"), CancellationToken.None));
        Assert.Null(await store.GetAsync(new TicketId("t-second"), CancellationToken.None));
        Assert.Equal(mover.Conversation, (await store.GetAsync(mover.Id, CancellationToken.None))!.Conversation);
        foreach (var key in new[] { "e-stored", "e-second", "e-move", "e-bad" })
        {
            Assert.False(await store.IsProcessedAsync(Key(key), CancellationToken.None), key);
        }

        Assert.Equal(0, store.WaitingCommits);
    }

    /// <summary>Without group commit, every commit is a transaction of its own.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task WithoutGroupCommitEachCommitIsItsOwnTransaction()
    {
        var store = _database.Store(o => o.GroupCommit = false);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => store.CommitAsync(NewTicketWithMessage(Ticket($"t{i}", $"u{i}"), $"e{i}"), CancellationToken.None))));

        Assert.All(outcomes, o => Assert.Equal(CommitOutcome.Committed, o));
        Assert.Equal(12, store.TransactionCount);
        Assert.Equal(12, await _database.CountAsync("messages"));
    }

    /// <summary>A commit cancelled while it waits for a transaction is not applied.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task ACommitCancelledWhileQueuedIsNotApplied()
    {
        var store = _database.Store();
        await using var blocked = await BlockTransactionsAsync(store);
        using var cancel = new CancellationTokenSource();
        var cancelled = store.CommitAsync(NewTicketWithMessage(Ticket("t-cancelled", "u1"), "e-cancelled"), cancel.Token);
        var kept = store.CommitAsync(NewTicketWithMessage(Ticket("t-kept", "u2"), "e-kept"), CancellationToken.None);
        await WaitUntilAsync(() => store.WaitingCommits == 2);

        await cancel.CancelAsync();
        await blocked.ReleaseAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(CommitOutcome.Committed, await kept);
        Assert.Null(await store.GetAsync(new TicketId("t-cancelled"), CancellationToken.None));
        Assert.False(await store.IsProcessedAsync(Key("e-cancelled"), CancellationToken.None));
    }

    /// <summary>
    /// A change set that loses a deadlock to another transaction rolls back to its savepoint and is applied by a later
    /// transaction; the other transaction goes on.
    /// </summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task AChangeSetThatLosesADeadlockIsAppliedByTheNextTransaction()
    {
        var logs = new TestLoggerProvider();
        using var logging = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        var store = _database.Store(logging: logging);
        var x = Ticket("t-x", "ux");
        var y = Ticket("t-y", "uy");
        await store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(x, 0), new TicketWrite(y, 0)] }, CancellationToken.None);

        await using var outside = new NpgsqlConnection(_database.AdminConnectionString);
        await outside.OpenAsync();
        await using var transaction = await outside.BeginTransactionAsync();
        await Lock(outside, transaction, x.Id);

        // Updates y, then waits for x; the outside transaction then waits for y: a deadlock, which the store's transaction
        // detects first (it has waited longer) and loses.
        var commit = store.CommitAsync(
            new TicketChangeSet { Event = Key("e-both"), Tickets = [new TicketWrite(y with { Version = 2 }, 1), new TicketWrite(x with { Version = 2 }, 1)] },
            CancellationToken.None);
        await WaitUntilAsync(async () => await _database.WaitingLocksAsync() > 0);
        await Lock(outside, transaction, y.Id);
        await transaction.RollbackAsync();

        Assert.Equal(CommitOutcome.Committed, await commit);
        Assert.Equal(2, (await store.GetAsync(x.Id, CancellationToken.None))!.Version);
        Assert.Equal(2, (await store.GetAsync(y.Id, CancellationToken.None))!.Version);
        Assert.Contains(logs.Entries, e => e.EventId.Id == 5107);
    }

    internal static Ticket Ticket(string id, string user)
    {
        var who = new Participant(ChannelId.Facebook, new ChannelAccountId("page"), new NetworkUserId(user));
        return new Ticket(new TicketId(id), ConversationRef.PrivateWith(who), new CustomerId("c-" + user), TicketState.New, T0, 1) { UpdatedAt = T0, StateChangedAt = T0 };
    }

    internal static Message Message(string id, Ticket ticket, string? networkId)
        => new(new MessageId(id), ticket.Id, ticket.Conversation, MessageDirection.Inbound, AuthorKind.Customer, T0, [new TextPart("hello")])
        {
            NetworkId = networkId is null ? null : new NetworkMessageId(networkId),
        };

    internal static IdempotencyKey Key(string id) => new(ChannelId.Facebook, new ChannelAccountId("page"), id);

    internal static TicketChangeSet NewTicketWithMessage(Ticket ticket, string eventId)
        => new() { Event = Key(eventId), Tickets = [new TicketWrite(ticket, 0)], AddedMessages = [Message("m-" + ticket.Id, ticket, "n-" + ticket.Id)] };

    internal static async Task WaitUntilAsync(Func<bool> condition) => await WaitUntilAsync(() => Task.FromResult(condition()));

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        // Waits for a state, not for a time: the deadline only turns a hang into a failure.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition was not reached.");
            await Task.Delay(10);
        }
    }

    private async Task Lock(NpgsqlConnection connection, NpgsqlTransaction transaction, TicketId id)
    {
        await using var command = new NpgsqlCommand($"SELECT 1 FROM \"{_database.Schema}\".tickets WHERE id = $1 FOR UPDATE", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = id.Value });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Holds every transaction slot of the store busy: creates one ticket per slot, locks them all from outside, then
    /// starts one update per ticket, each of which waits in its own transaction.
    /// </summary>
    private async Task<Blocker> BlockTransactionsAsync(PostgreSqlTicketStore store)
    {
        var slots = store.Database.MaxConcurrentTransactions;
        var blockers = Enumerable.Range(0, slots).Select(i => Ticket($"blocker-{i}", $"blocker-{i}")).ToList();
        await store.CommitAsync(new TicketChangeSet { Tickets = [.. blockers.Select(t => new TicketWrite(t, 0))] }, CancellationToken.None);

        var connection = new NpgsqlConnection(_database.AdminConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        var blocker = new Blocker(connection, transaction, slots);
        try
        {
            await using (var command = new NpgsqlCommand($"SELECT 1 FROM \"{_database.Schema}\".tickets WHERE id LIKE 'blocker-%' FOR UPDATE", connection, transaction))
            {
                await command.ExecuteNonQueryAsync();
            }

            // One at a time, so that each takes a transaction slot of its own and waits there.
            for (var i = 0; i < slots; i++)
            {
                blocker.Updates.Add(store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(blockers[i] with { Version = 2 }, 1)] }, CancellationToken.None));
                var waiting = i + 1;
                await WaitUntilAsync(async () => await _database.WaitingLocksAsync() >= waiting);
            }
        }
        catch
        {
            await blocker.DisposeAsync();
            throw;
        }

        return blocker;
    }

    private sealed class Blocker(NpgsqlConnection connection, NpgsqlTransaction transaction, int slots) : IAsyncDisposable
    {
        private bool _released;

        public int Slots => slots;

        public List<Task<CommitOutcome>> Updates { get; } = [];

        public async Task ReleaseAsync()
        {
            if (!_released)
            {
                _released = true;
                await transaction.RollbackAsync();
                Assert.All(await Task.WhenAll(Updates), o => Assert.Equal(CommitOutcome.Committed, o));
            }
        }

        public async ValueTask DisposeAsync()
        {
            await ReleaseAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
