using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using SocialCare.Abstractions;

namespace SocialCare.Storage.Sqlite.Tests;

/// <summary>The schema: created on a new file, migrated from version 1 with its rows intact, refused when newer than the code.</summary>
public sealed class MigrationTests : IDisposable
{
    // SHA-256 of migration 1's DDL as released. Migration 1 never changes: files in the field were made with it, and the
    // version 1 test below rebuilds such a file from it. Add a migration instead.
    private const string Migration1Sha256 = "f542a69fef6790e64ea336ab8960d40ff15628f963de2ea90148703ecda31335";

    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Migration1_IsUnchanged()
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(SqliteSchema.Migration1.ReplaceLineEndings("\n"))));
        Assert.Equal(Migration1Sha256, hash);
    }

    [Fact]
    public async Task Open_NewFile_CreatesTheCurrentSchemaInWalMode()
    {
        await using (var store = new SqliteTicketStore(_files.Options()))
        {
            Assert.False(await store.IsProcessedAsync(Model.Event("e"), default));
        }

        Assert.Equal(SqliteSchema.CurrentVersion, Inspect.Scalar(_files.File(), "SELECT MAX(version) FROM schema_version"));
        Assert.Equal(SqliteSchema.CurrentVersion, Inspect.Scalar(_files.File(), "SELECT COUNT(*) FROM schema_version"));
        using var connection = new SqliteConnection($"Data Source={_files.File()};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar() as string);
    }

    [Fact]
    public async Task Open_VersionOneFileWithRows_MigratesAndReadsThemBack()
    {
        var (changes, ticket, message) = Model.Opening(1);
        var outbound = new OutboxEntry(new MessageId("reply-1"), ticket.Id, new OutboundMessage(new MessageId("reply-1"), ticket.Conversation, [new TextPart("On its way")]), Model.Start)
        {
            NextAttemptAt = Model.Start,
        };
        WriteVersionOneFile(_files.File(), ticket, message, changes.History[0], outbound, changes.Event!.Value);

        await using (var store = new SqliteTicketStore(_files.Options()))
        {
            Assert.Equal(SocialCareJson.Serialize(ticket), SocialCareJson.Serialize(await store.GetAsync(ticket.Id, default)));
            Assert.Equal(ticket.Id, (await store.FindActiveAsync(ticket.Conversation, ticket.Customer, default))?.Id);
            Assert.Equal(ticket.Id, (await store.FindLatestAsync(ticket.Conversation, ticket.Customer, default))?.Id);
            Assert.Equal(message.Id, Assert.Single(await store.GetMessagesAsync(ticket.Id, default)).Id);
            Assert.Equal(message.Id, (await store.FindMessageAsync(ChannelId.WhatsApp, Model.Account, message.NetworkId!.Value, default))?.Id);
            Assert.Equal("created", Assert.Single(await store.GetHistoryAsync(ticket.Id, default)).Reason);
            Assert.True(await store.IsProcessedAsync(changes.Event!.Value, default));
            Assert.Equal(CommitOutcome.Duplicate, await store.CommitAsync(changes, default));
            Assert.Equal(outbound.MessageId, Assert.Single(await store.ClaimOutboxAsync(Model.Start, TimeSpan.FromMinutes(1), 10, default)).MessageId);

            // The file takes new writes after the messages it had.
            var next = Model.Inbound(ticket, "wamid.next", "Anyone there?") with { Id = new MessageId("m-next"), SentAt = ticket.CreatedAt.AddMinutes(5) };
            var reopened = ticket with { Version = 2, State = TicketState.Open };
            Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(
                new TicketChangeSet { Event = Model.Event("event-next"), Tickets = [new TicketWrite(reopened, 1)], AddedMessages = [next] },
                default));
            Assert.Equal([message.Id, next.Id], (await store.GetMessagesAsync(ticket.Id, default)).Select(m => m.Id));

            // Migration 3 added the columns retention reads; a message written before it is still found by its age.
            var cutoff = message.SentAt.AddTicks(1);
            Assert.Equal(1, await store.RedactMessagesBeforeAsync(cutoff, cutoff, 10, default));
            var kept = await store.GetMessagesAsync(ticket.Id, default);
            Assert.NotNull(kept[0].RedactedAt);
            Assert.Null(kept[1].RedactedAt);
        }

        // Migration 2 added the customer directory.
        await using (var directory = new SqliteCustomerDirectory(_files.Options(), TimeProvider.System))
        {
            var customer = await directory.ResolveAsync(Model.Person(1), default);
            Assert.Equal(customer.Id, (await directory.ResolveAsync(Model.Person(1), default)).Id);
        }

        Assert.Equal(SqliteSchema.CurrentVersion, Inspect.Scalar(_files.File(), "SELECT MAX(version) FROM schema_version"));
    }

    [Fact]
    public async Task Open_FileWithNewerSchema_FailsNamingBothVersionsAndChangesNothing()
    {
        var newer = SqliteSchema.CurrentVersion + 1;
        Inspect.Execute(_files.File(), $"CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY); INSERT INTO schema_version VALUES ({newer});");

        await using var store = new SqliteTicketStore(_files.Options());
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => store.IsProcessedAsync(Model.Event("e"), default));
        Assert.Contains($"schema version {newer}", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"up to {SqliteSchema.CurrentVersion}", exception.Message, StringComparison.Ordinal);

        // Still refused on the next call; and nothing was created in the file.
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.CommitAsync(Model.Opening(1).Changes, default));
        Assert.Equal(0, Inspect.Scalar(_files.File(), "SELECT COUNT(*) FROM sqlite_master WHERE name = 'tickets'"));
    }

    [Fact]
    public async Task Open_ManyStoresAtOnceOnANewFile_MigrateOnce()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => new SqliteTicketStore(_files.Options())).ToList();
        try
        {
            await Task.WhenAll(stores.Select((s, i) => Task.Run(() => s.CommitAsync(Model.Opening(i).Changes, default))));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }

        Assert.Equal(SqliteSchema.CurrentVersion, Inspect.Scalar(_files.File(), "SELECT COUNT(*) FROM schema_version"));
        Assert.Equal(4, Inspect.Scalar(_files.File(), "SELECT COUNT(*) FROM tickets"));
    }

    /// <summary>Writes a file as version 1 of the store did: migration 1's DDL, version 1 recorded, and rows in its layout.</summary>
    private static void WriteVersionOneFile(string file, Ticket ticket, Message message, TicketHistoryEntry history, OutboxEntry outbox, IdempotencyKey processed)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        void Run(string sql, params (string Name, object? Value)[] parameters)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            command.ExecuteNonQuery();
        }

        Run(SqliteSchema.Migration1);
        Run("CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY); INSERT INTO schema_version (version) VALUES (1);");
        var key = new (string, object?)[]
        {
            ("$channel", ticket.Conversation.Channel.Value), ("$account", ticket.Conversation.Account.Value),
            ("$thread", ticket.Conversation.Thread.Value), ("$visibility", (long)ticket.Conversation.Visibility), ("$customer", ticket.Customer.Value),
            ("$id", ticket.Id.Value),
        };
        Run(
            "INSERT INTO tickets VALUES ($id, $channel, $account, $thread, $visibility, $customer, $state, NULL, $created, NULL, $version, $doc)",
            [.. key, ("$state", (long)ticket.State), ("$created", ticket.CreatedAt.UtcTicks), ("$version", ticket.Version), ("$doc", SocialCareJson.SerializeToUtf8Bytes(ticket))]);
        Run("INSERT INTO active_tickets VALUES ($channel, $account, $thread, $visibility, $customer, $id)", key);
        Run("INSERT INTO latest_tickets VALUES ($channel, $account, $thread, $visibility, $customer, $id)", key);
        Run("INSERT INTO messages (seq, id, ticket_id, doc) VALUES (1, $id, $ticket, $doc)", ("$id", message.Id.Value), ("$ticket", ticket.Id.Value), ("$doc", SocialCareJson.SerializeToUtf8Bytes(message)));
        Run("INSERT INTO message_network_ids VALUES ($channel, $account, $network, 1)", ("$channel", "whatsapp"), ("$account", Model.Account.Value), ("$network", message.NetworkId!.Value.Value));
        Run("INSERT INTO history (ticket_id, doc) VALUES ($ticket, $doc)", ("$ticket", ticket.Id.Value), ("$doc", SocialCareJson.SerializeToUtf8Bytes(history)));
        Run("INSERT INTO processed_events VALUES ($channel, $account, $event)", ("$channel", processed.Channel.Value), ("$account", processed.Account.Value), ("$event", processed.EventId));
        Run(
            "INSERT INTO outbox VALUES ($id, 0, $next, $enqueued, 9223372036854775807, $doc)",
            ("$id", outbox.MessageId.Value), ("$next", outbox.NextAttemptAt.UtcTicks), ("$enqueued", outbox.EnqueuedAt.UtcTicks), ("$doc", SocialCareJson.SerializeToUtf8Bytes(outbox)));
        transaction.Commit();
    }
}
