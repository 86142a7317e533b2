using System.Security.Cryptography;
using System.Text;
using Npgsql;
using static SocialCare.Storage.PostgreSql.Tests.GroupCommitTests;

namespace SocialCare.Storage.PostgreSql.Tests;

/// <summary>Schema migrations: ordered, once, under a lock; old databases open; newer ones are refused clearly.</summary>
public sealed class MigrationTests
{
    /// <summary>
    /// A database built by the first version of the schema, with rows written as that version wrote them, opens with the
    /// current code: it is migrated, and everything reads back.
    /// </summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task AVersion1DatabaseWithRowsOpensWithTheCurrentCode()
    {
        await using var database = TestDatabase.Create();
        await using (var v1 = new PostgreSqlDatabase(database.Options()))
        {
            Assert.Equal(0, await v1.MigrateAsync(1, CancellationToken.None));
        }

        Assert.Equal(1, await database.ScalarAsync("SELECT max(version) FROM {s}.schema_version"));
        Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM pg_indexes WHERE schemaname = $1 AND indexname = 'customer_identities_phone'", database.Schema));

        // Rows as version 1 wrote them.
        var ticket = Ticket("t1", "u1") with { WakeAt = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(1)) };
        var message = Message("m1", ticket, "n1");
        var history = new TicketHistoryEntry(ticket.Id, ticket.CreatedAt, TicketState.New, TicketState.New, "created");
        var reply = Message("r1", ticket, null) with { Direction = MessageDirection.Outbound, Author = AuthorKind.Agent };
        var entry = new OutboxEntry(reply.Id, ticket.Id, new OutboundMessage(reply.Id, reply.Conversation, reply.Parts), ticket.CreatedAt) { NextAttemptAt = ticket.CreatedAt };
        var phone = new Participant(ChannelId.WhatsApp, new ChannelAccountId("wa"), new NetworkUserId("393471234567")) { Phone = "393471234567" };
        var customer = new Customer(new CustomerId("c1"), [phone]) { DisplayName = "Giulia" };
        var sql = """
            INSERT INTO {s}.tickets (id, channel, account, thread, visibility, customer_id, state, active, assignee, created_at, wake_at, version, doc)
            VALUES ('t1', 'facebook', 'page', 'u1', 0, 'c-u1', 0, true, NULL, $1, $2, 1, $3);
            """;
        await database.ScalarAsync(sql, ticket.CreatedAt.UtcTicks, ticket.WakeAt!.Value.UtcTicks, SocialCareJson.SerializeToUtf8Bytes(ticket));
        await database.ScalarAsync("INSERT INTO {s}.messages (id, ticket_id, doc) VALUES ('m1', 't1', $1)", SocialCareJson.SerializeToUtf8Bytes(message));
        await database.ScalarAsync("INSERT INTO {s}.messages (id, ticket_id, doc) VALUES ('r1', 't1', $1)", SocialCareJson.SerializeToUtf8Bytes(reply));
        await database.ScalarAsync("INSERT INTO {s}.message_network_ids (channel, account, network_id, message_id) VALUES ('facebook', 'page', 'n1', 'm1')");
        await database.ScalarAsync("INSERT INTO {s}.history (ticket_id, doc) VALUES ('t1', $1)", SocialCareJson.SerializeToUtf8Bytes(history));
        await database.ScalarAsync("INSERT INTO {s}.processed_events (channel, account, event_id) VALUES ('facebook', 'page', 'e1')");
        await database.ScalarAsync(
            "INSERT INTO {s}.outbox (message_id, ticket_id, state, attempts, next_attempt_at, enqueued_at, message_seq, doc) VALUES ('r1', 't1', 0, 0, $1, $1, 2, $2)",
            ticket.CreatedAt.UtcTicks,
            SocialCareJson.SerializeToUtf8Bytes(entry));
        await database.ScalarAsync("INSERT INTO {s}.customers (id, doc) VALUES ('c1', $1)", SocialCareJson.SerializeToUtf8Bytes(customer));
        await database.ScalarAsync("INSERT INTO {s}.customer_identities (channel, account, user_key, customer_id, phone) VALUES ('whatsapp', 'wa', '393471234567', 'c1', '393471234567')");

