using SocialCare.Abstractions;
using SocialCare.Core;

namespace SocialCare.Storage.Sqlite.Tests;

/// <summary>
/// Random sequences of commits and claims applied to the in-memory store (the reference) and to the SQLite store must
/// give the same outcomes, the same exceptions and the same answers to every read: orderings, paging, active and latest
/// tickets, moved messages, network ids, outbox claim order, due tickets and loads.
/// </summary>
public sealed class ReferenceEquivalenceTests : IDisposable
{
    private static readonly TicketState[] AllStates = Enum.GetValues<TicketState>();
    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task RandomOperations_GiveTheReferenceAnswers(int seed)
    {
        var random = new Random(seed);
        var reference = new InMemoryTicketStore();
        await using var sqlite = new SqliteTicketStore(_files.Options());
        var world = new World(random);

        for (var step = 0; step < 300; step++)
        {
            if (random.Next(10) == 0)
            {
                var now = world.Time(random.Next(200));
                var lease = TimeSpan.FromMinutes(1 + random.Next(10));
                var limit = 1 + random.Next(4);
                var expected = await reference.ClaimOutboxAsync(now, lease, limit, default);
                var actual = await sqlite.ClaimOutboxAsync(now, lease, limit, default);
                Assert.Equal(Json(expected), Json(actual));
                continue;
            }

            var changes = await world.NextChangeSetAsync(reference);
            var expectedOutcome = await Outcome(() => reference.CommitAsync(changes, default));
            var actualOutcome = await Outcome(() => sqlite.CommitAsync(changes, default));
            Assert.True(expectedOutcome == actualOutcome, $"Step {step}: the reference gave {expectedOutcome}, SQLite {actualOutcome}.");
            world.Remember(changes);

            if (step % 25 == 24)
            {
                await CompareReadsAsync(reference, sqlite, world, random);
            }
        }

        await CompareReadsAsync(reference, sqlite, world, random);

        // And the same after reopening the file.
        await using var reopened = new SqliteTicketStore(_files.Options());
        await CompareReadsAsync(reference, reopened, world, random);
    }

    private static async Task CompareReadsAsync(ITicketStore reference, ITicketStore sqlite, World world, Random random)
    {
        foreach (var id in world.TicketIds)
        {
            Assert.Equal(Json(await reference.GetAsync(id, default)), Json(await sqlite.GetAsync(id, default)));
            Assert.Equal(Json(await reference.GetMessagesAsync(id, default)), Json(await sqlite.GetMessagesAsync(id, default)));
            Assert.Equal(Json(await reference.GetHistoryAsync(id, default)), Json(await sqlite.GetHistoryAsync(id, default)));
        }

        foreach (var conversation in world.Conversations)
        {
            foreach (var customer in world.Customers)
            {
                Assert.Equal(Json(await reference.FindActiveAsync(conversation, customer, default)), Json(await sqlite.FindActiveAsync(conversation, customer, default)));
                Assert.Equal(Json(await reference.FindLatestAsync(conversation, customer, default)), Json(await sqlite.FindLatestAsync(conversation, customer, default)));
            }
        }

        foreach (var networkId in world.NetworkIds)
        {
            foreach (var account in world.Accounts)
            {
                Assert.Equal(
                    Json(await reference.FindMessageAsync(ChannelId.WhatsApp, account, networkId, default)),
                    Json(await sqlite.FindMessageAsync(ChannelId.WhatsApp, account, networkId, default)));
            }
        }

        foreach (var key in world.Events)
        {
            Assert.Equal(await reference.IsProcessedAsync(key, default), await sqlite.IsProcessedAsync(key, default));
        }

        foreach (var messageId in world.OutboxIds)
        {
            Assert.Equal(Json(await reference.GetOutboxEntryAsync(messageId, default)), Json(await sqlite.GetOutboxEntryAsync(messageId, default)));
        }

        for (var i = 0; i < 20; i++)
        {
            var query = world.RandomQuery();
            var expected = await reference.QueryTicketsAsync(query, default);
            Assert.Equal(Json(expected), Json(await sqlite.QueryTicketsAsync(query, default)));
            if (expected.Count > 0)
            {
                // The next page.
                var next = query with { After = expected[^1].Id };
                Assert.Equal(Json(await reference.QueryTicketsAsync(next, default)), Json(await sqlite.QueryTicketsAsync(next, default)));
            }
        }

        var states = AllStates.Where(_ => random.Next(2) == 0).ToArray();
        var expectedLoad = await reference.CountByAssigneeAsync(states, default);
        var actualLoad = await sqlite.CountByAssigneeAsync(states, default);
        Assert.Equal(expectedLoad.OrderBy(p => p.Key.Value, StringComparer.Ordinal), actualLoad.OrderBy(p => p.Key.Value, StringComparer.Ordinal));

        var until = world.Time(random.Next(300));
        var limit = 1 + random.Next(20);
        Assert.Equal(Json(await reference.GetDueTicketsAsync(until, limit, default)), Json(await sqlite.GetDueTicketsAsync(until, limit, default)));
    }

