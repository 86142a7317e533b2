namespace SocialCare.Abstractions;

/// <summary>
/// Where tickets, their messages and history, and the idempotency records of processed events are kept.
/// </summary>
/// <remarks>
/// <para>
/// Implemented by the store packages (in-memory, SQLite, PostgreSQL) and by hosts with their own database; used by
/// the SocialCare pipeline and ticket engine. Register one with <c>builder.AddTicketStore&lt;TStore&gt;()</c>.
/// Implementations are singletons and must be thread-safe.
/// </para>
/// <para>
/// Every write goes through <see cref="CommitAsync"/>, which applies a whole <see cref="TicketChangeSet"/> atomically:
/// an event's idempotency record, the ticket change and the messages are stored together or not at all. That is what
/// makes redelivered webhooks harmless and acknowledged ones durable.
/// </para>
/// </remarks>
public interface ITicketStore
{
    /// <summary>Reads a ticket.</summary>
    /// <param name="id">The ticket's id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The ticket, or <see langword="null"/> when there is none with that id.</returns>
    Task<Ticket?> GetAsync(TicketId id, CancellationToken cancellationToken);

    /// <summary>Finds the active (not closed, not merged) ticket of a customer in a conversation.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="customer">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The active ticket, or <see langword="null"/> when there is none.</returns>
    Task<Ticket?> FindActiveAsync(ConversationRef conversation, CustomerId customer, CancellationToken cancellationToken);

    /// <summary>Finds the most recent ticket of a customer in a conversation, active or not.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="customer">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The most recently created ticket, or <see langword="null"/> when there is none.</returns>
    Task<Ticket?> FindLatestAsync(ConversationRef conversation, CustomerId customer, CancellationToken cancellationToken);

    /// <summary>Reads a ticket's timeline.</summary>
    /// <param name="id">The ticket's id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The ticket's messages in the order they were recorded; empty when there are none.</returns>
    Task<IReadOnlyList<Message>> GetMessagesAsync(TicketId id, CancellationToken cancellationToken);

    /// <summary>Finds a message by the network's id of it.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="account">The brand's account on the channel.</param>
    /// <param name="networkId">The network's id of the message.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The message, or <see langword="null"/> when none has that network id.</returns>
    Task<Message?> FindMessageAsync(ChannelId channel, ChannelAccountId account, NetworkMessageId networkId, CancellationToken cancellationToken);

    /// <summary>Reads a ticket's history.</summary>
    /// <param name="id">The ticket's id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The history entries, oldest first; empty when there are none.</returns>
    Task<IReadOnlyList<TicketHistoryEntry>> GetHistoryAsync(TicketId id, CancellationToken cancellationToken);

    /// <summary>Tells whether an event has already been processed.</summary>
    /// <param name="key">The event's idempotency key.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when a change set with this key was committed.</returns>
    Task<bool> IsProcessedAsync(IdempotencyKey key, CancellationToken cancellationToken);

    /// <summary>Lists tickets that match a query, in creation order, one page at a time.</summary>
    /// <param name="query">The filters, order and page.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>At most <see cref="TicketQuery.Limit"/> tickets.</returns>
    Task<IReadOnlyList<Ticket>> QueryTicketsAsync(TicketQuery query, CancellationToken cancellationToken);

    /// <summary>Counts, per agent, the assigned tickets in the given states: the agents' load.</summary>
    /// <param name="states">The states that count.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The count per assignee; agents with no such ticket are absent.</returns>
    Task<IReadOnlyDictionary<AgentId, int>> CountByAssigneeAsync(IReadOnlyCollection<TicketState> states, CancellationToken cancellationToken);