        // The current code migrates on first use and reads everything.
        var store = database.Store();
        var directory = database.Directory(TimeProvider.System);
        Assert.Equal(SocialCareJson.Serialize(ticket), SocialCareJson.Serialize(await store.GetAsync(ticket.Id, CancellationToken.None)));
        Assert.Equal(Migrations.Latest, await database.ScalarAsync("SELECT max(version) FROM {s}.schema_version"));
        Assert.Equal(1L, await database.ScalarAsync("SELECT count(*) FROM pg_indexes WHERE schemaname = $1 AND indexname = 'customer_identities_phone'", database.Schema));
        Assert.Equal([message.Id, reply.Id], (await store.GetMessagesAsync(ticket.Id, CancellationToken.None)).Select(m => m.Id));
        Assert.Equal(message.Id, (await store.FindMessageAsync(ChannelId.Facebook, new ChannelAccountId("page"), new NetworkMessageId("n1"), CancellationToken.None))?.Id);
        Assert.Single(await store.GetHistoryAsync(ticket.Id, CancellationToken.None));
        Assert.True(await store.IsProcessedAsync(Key("e1"), CancellationToken.None));
        Assert.Equal(ticket.Id, Assert.Single(await store.GetDueTicketsAsync(ticket.WakeAt.Value, 10, CancellationToken.None)).Id);
        Assert.Equal(reply.Id, Assert.Single(await store.ClaimOutboxAsync(ticket.CreatedAt, TimeSpan.FromMinutes(1), 10, CancellationToken.None)).MessageId);

        // The new phone index serves the identity that joins a customer by phone number.
        var byScopedId = new Participant(ChannelId.WhatsApp, new ChannelAccountId("wa"), new NetworkUserId("IT.123")) { Phone = "393471234567" };
        Assert.Equal(customer.Id, (await directory.ResolveAsync(byScopedId, CancellationToken.None)).Id);
        Assert.Equal(customer.Id, (await directory.ResolveAsync(phone, CancellationToken.None)).Id);

        // And new writes work on the migrated schema.
        Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(NewTicketWithMessage(Ticket("t2", "u2"), "e2"), CancellationToken.None));

        // Migration 3 added the columns retention reads: the two rows written before it are dated from their documents,
        // the one written after carries its time; all three are as old.
        var cutoff = reply.SentAt.AddTicks(1);
        Assert.Equal(3, await store.RedactMessagesBeforeAsync(cutoff, cutoff, 10, CancellationToken.None));
        Assert.All(await store.GetMessagesAsync(ticket.Id, CancellationToken.None), m => Assert.NotNull(m.RedactedAt));
        Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM {s}.messages WHERE sent_at IS NULL"));
    }

    /// <summary>A schema migrated by a newer release is refused with a message that says what to do, naming the option.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task ASchemaNewerThanTheCodeIsAClearError()
    {
        await using var database = TestDatabase.Create();
        var current = database.Store();
        await current.GetAsync(new TicketId("t1"), CancellationToken.None);
        await database.ScalarAsync("INSERT INTO {s}.schema_version (version, description) VALUES (99, 'from the future')");

        var store = database.Store();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetAsync(new TicketId("t1"), CancellationToken.None));
        Assert.Contains("version 99", error.Message, StringComparison.Ordinal);
        Assert.Contains("SocialCare:Storage:PostgreSql:Schema", error.Message, StringComparison.Ordinal);
        Assert.Contains(database.Schema, error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.CommitAsync(NewTicketWithMessage(Ticket("t1", "u1"), "e1"), CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await database.Directory(TimeProvider.System).GetAsync(new CustomerId("c1"), CancellationToken.None));
    }

    /// <summary>Many instances starting at once on an empty database migrate it once between them.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task InstancesStartingAtOnceMigrateOnce()
    {
        await using var database = TestDatabase.Create();
        var stores = Enumerable.Range(0, 6).Select(_ => database.Store()).ToList();

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.GetAsync(new TicketId("t1"), CancellationToken.None))));

        Assert.Equal((long)Migrations.Latest, await database.ScalarAsync("SELECT count(*) FROM {s}.schema_version"));
        Assert.Equal(1L, await database.ScalarAsync("SELECT count(*) FROM {s}.schema_version WHERE version = 1"));
    }

    /// <summary>
    /// Shipped migrations never change: databases out there were built by them. A change here must be a new migration.
    /// </summary>
    [SkippableFact]
    public void ShippedMigrationsAreUnchanged()
    {
        Assert.Equal(4, Migrations.Latest);
        Assert.Equal([1, 2, 3, 4], Migrations.All.Select(m => m.Version));
        Assert.Equal(
            ["96598349E8DB0DFD2B626C433459F5F0E62C0A1CDAF2349EDFE1204146B75A87", "3762A544F173FEA260D96B88030D185EAEDBD764C6019170858501A3AC363FDD",
                "577F00401F305159C7F1E46EF5815789A1F49C49E138F0CB4DE3A4753F33F104", "36CF11FA5C800B0816625A4B654BEEE2CD6208FD5ABFAB1615D8FD834A52CA1D"],
            Migrations.All.Select(m => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(m.Ddl.ReplaceLineEndings("\n"))))));
    }
}