    private static async Task<string> Outcome(Func<Task<CommitOutcome>> commit)
    {
        try
        {
            return (await commit()).ToString();
        }
        catch (TicketConcurrencyException exception)
        {
            return $"{nameof(TicketConcurrencyException)} {exception.TicketId} {exception.ExpectedVersion} {exception.ActualVersion}";
        }
        catch (ArgumentException exception)
        {
            return $"{exception.GetType().Name}: {exception.Message}";
        }
    }

    private static string Json<T>(T value) => value is null ? "null" : SocialCareJson.Serialize(value);

    private static string Json(IReadOnlyList<Ticket> tickets) => string.Join("\n", tickets.Select(SocialCareJson.Serialize));

    private static string Json(IReadOnlyList<OutboxEntry> entries) => string.Join("\n", entries.Select(SocialCareJson.Serialize));

    private static string Json(IReadOnlyList<TicketHistoryEntry> entries) => string.Join("\n", entries.Select(SocialCareJson.Serialize));

    /// <summary>A small world (few conversations, customers and ids) so that random operations collide often.</summary>
    private sealed class World(Random random)
    {
        private static readonly DateTimeOffset Start = new(2026, 11, 20, 18, 30, 0, TimeSpan.Zero);
        private readonly List<Message> _messages = [];
        private int _serial;

        public List<ConversationRef> Conversations { get; } =
        [
            .. Enumerable.Range(0, 3).SelectMany(n => new[]
            {
                new ConversationRef(ChannelId.WhatsApp, new ChannelAccountId("acc-1"), new ThreadId($"thread-{n}"), ConversationVisibility.Private),
                new ConversationRef(ChannelId.WhatsApp, new ChannelAccountId("acc-2"), new ThreadId($"thread-{n}"), ConversationVisibility.Public),
            }),
        ];

        public List<CustomerId> Customers { get; } = [new("c-1"), new("c-2"), new("c-3")];

        public List<ChannelAccountId> Accounts { get; } = [new("acc-1"), new("acc-2")];

        public List<AgentId> Agents { get; } = [new("zoe"), new("yan")];

        public HashSet<TicketId> TicketIds { get; } = [];

        public HashSet<NetworkMessageId> NetworkIds { get; } = [];

        public HashSet<IdempotencyKey> Events { get; } = [];

        public HashSet<MessageId> OutboxIds { get; } = [];

        public DateTimeOffset Time(int minutes)
        {
            // Offsets vary, so that ordering must go by the UTC instant.
            var offset = TimeSpan.FromHours((minutes % 3) - 1);
            return Start.AddMinutes(minutes).ToOffset(offset);
        }

        public async Task<TicketChangeSet> NextChangeSetAsync(ITicketStore reference)
        {
            var tickets = new List<TicketWrite>();
            var added = new List<Message>();
            var updated = new List<Message>();
            var history = new List<TicketHistoryEntry>();
            var outbox = new List<OutboxEntry>();

            var writes = random.Next(10) == 0 ? 2 : 1;
            for (var i = 0; i < writes; i++)
            {
                if (TicketIds.Count == 0 || random.Next(3) == 0)
                {
                    tickets.Add(new TicketWrite(NewTicket(), random.Next(20) == 0 ? 1 : 0));
                }
                else
                {
                    var stored = await reference.GetAsync(Pick(TicketIds), default);
                    if (stored is not null)
                    {
                        var expected = random.Next(12) == 0 ? stored.Version - 1 : stored.Version;
                        tickets.Add(new TicketWrite(Change(stored) with { Version = expected + 1 }, expected));
                    }
                }
            }

            if (tickets.Count == 2 && random.Next(4) == 0)
            {
                tickets[1] = tickets[0];
            }

            var owner = tickets.Count > 0 ? tickets[0].Ticket : null;
            for (var i = random.Next(3); i > 0 && owner is not null; i--)
            {
                added.Add(NewMessage(owner));
            }

            if (random.Next(15) == 0 && _messages.Count > 0)
            {
                added.Add(Pick(_messages));
            }

            if (_messages.Count > 0 && random.Next(4) == 0)
            {
                var message = Pick(_messages);
                var target = random.Next(2) == 0 && TicketIds.Count > 0 ? Pick(TicketIds) : message.TicketId;
                updated.Add(message with
                {
                    TicketId = target,
                    NetworkId = random.Next(3) == 0 ? NewNetworkId() : message.NetworkId,
                    Status = (DeliveryStatus)random.Next(3),
                });
            }

            if (random.Next(20) == 0)
            {
                updated.Add(NewMessage(owner ?? NewTicket()));
            }

            if (owner is not null)
            {
                history.Add(new TicketHistoryEntry(owner.Id, Time(random.Next(200)), owner.State, owner.State, $"step {_serial}"));
            }

            if (random.Next(3) == 0)
            {
                var message = random.Next(4) == 0 || (added.Count == 0 && _messages.Count == 0)
                    ? new MessageId($"m-{random.Next(6):D2}")
                    : added.Count > 0 && random.Next(2) == 0 ? added[0].Id : Pick(_messages).Id;
                var entry = new OutboxEntry(
                    message,
                    owner?.Id ?? new TicketId("t-none"),
                    new OutboundMessage(message, Conversations[0], [new TextPart("Reply")]),
                    Time(random.Next(5)))
                {
                    State = random.Next(4) == 0 ? OutboxState.Sent : OutboxState.Queued,
                    NextAttemptAt = Time(random.Next(6) * 20),
                };
                outbox.Add(entry);
            }

            var key = new IdempotencyKey(ChannelId.WhatsApp, Pick(Accounts), $"e-{random.Next(60)}");
            return new TicketChangeSet
            {
                Event = random.Next(8) == 0 ? null : key,
                Tickets = tickets,
                AddedMessages = added,
                UpdatedMessages = updated,
                History = history,
                Outbox = outbox,
            };
        }

