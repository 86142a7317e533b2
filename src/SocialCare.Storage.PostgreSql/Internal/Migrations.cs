namespace SocialCare.Storage.PostgreSql;

/// <summary>One schema change: applied once, in order, recorded in <c>schema_version</c>.</summary>
/// <param name="Version">The version the schema has after this migration.</param>
/// <param name="Description">What it does, for people reading <c>schema_version</c>.</param>
/// <param name="Ddl">The statements, with <c>{s}</c> standing for the quoted schema name.</param>
internal sealed record Migration(int Version, string Description, string Ddl)
{
    /// <summary>The statements for one schema.</summary>
    public string For(string quotedSchema) => Ddl.Replace("{s}", quotedSchema, StringComparison.Ordinal);
}

/// <summary>
/// The schema's history. Never edit a migration that has shipped: databases out there were built by it. Add a new one
/// with the next version instead; <see cref="Latest"/> follows.
/// </summary>
/// <remarks>
/// Times in index columns are UTC ticks (<see cref="DateTimeOffset.UtcTicks"/>, bigint) so that ordering is exact to
/// 100 ns; the documents (<c>doc</c>, UTF-8 JSON from <c>SocialCareJson</c> in <c>bytea</c>) keep the exact
/// <see cref="DateTimeOffset"/> values with their offsets. Identifiers compared ordinally are <c>COLLATE "C"</c>.
/// </remarks>
internal static class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "tickets, messages, history, idempotency records, outbox, customers and identities", """
            CREATE TABLE {s}.tickets (
                id text COLLATE "C" PRIMARY KEY,
                seq bigint GENERATED ALWAYS AS IDENTITY,
                channel text NOT NULL,
                account text NOT NULL,
                thread text NOT NULL,
                visibility smallint NOT NULL,
                customer_id text COLLATE "C" NOT NULL,
                state smallint NOT NULL,
                active boolean NOT NULL,
                assignee text,
                created_at bigint NOT NULL,
                wake_at bigint,
                version bigint NOT NULL,
                doc bytea NOT NULL
            );
            CREATE UNIQUE INDEX tickets_one_active ON {s}.tickets (channel, account, thread, visibility, customer_id) WHERE active;
            CREATE INDEX tickets_by_customer ON {s}.tickets (customer_id, channel, account, thread, visibility, seq);
            CREATE INDEX tickets_wake_at ON {s}.tickets (wake_at, id) WHERE wake_at IS NOT NULL;
            CREATE INDEX tickets_by_assignee ON {s}.tickets (assignee, state) WHERE assignee IS NOT NULL;

            CREATE TABLE {s}.messages (
                id text COLLATE "C" PRIMARY KEY,
                seq bigint GENERATED ALWAYS AS IDENTITY,
                ticket_id text COLLATE "C" NOT NULL,
                doc bytea NOT NULL
            );
            CREATE INDEX messages_timeline ON {s}.messages (ticket_id, seq);

            CREATE TABLE {s}.message_network_ids (
                channel text NOT NULL,
                account text NOT NULL,
                network_id text NOT NULL,
                message_id text COLLATE "C" NOT NULL,
                PRIMARY KEY (channel, account, network_id)
            );

            CREATE TABLE {s}.history (
                ticket_id text COLLATE "C" NOT NULL,
                seq bigint GENERATED ALWAYS AS IDENTITY,
                doc bytea NOT NULL,
                PRIMARY KEY (ticket_id, seq)
            );

            CREATE TABLE {s}.processed_events (
                channel text NOT NULL,
                account text NOT NULL,
                event_id text NOT NULL,
                recorded_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (channel, account, event_id)
            );

            CREATE TABLE {s}.outbox (
                message_id text COLLATE "C" PRIMARY KEY,
                ticket_id text COLLATE "C" NOT NULL,
                state smallint NOT NULL,
                attempts integer NOT NULL,
                next_attempt_at bigint NOT NULL,
                enqueued_at bigint NOT NULL,
                message_seq bigint NOT NULL,
                claimed_until bigint,
                claimed_until_offset smallint,
                doc bytea NOT NULL
            );
            CREATE INDEX outbox_queue ON {s}.outbox (next_attempt_at, enqueued_at, message_seq, message_id) WHERE state = 0;

            CREATE TABLE {s}.customers (
                id text COLLATE "C" PRIMARY KEY,
                seq bigint GENERATED ALWAYS AS IDENTITY,
                doc bytea NOT NULL
            );

            CREATE TABLE {s}.customer_identities (
                channel text NOT NULL,
                account text NOT NULL,
                user_key text NOT NULL,
                customer_id text COLLATE "C" NOT NULL,
                phone text,
                PRIMARY KEY (channel, account, user_key)
            );
            """),
        new(2, "index identities by phone number, for recognising a known customer's new identity", """
            CREATE INDEX customer_identities_phone ON {s}.customer_identities (channel, account, phone) WHERE phone IS NOT NULL;
            """),
        new(3, "messages' sent time and redaction flag, for the retention policy (rows written before are dated as it reaches them)", """
            ALTER TABLE {s}.messages ADD COLUMN sent_at bigint, ADD COLUMN redacted boolean NOT NULL DEFAULT false;
            CREATE INDEX messages_retention ON {s}.messages (sent_at, seq) WHERE NOT redacted;
            CREATE INDEX messages_undated ON {s}.messages (seq) WHERE sent_at IS NULL;
            """),
        new(4, "the event-webhook queue: deliveries of ticket events to the host's endpoints, pending (0) or dead (1)", """
            CREATE TABLE {s}.event_deliveries (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id text COLLATE "C" NOT NULL UNIQUE,
                endpoint text COLLATE "C" NOT NULL,
                ticket_id text COLLATE "C" NOT NULL,
                event_type text NOT NULL,
                payload text NOT NULL,
                created_at bigint NOT NULL,
                state smallint NOT NULL,
                attempts integer NOT NULL,
                next_attempt_at bigint NOT NULL,
                claimed_until bigint,
                dead_at bigint,
                last_error text
            );
            CREATE INDEX event_deliveries_heads ON {s}.event_deliveries (endpoint, ticket_id, seq) WHERE state = 0;
            CREATE INDEX event_deliveries_due ON {s}.event_deliveries (next_attempt_at, seq) WHERE state = 0;
            CREATE INDEX event_deliveries_ticket ON {s}.event_deliveries (ticket_id);
            """),
    ];

    /// <summary>Gets the version this package builds and understands.</summary>
    public static int Latest => All[^1].Version;
}
