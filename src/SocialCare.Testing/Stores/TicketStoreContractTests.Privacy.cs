using SocialCare.Abstractions;
using Xunit;

namespace SocialCare.Testing;

/// <content>Privacy: a customer's erasure and the retention policy, the same in every store.</content>
public abstract partial class TicketStoreContractTests
{
    private static readonly DateTimeOffset ErasedAt = T0.AddDays(30);

    /// <summary>Stores two tickets of customer c1 (a chat with a reply queued, a public thread) and one of customer c2.</summary>
    private async Task<(Ticket Chat, Ticket Thread, Ticket Other, Message Question, Message Reply)> SeedCustomersAsync()
    {
        var chat = NewTicket("t1", Chat("u1"), "c1", TicketState.Resolved) with
        {
            Assignee = new AgentId("zoe"),
            Satisfaction = new TicketSatisfaction(T0.AddMinutes(5)) { Rating = 4, RatedAt = T0.AddMinutes(6), Agent = new AgentId("zoe") },
        };
        var thread = NewTicket("t2", Thread("post-1"), "c1");
        var other = NewTicket("t3", Chat("u2"), "c2");
        var question = NewMessage("m1", chat, "My address is Via Roma 1, my phone +39 333 1234567", "mid-1") with
        {
            Sender = Person("u1"),
            Referral = new Referral("ADS") { Ref = "spring" },
        };
        var reply = NewReply("m2", chat, "Thanks Giulia, on its way");
        var comment = NewMessage("m3", thread, "Where is my parcel?", "mid-3") with { Sender = Person("u1") };
        var untouched = NewMessage("m4", other, "Hello from someone else", "mid-4") with { Sender = Person("u2") };
        await Store.CommitAsync(
            new TicketChangeSet
            {
                Tickets = [new TicketWrite(chat, 0), new TicketWrite(thread, 0), new TicketWrite(other, 0)],
                AddedMessages = [question, reply, comment, untouched],
                History = [new TicketHistoryEntry(chat.Id, T0, TicketState.New, TicketState.New, "created")],
                Outbox = [NewOutboxEntry(reply) with { Message = NewOutboxEntry(reply).Message with { Recipient = Person("u1") } }],
            },
            CancellationToken.None).ConfigureAwait(false);
        return (chat, thread, other, question, reply);
    }