        public void Remember(TicketChangeSet changes)
        {
            foreach (var write in changes.Tickets)
            {
                TicketIds.Add(write.Ticket.Id);
            }

            foreach (var message in changes.AddedMessages.Concat(changes.UpdatedMessages))
            {
                _messages.Add(message);
                if (message.NetworkId is { } networkId)
                {
                    NetworkIds.Add(networkId);
                }
            }

            foreach (var entry in changes.Outbox)
            {
                OutboxIds.Add(entry.MessageId);
            }

            if (changes.Event is { } key)
            {
                Events.Add(key);
            }
        }

        public TicketQuery RandomQuery() => new()
        {
            States = random.Next(3) == 0 ? [.. AllStates.Where(_ => random.Next(2) == 0)] : null,
            Customer = random.Next(3) == 0 ? Pick(Customers) : null,
            Assignee = random.Next(4) == 0 ? Pick(Agents) : null,
            UnassignedOnly = random.Next(5) == 0,
            Channel = random.Next(5) == 0 ? (random.Next(2) == 0 ? ChannelId.WhatsApp : ChannelId.X) : null,
            CreatedFrom = random.Next(4) == 0 ? Time(random.Next(100)) : null,
            CreatedBefore = random.Next(4) == 0 ? Time(random.Next(200)) : null,
            After = random.Next(4) == 0 && TicketIds.Count > 0 ? Pick(TicketIds) : null,
            NewestFirst = random.Next(2) == 0,
            Limit = 1 + random.Next(6),
        };

        private Ticket NewTicket()
        {
            var created = Time(random.Next(200));
            var id = random.Next(2) == 0 ? TicketId.New(created) : new TicketId($"t-{random.Next(1000):D4}");
            return new Ticket(id, Pick(Conversations), Pick(Customers), RandomState(), created, 1)
            {
                Assignee = random.Next(2) == 0 ? Pick(Agents) : null,
                WakeAt = random.Next(2) == 0 ? Time(random.Next(300)) : null,
                UpdatedAt = created,
            };
        }

        private Ticket Change(Ticket ticket) => ticket with
        {
            State = random.Next(2) == 0 ? RandomState() : ticket.State,
            Assignee = random.Next(3) == 0 ? (random.Next(2) == 0 ? Pick(Agents) : null) : ticket.Assignee,
            WakeAt = random.Next(3) == 0 ? (random.Next(2) == 0 ? Time(random.Next(300)) : null) : ticket.WakeAt,
            Conversation = random.Next(10) == 0 ? Pick(Conversations) : ticket.Conversation,
            Customer = random.Next(10) == 0 ? Pick(Customers) : ticket.Customer,
            UpdatedAt = Time(random.Next(300)),
        };

        private Message NewMessage(Ticket ticket)
        {
            var at = Time(random.Next(200));
            return new Message(new MessageId($"m-{++_serial:D4}"), ticket.Id, ticket.Conversation, MessageDirection.Inbound, AuthorKind.Customer, at, [new TextPart($"text {_serial}")])
            {
                NetworkId = random.Next(5) == 0 ? null : NewNetworkId(),
                ReceivedAt = at,
            };
        }

        private NetworkMessageId NewNetworkId() => new($"wamid.{random.Next(40)}");

        private TicketState RandomState() => random.Next(3) == 0 ? AllStates[random.Next(AllStates.Length)] : TicketState.Open;

        private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

        private T Pick<T>(HashSet<T> items) => items.ElementAt(random.Next(items.Count));
    }
}