    /// <summary>Lists tickets whose <see cref="Ticket.WakeAt"/> is at or before a time, earliest first.</summary>
    /// <param name="until">The time.</param>
    /// <param name="limit">The largest number of tickets to return.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The due tickets.</returns>
    Task<IReadOnlyList<Ticket>> GetDueTicketsAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken);

    /// <summary>Reads an outbox entry.</summary>
    /// <param name="messageId">The id of the message the entry sends.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The entry, or <see langword="null"/> when there is none.</returns>
    Task<OutboxEntry?> GetOutboxEntryAsync(MessageId messageId, CancellationToken cancellationToken);

    /// <summary>
    /// Claims queued outbox entries that are due, atomically: each comes back in <see cref="OutboxState.Sending"/> with
    /// <see cref="OutboxEntry.Attempts"/> one higher and <see cref="OutboxEntry.ClaimedUntil"/> set, and no other caller
    /// can claim it again.
    /// </summary>
    /// <param name="now">The current time; entries with <see cref="OutboxEntry.NextAttemptAt"/> after it are not due.</param>
    /// <param name="lease">How long the claim holds.</param>
    /// <param name="limit">The largest number of entries to claim.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The claimed entries, oldest first.</returns>
    Task<IReadOnlyList<OutboxEntry>> ClaimOutboxAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken);

    /// <summary>Applies a change set atomically: all of it, or, when its event was already processed, none of it.</summary>
    /// <param name="changes">The changes.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>
    /// <see cref="CommitOutcome.Committed"/>, or <see cref="CommitOutcome.Duplicate"/> when
    /// <see cref="TicketChangeSet.Event"/> had already been recorded (then nothing was applied).
    /// </returns>
    /// <exception cref="TicketConcurrencyException">
    /// A ticket's stored version is not the expected one (another writer saved it first); nothing was applied.
    /// </exception>
    /// <exception cref="TicketConcurrencyException">
    /// A new ticket (expected version 0) is active while another active ticket of the same customer and conversation
    /// is stored: at most one may be active, so the writer must read again and join the stored one.
    /// </exception>
    /// <exception cref="ArgumentException">The change set is inconsistent (a ticket's new version is not its expected version plus one).</exception>
    Task<CommitOutcome> CommitAsync(TicketChangeSet changes, CancellationToken cancellationToken);

    /// <summary>
    /// Erases what the store holds about a customer (their right to erasure) and keeps their tickets, anonymised, so that
    /// the metrics stay right.
    /// </summary>
    /// <param name="customer">The customer.</param>
    /// <param name="at">When the erasure happens; recorded as <see cref="Ticket.ErasedAt"/> and <see cref="Message.RedactedAt"/>.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>How many tickets and messages were anonymised.</returns>
    /// <remarks>
    /// <para>For every ticket of <paramref name="customer"/>, atomically per ticket and idempotent as a whole:</para>
    /// <list type="bullet">
    /// <item>the ticket keeps its id, customer id, state, assignee, times, priority, satisfaction and automation, gains
    /// <see cref="Ticket.ErasedAt"/> (a ticket already erased keeps its first time), and its conversation's thread (a
    /// private thread is the person's network id) becomes <c>erased-</c> followed by the ticket id;</item>
    /// <item>each message gets empty <see cref="Message.Parts"/>, no <see cref="Message.Sender"/>, no
    /// <see cref="Message.Referral"/>, no <see cref="Message.Failure"/> text beyond its code, the ticket's new conversation, and
    /// <see cref="Message.RedactedAt"/>;</item>
    /// <item>each outbox entry of the ticket loses its content and recipient; a queued one is failed with the code
    /// <c>erased</c> and never sent;</item>
    /// <item><see cref="FindActiveAsync"/> and <see cref="FindLatestAsync"/> no longer find the ticket under its old
    /// conversation, and no id the network gave the messages still finds them.</item>
    /// </list>
    /// <para>History entries, idempotency records and every other customer's data are untouched.</para>
    /// </remarks>
    Task<ErasureCount> EraseCustomerAsync(CustomerId customer, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Applies a retention policy: redacts the content of messages written before a time, oldest first, a batch at a
    /// time. Call it again until it returns fewer than <paramref name="limit"/>.
    /// </summary>
    /// <param name="before">Messages whose <see cref="Message.SentAt"/> is earlier are redacted.</param>
    /// <param name="at">When the redaction happens; recorded as <see cref="Message.RedactedAt"/>.</param>
    /// <param name="limit">The largest number of messages to redact in this call.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>How many messages were redacted (messages already redacted do not count).</returns>
    /// <remarks>
    /// A redacted message keeps its id, ticket, direction, author, times, sender and delivery status; its
    /// <see cref="Message.Parts"/> become empty and its <see cref="Message.Referral"/> absent. Outbox entries of redacted
    /// messages that are no longer queued lose their content too. Tickets are untouched.
    /// </remarks>
    Task<int> RedactMessagesBeforeAsync(DateTimeOffset before, DateTimeOffset at, int limit, CancellationToken cancellationToken);
}

/// <summary>What <see cref="ITicketStore.EraseCustomerAsync"/> anonymised.</summary>
/// <param name="Tickets">How many tickets.</param>
/// <param name="Messages">How many messages.</param>
public sealed record ErasureCount(int Tickets, int Messages);