    /// <summary>Erasure empties the customer's messages, anonymises their tickets' threads and keeps what the metrics need.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task ErasesACustomersContent_AndKeepsTheirTicketsAnonymised()
    {
        var (chat, thread, other, question, reply) = await SeedCustomersAsync().ConfigureAwait(false);

        var count = await Store.EraseCustomerAsync(new CustomerId("c1"), ErasedAt, CancellationToken.None).ConfigureAwait(false);

        Assert.Equal(new ErasureCount(2, 3), count);
        var erased = await Store.GetAsync(chat.Id, CancellationToken.None).ConfigureAwait(false);
        Assert.NotNull(erased);
        Assert.Equal(ErasedAt, erased.ErasedAt);
        Assert.Equal(chat.Version + 1, erased.Version);
        Assert.Equal(new ThreadId("erased-t1"), erased.Conversation.Thread);
        Assert.Equal((chat.Customer, chat.State, chat.Assignee, chat.CreatedAt), (erased.Customer, erased.State, erased.Assignee, erased.CreatedAt));
        Assert.Equal(4, erased.Satisfaction!.Rating);

        var messages = await Store.GetMessagesAsync(chat.Id, CancellationToken.None).ConfigureAwait(false);
        Assert.Equal([question.Id, reply.Id], messages.Select(m => m.Id));
        Assert.All(messages, m =>
        {
            Assert.Empty(m.Parts);
            Assert.Null(m.Sender);
            Assert.Null(m.Referral);
            Assert.Equal(ErasedAt, m.RedactedAt);
            Assert.Equal(erased.Conversation, m.Conversation);
        });
        Assert.Equal((question.Direction, question.Author, question.SentAt), (messages[0].Direction, messages[0].Author, messages[0].SentAt));
        Assert.Empty(Assert.Single(await Store.GetMessagesAsync(thread.Id, CancellationToken.None).ConfigureAwait(false)).Parts);

        // Nothing finds them by what the person wrote from.
        Assert.Null(await Store.FindActiveAsync(chat.Conversation, chat.Customer, CancellationToken.None).ConfigureAwait(false));
        Assert.Null(await Store.FindLatestAsync(chat.Conversation, chat.Customer, CancellationToken.None).ConfigureAwait(false));
        Assert.Null(await Store.FindActiveAsync(thread.Conversation, thread.Customer, CancellationToken.None).ConfigureAwait(false));
        Assert.Null(await Store.FindMessageAsync(ChannelId.Facebook, Page, new NetworkMessageId("mid-1"), CancellationToken.None).ConfigureAwait(false));

        // The queued reply is never sent, and keeps neither content nor recipient.
        var entry = await Store.GetOutboxEntryAsync(reply.Id, CancellationToken.None).ConfigureAwait(false);
        Assert.NotNull(entry);
        Assert.Equal(OutboxState.Failed, entry.State);
        Assert.Equal(StoreRedaction.ErasedCode, entry.LastError!.Code);
        Assert.Empty(entry.Message.Parts);
        Assert.Null(entry.Message.Recipient);
        Assert.Empty(await Store.ClaimOutboxAsync(T0.AddDays(60), TimeSpan.FromMinutes(1), 10, CancellationToken.None).ConfigureAwait(false));

        // History stays; the other customer is untouched; the customer's tickets are still theirs (the metrics count them).
        Assert.Single(await Store.GetHistoryAsync(chat.Id, CancellationToken.None).ConfigureAwait(false));
        var kept = Assert.Single(await Store.GetMessagesAsync(other.Id, CancellationToken.None).ConfigureAwait(false));
        Assert.Equal("Hello from someone else", Assert.IsType<TextPart>(Assert.Single(kept.Parts)).Text);
        AssertSame(other, await Store.FindActiveAsync(other.Conversation, other.Customer, CancellationToken.None).ConfigureAwait(false));
        var theirs = await Store.QueryTicketsAsync(new TicketQuery { Customer = new CustomerId("c1") }, CancellationToken.None).ConfigureAwait(false);
        Assert.Equal([chat.Id, thread.Id], theirs.Select(t => t.Id));
    }

