using SocialCare.Abstractions;

namespace SocialCare.Storage.Sqlite.Tests;

/// <summary>
/// Group commit: change sets queued while the writer is busy share one transaction, each in its own savepoint. The
/// writer is held by a <see cref="WriterGate"/> so that what is queued together is known, without timing.
/// </summary>
public sealed class GroupCommitTests : IDisposable
{
    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task CommitAsync_QueuedWhileWriterBusy_ShareOneTransaction()
    {
        await using var store = new SqliteTicketStore(_files.Options());
        await store.IsProcessedAsync(Model.Event("warm-up"), default);
        var before = store.Database.TransactionCount;

        var gate = await WriterGate.HoldAsync(store);
        var commits = Enumerable.Range(1, 100).Select(n => store.CommitAsync(Model.Opening(n).Changes, default)).ToList();
        Assert.All(commits, c => Assert.False(c.IsCompleted));
        gate.Release();

        Assert.All(await Task.WhenAll(commits), outcome => Assert.Equal(CommitOutcome.Committed, outcome));

        // One transaction for the gate, one for the hundred change sets.
        Assert.Equal(2, store.Database.TransactionCount - before);
    }

    [Fact]
    public async Task CommitAsync_MoreThanMaxBatchSizeQueued_SplitsIntoBatches()
    {
        await using var store = new SqliteTicketStore(_files.Options(configure: o => o.MaxBatchSize = 10));
        await store.IsProcessedAsync(Model.Event("warm-up"), default);
        var before = store.Database.TransactionCount;

        var gate = await WriterGate.HoldAsync(store);
        var commits = Enumerable.Range(1, 35).Select(n => store.CommitAsync(Model.Opening(n).Changes, default)).ToList();
        gate.Release();
        await Task.WhenAll(commits);

        // The gate, then 10 + 10 + 10 + 5.
        Assert.Equal(5, store.Database.TransactionCount - before);
    }

    [Fact]
    public async Task CommitAsync_FailingChangeSetsInABatch_FailAloneAndTheOthersCommit()
    {
        var first = Model.Opening(1);
        var second = Model.Opening(2);
        var strayMessage = Model.Inbound(Model.NewTicket(9), "wamid.never-stored");
        var versionConflict = Model.Opening(3);
        await using (var store = new SqliteTicketStore(_files.Options()))
        {
            await store.IsProcessedAsync(Model.Event("warm-up"), default);
            var before = store.Database.TransactionCount;
            var gate = await WriterGate.HoldAsync(store);

            var committed = store.CommitAsync(first.Changes, default);

            // The same event again, in the same batch: a duplicate, nothing applied.
            var duplicate = store.CommitAsync(Model.Opening(4, eventId: "event-1").Changes, default);

            // The first ticket created again under another event: the first change set of the batch stored it.
            var conflict = store.CommitAsync(first.Changes with { Event = Model.Event("event-again"), AddedMessages = [], History = [] }, default);

            // An update of a message that is not stored, with a ticket of its own that must not be stored either.
            var invalid = store.CommitAsync(
                versionConflict.Changes with { UpdatedMessages = [strayMessage] },
                default);
            var alsoCommitted = store.CommitAsync(second.Changes, default);
            gate.Release();

            Assert.Equal(CommitOutcome.Committed, await committed);
            Assert.Equal(CommitOutcome.Duplicate, await duplicate);
            var concurrency = await Assert.ThrowsAsync<TicketConcurrencyException>(() => conflict);
            Assert.Equal(first.Ticket.Id, concurrency.TicketId);
            Assert.Equal(1, concurrency.ActualVersion);
            await Assert.ThrowsAsync<ArgumentException>(() => invalid);
            Assert.Equal(CommitOutcome.Committed, await alsoCommitted);
            Assert.Equal(2, store.Database.TransactionCount - before);
        }

        // Reopened: exactly what committed is there.
        await using var reopened = new SqliteTicketStore(_files.Options());
        Assert.NotNull(await reopened.GetAsync(first.Ticket.Id, default));
        Assert.NotNull(await reopened.GetAsync(second.Ticket.Id, default));
        Assert.Null(await reopened.GetAsync(versionConflict.Ticket.Id, default));
        Assert.Null(await reopened.GetAsync(Model.Opening(4).Ticket.Id, default));
        Assert.True(await reopened.IsProcessedAsync(Model.Event("event-1"), default));
        Assert.True(await reopened.IsProcessedAsync(Model.Event("event-2"), default));
        Assert.False(await reopened.IsProcessedAsync(Model.Event("event-again"), default));
        Assert.False(await reopened.IsProcessedAsync(Model.Event("event-3"), default));
        Assert.Single(await reopened.GetMessagesAsync(first.Ticket.Id, default));
        Assert.Single(await reopened.GetHistoryAsync(first.Ticket.Id, default));
        Assert.Null(await reopened.FindMessageAsync(ChannelId.WhatsApp, Model.Account, new NetworkMessageId("wamid.3"), default));
        Assert.Null(await reopened.FindMessageAsync(ChannelId.WhatsApp, Model.Account, new NetworkMessageId("wamid.4"), default));
    }