/// <summary>The result of <see cref="ITicketStore.CommitAsync"/>.</summary>
public enum CommitOutcome
{
    /// <summary>Every change was applied.</summary>
    Committed = 0,

    /// <summary>The change set's event had already been processed; nothing was applied.</summary>
    Duplicate = 1,
}

/// <summary>A new version of a ticket to save, with the version it was read at.</summary>
/// <param name="Ticket">The ticket to save; its <see cref="Ticket.Version"/> is <paramref name="ExpectedVersion"/> + 1.</param>
/// <param name="ExpectedVersion">The stored version this change was made from; 0 for a ticket that must not exist yet.</param>
public sealed record TicketWrite(Ticket Ticket, long ExpectedVersion);

/// <summary>Changes that a store applies together or not at all.</summary>
public sealed record TicketChangeSet
{
    /// <summary>Gets the event whose processing produced these changes; recorded with them, so it is never applied twice.</summary>
    public IdempotencyKey? Event { get; init; }

    /// <summary>Gets the tickets to create or update.</summary>
    public IReadOnlyList<TicketWrite> Tickets { get; init; } = [];

    /// <summary>Gets the messages to add, in order.</summary>
    public IReadOnlyList<Message> AddedMessages { get; init; } = [];

    /// <summary>
    /// Gets new versions of existing messages (matched by <see cref="Message.Id"/>). A new <see cref="Message.TicketId"/>
    /// moves the message to that ticket's timeline (a merge), where it keeps its place in recording order.
    /// </summary>
    public IReadOnlyList<Message> UpdatedMessages { get; init; } = [];

    /// <summary>Gets the history entries to add, in order.</summary>
    public IReadOnlyList<TicketHistoryEntry> History { get; init; } = [];

    /// <summary>Gets outbox entries to add or replace (matched by <see cref="OutboxEntry.MessageId"/>).</summary>
    public IReadOnlyList<OutboxEntry> Outbox { get; init; } = [];

    /// <summary>
    /// Gets event-webhook deliveries to queue, in order (see <see cref="IEventDeliveryStore"/>): stored with the change
    /// they describe, so that neither exists without the other. The engine queues deliveries only when the store
    /// implements <see cref="IEventDeliveryStore"/> (event webhooks refuse to start otherwise).
    /// </summary>
    public IReadOnlyList<EventDelivery> EventDeliveries { get; init; } = [];

    /// <summary>
    /// Makes the checks every store makes before it reads anything: each ticket's new version is its expected version
    /// plus one, its state is a known one, no ticket is written twice, and each event delivery has an id (unique in the set), an endpoint and the pending state. Stores call it first in
    /// <see cref="ITicketStore.CommitAsync"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The change set is inconsistent; the message names the ticket.</exception>
    public void Validate()
    {
        const string changes = "changes";
        HashSet<TicketId>? written = Tickets.Count > 1 ? [] : null;
        foreach (var write in Tickets)
        {
            if (write.Ticket.Version != write.ExpectedVersion + 1)
            {
                throw new ArgumentException(
                    $"Ticket {write.Ticket.Id} is saved at version {write.Ticket.Version}; expected {write.ExpectedVersion + 1}.",
                    changes);
            }

            if (write.Ticket.State is < TicketState.New or > TicketState.Merged)
            {
                throw new ArgumentException($"Ticket {write.Ticket.Id} has an unknown state {(int)write.Ticket.State}.", changes);
            }

            if (written is not null && !written.Add(write.Ticket.Id))
            {
                throw new ArgumentException($"Ticket {write.Ticket.Id} is written more than once in one change set.", changes);
            }
        }

        HashSet<string>? deliveries = EventDeliveries.Count > 1 ? new(StringComparer.Ordinal) : null;
        foreach (var delivery in EventDeliveries)
        {
            if (string.IsNullOrEmpty(delivery.Id) || string.IsNullOrEmpty(delivery.Endpoint) || delivery.State != EventDeliveryState.Pending)
            {
                throw new ArgumentException("An event delivery to queue needs an id and an endpoint, and must be pending.", changes);
            }

            if (deliveries is not null && !deliveries.Add(delivery.Id))
            {
                throw new ArgumentException($"Event delivery {delivery.Id} is queued more than once in one change set.", changes);
            }
        }
    }
}