    /// <summary>A second erasure finds nothing left and changes nothing; a stale writer's commit is refused.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task ErasureIsIdempotent_AndAStaleWriterIsRefused()
    {
        var (chat, _, _, _, _) = await SeedCustomersAsync().ConfigureAwait(false);
        await Store.EraseCustomerAsync(new CustomerId("c1"), ErasedAt, CancellationToken.None).ConfigureAwait(false);
        var first = await Store.GetAsync(chat.Id, CancellationToken.None).ConfigureAwait(false);

        var again = await Store.EraseCustomerAsync(new CustomerId("c1"), ErasedAt.AddDays(1), CancellationToken.None).ConfigureAwait(false);

        Assert.Equal(new ErasureCount(0, 0), again);
        AssertSame(first!, await Store.GetAsync(chat.Id, CancellationToken.None).ConfigureAwait(false));
        Assert.Equal(new ErasureCount(0, 0), await Store.EraseCustomerAsync(new CustomerId("nobody"), ErasedAt, CancellationToken.None).ConfigureAwait(false));

        // The engine read the ticket before the erasure: its save must fail, so that it reads the erased ticket again.
        var stale = chat with { Version = chat.Version + 1, Priority = TicketPriority.High };
        await Assert.ThrowsAsync<TicketConcurrencyException>(() => Store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(stale, chat.Version)] }, CancellationToken.None)).ConfigureAwait(false);
    }

    /// <summary>Another instance sees the erasure.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task ErasureIsSeenByAnotherInstance()
    {
        var (chat, _, _, _, _) = await SeedCustomersAsync().ConfigureAwait(false);
        var second = await SecondStoreAsync().ConfigureAwait(false);

        await second.EraseCustomerAsync(new CustomerId("c1"), ErasedAt, CancellationToken.None).ConfigureAwait(false);

        Assert.Equal(ErasedAt, (await Store.GetAsync(chat.Id, CancellationToken.None).ConfigureAwait(false))!.ErasedAt);
        Assert.All(await Store.GetMessagesAsync(chat.Id, CancellationToken.None).ConfigureAwait(false), m => Assert.Empty(m.Parts));
    }

    /// <summary>Retention redacts the oldest content first, a batch at a time, and nothing else.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task RetentionRedactsOldContent_OldestFirst_ABatchAtATime()
    {
        var ticket = NewTicket("t1", Chat("u1"));
        var old = Enumerable.Range(0, 5).Select(i => NewMessage($"m{i}", ticket, $"old {i}", $"mid-{i}", T0.AddDays(i)) with { Sender = Person("u1") }).ToList();
        var recent = NewMessage("m9", ticket, "recent", "mid-9", T0.AddDays(40));
        var sentReply = NewReply("r1", ticket, "an old answer") with { SentAt = T0.AddDays(1).AddHours(1), Status = DeliveryStatus.Delivered };
        await Store.CommitAsync(
            new TicketChangeSet
            {
                Tickets = [new TicketWrite(ticket, 0)],
                AddedMessages = [.. old, sentReply, recent],
                Outbox = [NewOutboxEntry(sentReply) with { State = OutboxState.Sent }],
            },
            CancellationToken.None).ConfigureAwait(false);
        var before = T0.AddDays(3);
        var at = T0.AddDays(60);

        Assert.Equal(2, await Store.RedactMessagesBeforeAsync(before, at, 2, CancellationToken.None).ConfigureAwait(false));
        var messages = await Store.GetMessagesAsync(ticket.Id, CancellationToken.None).ConfigureAwait(false);
        Assert.Equal(["m0", "m1"], messages.Where(m => m.RedactedAt is not null).Select(m => m.Id.Value));

        Assert.Equal(2, await Store.RedactMessagesBeforeAsync(before, at, 2, CancellationToken.None).ConfigureAwait(false));
        Assert.Equal(0, await Store.RedactMessagesBeforeAsync(before, at, 2, CancellationToken.None).ConfigureAwait(false));

        messages = await Store.GetMessagesAsync(ticket.Id, CancellationToken.None).ConfigureAwait(false);
        Assert.Equal(["m0", "m1", "m2", "r1"], messages.Where(m => m.RedactedAt is not null).Select(m => m.Id.Value).Order(StringComparer.Ordinal));
        var redacted = messages.Single(m => m.Id.Value == "m0");
        Assert.Empty(redacted.Parts);
        Assert.Equal(at, redacted.RedactedAt);
        Assert.Equal(Person("u1"), redacted.Sender);
        Assert.Equal("recent", Assert.IsType<TextPart>(Assert.Single(messages.Single(m => m.Id.Value == "m9").Parts)).Text);
        Assert.Equal("old 3", Assert.IsType<TextPart>(Assert.Single(messages.Single(m => m.Id.Value == "m3").Parts)).Text);
        Assert.Empty((await Store.GetOutboxEntryAsync(sentReply.Id, CancellationToken.None).ConfigureAwait(false))!.Message.Parts);
        AssertSame(ticket, await Store.GetAsync(ticket.Id, CancellationToken.None).ConfigureAwait(false));
        Assert.NotNull(await Store.FindMessageAsync(ChannelId.Facebook, Page, new NetworkMessageId("mid-0"), CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>
    /// An update read before retention redacted the message (a delivery status arriving meanwhile) keeps its new facts but
    /// never brings the content back.
    /// </summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task AnUpdateReadBeforeRetention_KeepsTheMessageRedacted()
    {
        var ticket = NewTicket("t1", Chat("u1"));
        var reply = NewReply("r1", ticket, "Your code is 4411") with { SentAt = T0.AddDays(1) };
        await Store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(ticket, 0)], AddedMessages = [reply] }, CancellationToken.None).ConfigureAwait(false);
        var at = T0.AddDays(60);
        Assert.Equal(1, await Store.RedactMessagesBeforeAsync(T0.AddDays(2), at, 10, CancellationToken.None).ConfigureAwait(false));

        var stale = reply with { Status = DeliveryStatus.Delivered, NetworkId = new NetworkMessageId("mid-r1") };
        Assert.Equal(CommitOutcome.Committed, await Store.CommitAsync(new TicketChangeSet { UpdatedMessages = [stale] }, CancellationToken.None).ConfigureAwait(false));

        var stored = Assert.Single(await Store.GetMessagesAsync(ticket.Id, CancellationToken.None).ConfigureAwait(false));
        Assert.Empty(stored.Parts);
        Assert.Equal(at, stored.RedactedAt);
        Assert.Equal(DeliveryStatus.Delivered, stored.Status);
        AssertSame(stored, await Store.FindMessageAsync(ChannelId.Facebook, Page, new NetworkMessageId("mid-r1"), CancellationToken.None).ConfigureAwait(false));

        // Retention does not count it again.
        Assert.Equal(0, await Store.RedactMessagesBeforeAsync(T0.AddDays(2), at.AddDays(1), 10, CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>An update read before the customer's erasure keeps the message erased: no content, sender or old conversation.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task AnUpdateReadBeforeErasure_KeepsTheMessageErased()
    {
        var (chat, _, _, question, reply) = await SeedCustomersAsync().ConfigureAwait(false);
        await Store.EraseCustomerAsync(new CustomerId("c1"), ErasedAt, CancellationToken.None).ConfigureAwait(false);

        var stale = reply with { Status = DeliveryStatus.Sent, Sender = Person("brand") };
        var staleQuestion = question with { EditedAt = T0.AddMinutes(1) };
        await Store.CommitAsync(new TicketChangeSet { UpdatedMessages = [stale, staleQuestion] }, CancellationToken.None).ConfigureAwait(false);

        var messages = await Store.GetMessagesAsync(chat.Id, CancellationToken.None).ConfigureAwait(false);
        var erasedConversation = (await Store.GetAsync(chat.Id, CancellationToken.None).ConfigureAwait(false))!.Conversation;
        Assert.Equal(2, messages.Count);
        Assert.All(messages, m =>
        {
            Assert.Empty(m.Parts);
            Assert.Null(m.Sender);
            Assert.Null(m.Referral);
            Assert.Equal(ErasedAt, m.RedactedAt);
            Assert.Equal(erasedConversation, m.Conversation);
        });
        Assert.Equal(DeliveryStatus.Sent, messages[1].Status);
        Assert.Equal(T0.AddMinutes(1), messages[0].EditedAt);
    }

    /// <summary>The care fields of tickets, messages survive a round trip.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task CareFieldsRoundTrip()
    {
        var ticket = NewTicket("t1", Chat("u1")) with
        {
            Satisfaction = new TicketSatisfaction(T0) { Rating = 5, RatedAt = T0.AddMinutes(1), Agent = new AgentId("zoe") },
            Automation = new TicketAutomation
            {
                AutomaticReplies = 2,
                LastAutomaticReplyAt = T0.AddSeconds(3),
                OutOfHoursNoticeAt = T0.AddSeconds(4),
                HumanRequestedAt = T0.AddSeconds(5),
                RequestedAgent = new AgentId("marco"),
            },
            ErasedAt = T0.AddDays(2),
        };
        var message = NewMessage("m1", ticket, "x") with { Parts = [], RedactedAt = T0.AddDays(2), Automation = AutomaticMessageKind.SatisfactionSurvey };
        await Store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(ticket, 0)], AddedMessages = [message] }, CancellationToken.None).ConfigureAwait(false);

        AssertSame(ticket, await Store.GetAsync(ticket.Id, CancellationToken.None).ConfigureAwait(false));
        AssertSame(message, Assert.Single(await Store.GetMessagesAsync(ticket.Id, CancellationToken.None).ConfigureAwait(false)));
    }
}