    [Fact]
    public async Task WriteAsync_OperationFailingAfterItWrote_IsUndoneAloneAndTheOthersCommit()
    {
        var first = Model.Opening(1);
        var second = Model.Opening(2);
        await using (var store = new SqliteTicketStore(_files.Options()))
        {
            var gate = await WriterGate.HoldAsync(store);
            var committed = store.CommitAsync(first.Changes, default);
            var failing = store.Database.WriteAsync(new FailsAfterWriting(), default);
            var alsoCommitted = store.CommitAsync(second.Changes, default);
            gate.Release();

            Assert.Equal(CommitOutcome.Committed, await committed);
            Assert.Equal("after writing", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing)).Message);
            Assert.Equal(CommitOutcome.Committed, await alsoCommitted);
        }

        await using var reopened = new SqliteTicketStore(_files.Options());
        Assert.NotNull(await reopened.GetAsync(first.Ticket.Id, default));
        Assert.NotNull(await reopened.GetAsync(second.Ticket.Id, default));
        Assert.False(await reopened.IsProcessedAsync(Model.Event(FailsAfterWriting.EventId), default));
    }

    [Fact]
    public async Task CommitAsync_ManyConcurrentCallers_AllDurableAfterReopen()
    {
        const int Count = 1000;
        var sets = Enumerable.Range(1, Count).Select(n => Model.Opening(n)).ToList();
        await using (var store = new SqliteTicketStore(_files.Options()))
        {
            var outcomes = await Task.WhenAll(sets.Select(s => Task.Run(() => store.CommitAsync(s.Changes, default))));
            Assert.All(outcomes, o => Assert.Equal(CommitOutcome.Committed, o));
            Assert.InRange(store.Database.TransactionCount, 1, Count);
        }

        Assert.Equal(Count, Inspect.Scalar(_files.File(), "SELECT COUNT(*) FROM tickets"));
        await using var reopened = new SqliteTicketStore(_files.Options());
        foreach (var (_, ticket, message) in sets)
        {
            Assert.Equal(ticket.Id, (await reopened.FindActiveAsync(ticket.Conversation, ticket.Customer, default))?.Id);
            var stored = await reopened.FindMessageAsync(ChannelId.WhatsApp, Model.Account, message.NetworkId!.Value, default);
            Assert.Equal(message.Id, stored?.Id);
        }
    }

    [Fact]
    public async Task CommitAsync_GroupCommitOff_OneTransactionPerChangeSet()
    {
        var sets = Enumerable.Range(1, 20).Select(n => Model.Opening(n)).ToList();
        await using (var store = new SqliteTicketStore(_files.Options(configure: o => o.GroupCommit = false)))
        {
            await store.IsProcessedAsync(Model.Event("warm-up"), default);
            var before = store.Database.TransactionCount;
            var gate = await WriterGate.HoldAsync(store);
            var commits = sets.Select(s => store.CommitAsync(s.Changes, default)).ToList();
            var duplicate = store.CommitAsync(Model.Opening(99, eventId: "event-1").Changes, default);
            gate.Release();
            Assert.All(await Task.WhenAll(commits), o => Assert.Equal(CommitOutcome.Committed, o));
            Assert.Equal(CommitOutcome.Duplicate, await duplicate);
            Assert.Equal(1 + sets.Count + 1, store.Database.TransactionCount - before);
        }

        await using var reopened = new SqliteTicketStore(_files.Options());
        foreach (var (_, ticket, _) in sets)
        {
            Assert.NotNull(await reopened.GetAsync(ticket.Id, default));
        }

        Assert.Null(await reopened.GetAsync(Model.Opening(99).Ticket.Id, default));
    }

    [Fact]
    public async Task CommitAsync_CancelledBeforeTheWriterTakesIt_IsNotApplied()
    {
        await using var store = new SqliteTicketStore(_files.Options());
        var opening = Model.Opening(1);
        var gate = await WriterGate.HoldAsync(store);
        using var cancellation = new CancellationTokenSource();
        var commit = store.CommitAsync(opening.Changes, cancellation.Token);
        await cancellation.CancelAsync();
        gate.Release();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => commit);
        Assert.Null(await store.GetAsync(opening.Ticket.Id, default));
        Assert.False(await store.IsProcessedAsync(opening.Changes.Event!.Value, default));
    }

    [Fact]
    public async Task CommitAsync_TwoStoresOnOneFile_BothWritersCommitEverything()
    {
        var sets = Enumerable.Range(1, 400).Select(n => Model.Opening(n)).ToList();
        await using var first = new SqliteTicketStore(_files.Options());
        await using var second = new SqliteTicketStore(_files.Options());
        var outcomes = await Task.WhenAll(sets.Select((s, i) => Task.Run(() => (i % 2 == 0 ? first : second).CommitAsync(s.Changes, default))));
        Assert.All(outcomes, o => Assert.Equal(CommitOutcome.Committed, o));

        // Each store sees the other's commits, and the same event through the other store is a duplicate.
        foreach (var (changes, ticket, _) in sets)
        {
            Assert.NotNull(await first.GetAsync(ticket.Id, default));
            Assert.NotNull(await second.GetAsync(ticket.Id, default));
        }

        Assert.Equal(CommitOutcome.Duplicate, await second.CommitAsync(sets[0].Changes, default));
        Assert.Equal(CommitOutcome.Duplicate, await first.CommitAsync(sets[1].Changes, default));
    }

    [Fact]
    public async Task DisposeAsync_WithQueuedCommits_CommitsThemFirst()
    {
        var sets = Enumerable.Range(1, 50).Select(n => Model.Opening(n)).ToList();
        var store = new SqliteTicketStore(_files.Options());
        var gate = await WriterGate.HoldAsync(store);
        var commits = sets.Select(s => store.CommitAsync(s.Changes, default)).ToList();
        var disposing = store.DisposeAsync();
        gate.Release();
        await disposing;
        Assert.All(await Task.WhenAll(commits), o => Assert.Equal(CommitOutcome.Committed, o));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.CommitAsync(Model.Opening(77).Changes, default));
        Assert.Equal(sets.Count, Inspect.Scalar(_files.File(), "SELECT COUNT(*) FROM tickets"));
    }
}

/// <summary>An operation that holds the writer thread until released, so that tests can queue work behind it.</summary>
internal sealed class WriterGate : WriteOperation<bool>
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _release = new(false);

    private WriterGate()
        : base(CancellationToken.None)
    {
    }

    public static async Task<WriterGate> HoldAsync(SqliteTicketStore store)
    {
        var gate = new WriterGate();
        _ = store.Database.WriteAsync(gate, CancellationToken.None);
        await gate._entered.Task;
        return gate;
    }

    public void Release() => _release.Set();

    protected override bool Run(SqliteDbConnection connection)
    {
        _entered.SetResult();
        _release.Wait();
        return true;
    }
}

/// <summary>An operation that writes a row, then throws: what no check of a real operation foresaw.</summary>
internal sealed class FailsAfterWriting() : WriteOperation<bool>(CancellationToken.None)
{
    public const string EventId = "written-then-failed";

    protected override bool Run(SqliteDbConnection connection)
    {
        var insert = connection[TicketSql.InsertProcessed];
        insert.Bind(1, "whatsapp");
        insert.Bind(2, Model.Account.Value);
        insert.Bind(3, EventId);
        insert.Execute();
        throw new InvalidOperationException("after writing");
    }
}
