using SocialCare.Abstractions;
using Xunit;

namespace SocialCare.Testing;

/// <content>The model values the contract tests store, and the small helpers that write and compare them.</content>
public abstract partial class TicketStoreContractTests
{
    /// <summary>The time the samples start at: with ticks below the microsecond, which a store must keep.</summary>
    protected static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 11, 22, 9, 30, 15, 123, TimeSpan.Zero).AddTicks(4567);

    /// <summary>The brand's Facebook Page in the samples.</summary>
    protected static readonly ChannelAccountId Page = new("104512345678901");

    /// <summary>The brand's WhatsApp phone number id in the samples.</summary>
    protected static readonly ChannelAccountId Phone = new("109876543210987");

    /// <summary>Creates a Messenger identity.</summary>
    /// <param name="key">The person's page-scoped id.</param>
    /// <returns>The identity.</returns>
    protected static Participant Person(string key) => new(ChannelId.Facebook, Page, new NetworkUserId(key)) { DisplayName = "Giulia Rossi" };

    /// <summary>Creates a private Messenger conversation with a person.</summary>
    /// <param name="key">The person's page-scoped id.</param>
    /// <returns>The conversation.</returns>
    protected static ConversationRef Chat(string key) => ConversationRef.PrivateWith(Person(key));

    /// <summary>Creates a public thread (a Page post's comments).</summary>
    /// <param name="post">The post id.</param>
    /// <returns>The conversation.</returns>
    protected static ConversationRef Thread(string post) => new(ChannelId.Facebook, Page, new ThreadId(post), ConversationVisibility.Public);

    /// <summary>Creates a ticket at version 1, ready to be created.</summary>
    /// <param name="id">The ticket's id.</param>
    /// <param name="conversation">Its conversation.</param>
    /// <param name="customer">Its customer.</param>
    /// <param name="state">Its state.</param>
    /// <param name="createdAt">When it was created; <see cref="T0"/> when not given.</param>
    /// <returns>The ticket.</returns>
    protected static Ticket NewTicket(string id, ConversationRef conversation, string customer = "c1", TicketState state = TicketState.New, DateTimeOffset? createdAt = null)
    {
        var at = createdAt ?? T0;
        return new Ticket(new TicketId(id), conversation, new CustomerId(customer), state, at, 1) { UpdatedAt = at, StateChangedAt = at };
    }

    /// <summary>Creates a text message of a ticket.</summary>
    /// <param name="id">The message's id.</param>
    /// <param name="ticket">The ticket.</param>
    /// <param name="text">The text.</param>
    /// <param name="networkId">The network's id of the message, when it has one.</param>
    /// <param name="sentAt">When it was written; <see cref="T0"/> when not given.</param>
    /// <returns>The message.</returns>
    protected static Message NewMessage(string id, Ticket ticket, string text, string? networkId = null, DateTimeOffset? sentAt = null)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return new Message(new MessageId(id), ticket.Id, ticket.Conversation, MessageDirection.Inbound, AuthorKind.Customer, sentAt ?? T0, [new TextPart(text)])
        {
            NetworkId = networkId is null ? null : new NetworkMessageId(networkId),
            ReceivedAt = sentAt ?? T0,
        };
    }

    /// <summary>Creates a queued outbox entry for an agent's reply.</summary>
    /// <param name="message">The reply, already part of a change set or stored.</param>
    /// <param name="nextAttemptAt">When it may be sent; <see cref="T0"/> when not given.</param>
    /// <param name="enqueuedAt">When it was queued; <see cref="T0"/> when not given.</param>
    /// <returns>The entry.</returns>
    protected static OutboxEntry NewOutboxEntry(Message message, DateTimeOffset? nextAttemptAt = null, DateTimeOffset? enqueuedAt = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new OutboxEntry(message.Id, message.TicketId, new OutboundMessage(message.Id, message.Conversation, message.Parts), enqueuedAt ?? T0)
        {
            NextAttemptAt = nextAttemptAt ?? T0,
        };
    }

    /// <summary>Creates an agent's reply on a ticket.</summary>
    /// <param name="id">The message's id.</param>
    /// <param name="ticket">The ticket.</param>
    /// <param name="text">The text.</param>
    /// <returns>The reply.</returns>
    protected static Message NewReply(string id, Ticket ticket, string text)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return new Message(new MessageId(id), ticket.Id, ticket.Conversation, MessageDirection.Outbound, AuthorKind.Agent, T0, [new TextPart(text)])
        {
            Agent = new AgentId("zoe"),
            Status = DeliveryStatus.Pending,
        };
    }

    /// <summary>Creates an idempotency key of a Messenger event.</summary>
    /// <param name="eventId">The event's id.</param>
    /// <returns>The key.</returns>
    protected static IdempotencyKey Key(string eventId) => new(ChannelId.Facebook, Page, eventId);

    /// <summary>Stores new tickets (each at version 1, expected version 0) in one commit.</summary>
    /// <param name="tickets">The tickets.</param>
    /// <returns>The outcome.</returns>
    protected Task<CommitOutcome> CreateAsync(params Ticket[] tickets)
        => Store.CommitAsync(new TicketChangeSet { Tickets = [.. tickets.Select(t => new TicketWrite(t with { Version = 1 }, 0))] }, CancellationToken.None);

    /// <summary>Saves a changed ticket over the stored version it was read at.</summary>
    /// <param name="read">The ticket as it was read.</param>
    /// <param name="change">The change.</param>
    /// <param name="store">The store to use; <see cref="Store"/> when not given.</param>
    /// <returns>The ticket as saved (its version one higher).</returns>
    protected async Task<Ticket> UpdateAsync(Ticket read, Func<Ticket, Ticket> change, ITicketStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(change);
        var saved = change(read) with { Version = read.Version + 1 };
        await (store ?? Store).CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(saved, read.Version)] }, CancellationToken.None).ConfigureAwait(false);
        return saved;
    }

    /// <summary>Asserts that two model values are the same, property by property (their JSON forms are equal).</summary>
    /// <typeparam name="T">The model type.</typeparam>
    /// <param name="expected">The expected value.</param>
    /// <param name="actual">The value read back.</param>
    protected static void AssertSame<T>(T expected, T? actual)
        where T : class
    {
        Assert.NotNull(actual);
        Assert.Equal(SocialCareJson.Serialize(expected), SocialCareJson.Serialize(actual));
    }

    /// <summary>Asserts that two lists of model values are the same, item by item and in order.</summary>
    /// <typeparam name="T">The model type.</typeparam>
    /// <param name="expected">The expected values.</param>
    /// <param name="actual">The values read back.</param>
    protected static void AssertSameList<T>(IEnumerable<T> expected, IEnumerable<T> actual)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Assert.Equal(expected.Select(SocialCareJson.Serialize).ToList(), actual.Select(SocialCareJson.Serialize).ToList());
    }

    /// <summary>A ticket with every property set, as a round trip must keep it.</summary>
    /// <returns>The ticket.</returns>
    protected static Ticket FullTicket()
    {
        var plus2 = TimeSpan.FromHours(2);
        return new Ticket(new TicketId("0195f0c2a1b27c3d8e9f0a1b2c3d4e5f"), Thread("104512345678901_998877"), new CustomerId("c-full"), TicketState.Pending, T0, 1)
        {
            Priority = TicketPriority.Urgent,
            Assignee = new AgentId("zoe"),
            UpdatedAt = T0.AddMinutes(9),
            LastCustomerMessageAt = T0.AddMinutes(1).ToOffset(plus2),
            LastAgentMessageAt = T0.AddMinutes(2),
            PreviousTicket = new TicketId("0195f0c2a1b27c3d8e9f0a1b2c3d4e00"),
            StateChangedAt = T0.AddMinutes(3),
            FirstResponseAt = T0.AddMinutes(2),
            ResolvedAt = T0.AddMinutes(4),
            ReopenCount = 2,
            RequiredSkills = ["billing", "italiano"],
            Sla = new TicketSla("vip")
            {
                FirstResponse = new SlaClock(SlaMetric.FirstResponse, TimeSpan.FromMinutes(15))
                {
                    Used = TimeSpan.FromMinutes(2),
                    StoppedAt = T0.AddMinutes(2),
                    WarnAt = T0.AddMinutes(12),
                    DueAt = T0.AddMinutes(15),
                    Warned = true,
                },
                NextResponse = new SlaClock(SlaMetric.NextResponse, TimeSpan.FromHours(1)) { RunningSince = T0.AddMinutes(5), DueAt = T0.AddMinutes(65) },
                Resolution = new SlaClock(SlaMetric.Resolution, TimeSpan.FromHours(8)) { BreachedAt = T0.AddHours(8), Used = TimeSpan.FromHours(8).Add(TimeSpan.FromTicks(1)) },
            },
            WakeAt = T0.AddMinutes(65),
            ControlledElsewhere = true,
            PublicReplyRefused = true,
        };
    }

    /// <summary>Every kind of message part, with every property set.</summary>
    /// <returns>The parts.</returns>
    protected static IReadOnlyList<MessagePart> AllParts()
    {
        var mid = new NetworkMessageId("m_AbC-123");
        return
        [
            new TextPart("Ciao! Il mio ordine #1042 non è arrivato 😢 <b>&amp;</b> 'quote' \"double\" \\ \u0000 end"),
            new MediaPart(MediaKind.Image)
            {
                NetworkMediaId = "1234567890",
                Url = new Uri("https://cdn.example.test/image.jpg?sig=abc"),
                MimeType = "image/jpeg",
                Size = 123456,
                Sha256 = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=",
                Caption = "the box",
                FileName = "box.jpg",
            },
            new MediaPart(MediaKind.Audio) { NetworkMediaId = "55", MimeType = "audio/ogg; codecs=opus", IsVoice = true },
            new LocationPart(45.4642, 9.19) { Name = "Duomo", Address = "Piazza del Duomo, Milano", Url = new Uri("https://maps.example.test/duomo") },
            new ContactPart("Mario Bianchi")
            {
                FirstName = "Mario",
                LastName = "Bianchi",
                Organization = "ACME",
                Phones = [new ContactPhone("+39 02 1234567") { Type = "WORK", WhatsAppId = new NetworkUserId("39021234567") }],
                Emails = ["mario@example.test"],
            },
            new ChoicePart(ChoiceKind.QuickReply, "Track my order", "TRACK_ORDER"),
            new ChoicePart(ChoiceKind.ListItem, "Milano Centro", "STORE_MI") { Description = "Via Dante 4", Section = "Lombardia" },
            new ReactionPart("❤", mid),
            new ReactionPart("", mid) { Removed = true },
            new UnsupportedPart("ephemeral") { Description = "Message type unsupported" },
        ];
    }

    /// <summary>A message with every property set, as a round trip must keep it.</summary>
    /// <param name="ticket">The ticket it belongs to.</param>
    /// <returns>The message.</returns>
    protected static Message FullMessage(Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return new Message(new MessageId("0195f0c2a1b27c3d8e9f0a1b2c3d4e60"), ticket.Id, ticket.Conversation, MessageDirection.Inbound, AuthorKind.Customer, T0.ToOffset(TimeSpan.FromHours(-5)), AllParts())
        {
            Sender = Person("7712345678901234") with { Handle = "giulia.r", Phone = "393471234567" },
            Agent = new AgentId("zoe"),
            NetworkId = new NetworkMessageId("104512345678901_998877_1"),
            ReplyTo = new MessageId("0195f0c2a1b27c3d8e9f0a1b2c3d4e59"),
            ReplyToNetworkId = new NetworkMessageId("104512345678901_998877"),
            ReceivedAt = T0.AddSeconds(1),
            EditedAt = T0.AddSeconds(2),
            DeletedAt = T0.AddSeconds(3),
            Status = DeliveryStatus.Failed,
            Failure = new DeliveryFailure("131047", "Re-engagement message"),
            Referral = new Referral("ADS")
            {
                Ref = "spring-sale",
                SourceId = "120201234",
                SourceType = "ad",
                SourceUrl = new Uri("https://fb.example.test/ad/120201234"),
                Headline = "Spring sale",
                Body = "20% off",
            },
            PrivateReply = true,
        };
    }
}
