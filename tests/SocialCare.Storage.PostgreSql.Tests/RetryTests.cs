using Microsoft.Extensions.Logging;
using Npgsql;
using static SocialCare.Storage.PostgreSql.Tests.GroupCommitTests;

namespace SocialCare.Storage.PostgreSql.Tests;

/// <summary>Transient failures are retried a bounded number of times; answers such as conflicts never are.</summary>
public sealed class RetryTests
{
    private const int TransientFailure = 5104;
    private const int GaveUp = 5105;

    /// <summary>Connections ended by the server (a restart, a failover) are dropped and the operations tried again.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public Task OperationsOnConnectionsEndedByTheServerAreRetriedAndSucceed() => EndedConnectionsAsync(groupCommit: true);

    /// <summary>The same without group commit.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public Task OperationsOnConnectionsEndedByTheServerAreRetriedAndSucceedWithoutGroupCommit() => EndedConnectionsAsync(groupCommit: false);

    private static async Task EndedConnectionsAsync(bool groupCommit)
    {
        await using var database = TestDatabase.Create();
        var logs = new TestLoggerProvider();
        using var logging = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        var store = database.Store(o => o.GroupCommit = groupCommit, logging);
        var first = Ticket("t1", "u1");
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(NewTicketWithMessage(first, "e1"), CancellationToken.None));

        // Every pooled connection of the store is ended from the server side; the next operations meet dead ones.
        Assert.True(await database.TerminateConnectionsAsync() > 0);
        var second = Ticket("t2", "u2");
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(NewTicketWithMessage(second, "e2"), CancellationToken.None));
        Assert.True(await database.TerminateConnectionsAsync() > 0);
        Assert.NotNull(await store.GetAsync(first.Id, CancellationToken.None));
        Assert.True(await database.TerminateConnectionsAsync() > 0);
        Assert.Single(await store.GetMessagesAsync(second.Id, CancellationToken.None));

        Assert.Contains(logs.Entries, e => e.EventId.Id == TransientFailure);
        Assert.DoesNotContain(logs.Entries, e => e.EventId.Id == GaveUp);
        Assert.Equal(2, await database.CountAsync("tickets"));
        Assert.Equal(2, await database.CountAsync("processed_events"));
    }

    /// <summary>A server that cannot be reached gives a clear error after the configured number of retries.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task AnUnreachableServerFailsAfterMaxRetriesWithAClearError()
    {
        var logs = new TestLoggerProvider();
        using var logging = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));

        // Nothing listens on port 1: every connection attempt is refused at once.
        var options = new PostgreSqlStoreOptions
        {
            ConnectionString = "Host=127.0.0.1;Port=1;Username=socialcare;Password=secret-password;Database=socialcare;Timeout=2",
            MaxRetries = 2,
            RetryDelay = TimeSpan.FromMilliseconds(1),
        };
        await using var store = new PostgreSqlTicketStore(options, logging);

        var error = await Assert.ThrowsAnyAsync<NpgsqlException>(() => store.GetAsync(new TicketId("t1"), CancellationToken.None));
        Assert.Contains("gave up after 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.Contains("SocialCare:Storage:PostgreSql:MaxRetries", error.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-password", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, logs.Entries.Count(e => e.EventId.Id == TransientFailure));
        Assert.Single(logs.Entries, e => e.EventId.Id == GaveUp);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("secret-password", StringComparison.Ordinal));

        // A commit and a customer lookup fail the same way.
        var commit = await Assert.ThrowsAnyAsync<NpgsqlException>(() => store.CommitAsync(NewTicketWithMessage(Ticket("t1", "u1"), "e1"), CancellationToken.None));
        Assert.Contains("gave up after 3 attempts", commit.Message, StringComparison.Ordinal);
        await using var directory = new PostgreSqlCustomerDirectory(options);
        var resolve = await Assert.ThrowsAnyAsync<NpgsqlException>(async () => await directory.ResolveAsync(new Participant(ChannelId.WhatsApp, new ChannelAccountId("a"), new NetworkUserId("u")), CancellationToken.None));
        Assert.Contains("gave up after 3 attempts", resolve.Message, StringComparison.Ordinal);
    }

    /// <summary>Version conflicts, duplicates and bad change sets are answers: they are never retried.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task ConflictsAreNeverRetried()
    {
        await using var database = TestDatabase.Create();
        var logs = new TestLoggerProvider();
        using var logging = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        var store = database.Store(logging: logging);
        var ticket = Ticket("t1", "u1");
        await store.CommitAsync(NewTicketWithMessage(ticket, "e1"), CancellationToken.None);

        await Assert.ThrowsAsync<TicketConcurrencyException>(() => store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(ticket with { Version = 3 }, 2)] }, CancellationToken.None));
        await Assert.ThrowsAsync<TicketConcurrencyException>(() => store.CommitAsync(NewTicketWithMessage(Ticket("t2", "u1"), "e2"), CancellationToken.None));
        Assert.Equal(CommitOutcome.Duplicate, await store.CommitAsync(NewTicketWithMessage(Ticket("t3", "u3"), "e1"), CancellationToken.None));

        Assert.DoesNotContain(logs.Entries, e => e.EventId.Id is TransientFailure or GaveUp);
    }
}
