using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>A <see cref="ITicketStore"/> in process memory: for tests, samples and quick starts.</summary>
/// <remarks>
/// <para>
/// Thread-safe: every read and write takes one lock, and each commit is atomic (it checks everything before it changes
/// anything). Everything is lost when the process ends, and idempotency records are kept for the life of the process:
/// use a durable store (SQLite, PostgreSQL) in production.
/// </para>
/// <para>
/// Indexes kept up to date on every commit: tickets by <see cref="Ticket.WakeAt"/> (for <see cref="GetDueTicketsAsync"/>),
/// queued outbox entries by <see cref="OutboxEntry.NextAttemptAt"/> (for <see cref="ClaimOutboxAsync"/>), the number of
/// tickets per assignee and state (for <see cref="CountByAssigneeAsync"/>) and each customer's tickets. A
/// <see cref="QueryTicketsAsync"/> with <see cref="TicketQuery.Customer"/> set reads only that customer's tickets; any
/// other query scans every stored ticket.
/// </para>
/// </remarks>
public sealed partial class InMemoryTicketStore : ITicketStore, IEventDeliveryStore
{
    // Ticket states are 0 to Merged; the load counters have one slot per state.
    private const int StateCount = (int)TicketState.Merged + 1;

    private readonly Lock _gate = new();
    private readonly Dictionary<TicketId, Ticket> _tickets = [];
    private readonly Dictionary<(ConversationRef, CustomerId), Ticket> _active = [];
    private readonly Dictionary<(ConversationRef, CustomerId), TicketId> _latest = [];
    private readonly Dictionary<CustomerId, List<TicketId>> _byCustomer = [];
    private readonly SortedSet<(DateTimeOffset WakeAt, string TicketId)> _wakeUps = new(WakeUpOrder.Instance);
    private readonly Dictionary<AgentId, int[]> _load = [];
    private readonly Dictionary<TicketId, List<TimelineItem>> _timelines = [];
    private readonly Dictionary<MessageId, Message> _messages = [];
    private readonly Dictionary<MessageId, long> _sequences = [];
    private readonly Dictionary<(ChannelId, ChannelAccountId, NetworkMessageId), MessageId> _byNetworkId = [];
    private readonly Dictionary<TicketId, List<TicketHistoryEntry>> _history = [];
    private readonly Dictionary<MessageId, OutboxEntry> _outbox = [];
    private readonly SortedSet<(DateTimeOffset NextAttemptAt, DateTimeOffset EnqueuedAt, long Sequence, string MessageId)> _queued = new(QueueOrder.Instance);
    private readonly HashSet<IdempotencyKey> _processed = [];

    // The sequence number of the last added message: timelines are sorted by it, which is recording order.
    private long _lastSequence;

    /// <summary>Gets how many tickets are stored.</summary>
    public int TicketCount
    {
        get
        {
            lock (_gate)
            {
                return _tickets.Count;
            }
        }
    }

    /// <summary>Gets how many messages are stored.</summary>
    public int MessageCount
    {
        get
        {
            lock (_gate)
            {
                return _messages.Count;
            }
        }
    }

    /// <summary>Gets how many processed events are recorded.</summary>
    public int ProcessedEventCount
    {
        get
        {
            lock (_gate)
            {
                return _processed.Count;
            }
        }
    }

    /// <summary>Lists every stored ticket, oldest first.</summary>
    /// <returns>A snapshot of the tickets.</returns>
    public IReadOnlyList<Ticket> GetTickets()
    {
        lock (_gate)
        {
            return [.. _tickets.Values.OrderBy(t => t.CreatedAt)];
        }
    }

    /// <inheritdoc/>
    public Task<Ticket?> GetAsync(TicketId id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_tickets.GetValueOrDefault(id));
        }
    }

    /// <inheritdoc/>
    public Task<Ticket?> FindActiveAsync(ConversationRef conversation, CustomerId customer, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_active.GetValueOrDefault((conversation, customer)));
        }
    }

    /// <inheritdoc/>
    public Task<Ticket?> FindLatestAsync(ConversationRef conversation, CustomerId customer, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_latest.TryGetValue((conversation, customer), out var id) ? _tickets[id] : null);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<Message>> GetMessagesAsync(TicketId id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<Message> result = _timelines.TryGetValue(id, out var timeline) ? [.. timeline.Select(item => _messages[item.Id])] : [];
            return Task.FromResult(result);
        }
    }

    /// <inheritdoc/>
    public Task<Message?> FindMessageAsync(ChannelId channel, ChannelAccountId account, NetworkMessageId networkId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_byNetworkId.TryGetValue((channel, account, networkId), out var id) ? _messages[id] : null);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<TicketHistoryEntry>> GetHistoryAsync(TicketId id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<TicketHistoryEntry> result = _history.TryGetValue(id, out var entries) ? [.. entries] : [];
            return Task.FromResult(result);
        }
    }

    /// <inheritdoc/>
    public Task<bool> IsProcessedAsync(IdempotencyKey key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_processed.Contains(key));
        }
    }

    /// <inheritdoc/>
    public Task<CommitOutcome> CommitAsync(TicketChangeSet changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();
        changes.Validate();

        lock (_gate)
        {
            if (changes.Event is { } key && _processed.Contains(key))
            {
                return Task.FromResult(CommitOutcome.Duplicate);
            }

            // Check everything before changing anything, so a failed commit leaves no trace. (Index loops throughout: a
            // foreach over an IReadOnlyList boxes an enumerator, about ten per commit; issue 9.)
            for (var writeIndex = 0; writeIndex < changes.Tickets.Count; writeIndex++)
            {
                var write = changes.Tickets[writeIndex];
                var actual = _tickets.TryGetValue(write.Ticket.Id, out var stored) ? stored.Version : 0;
                if (actual != write.ExpectedVersion)
                {
                    throw new TicketConcurrencyException(write.Ticket.Id, write.ExpectedVersion, actual);
                }
            }

            CheckOneActivePerCustomer(changes);

            for (var messageIndex = 0; messageIndex < changes.UpdatedMessages.Count; messageIndex++)
            {
                var message = changes.UpdatedMessages[messageIndex];
                if (!_messages.ContainsKey(message.Id))
                {
                    throw new ArgumentException($"Message {message.Id} is updated but not stored.", nameof(changes));
                }
            }

            HashSet<MessageId>? added = changes.AddedMessages.Count > 1 ? [] : null;
            for (var messageIndex = 0; messageIndex < changes.AddedMessages.Count; messageIndex++)
            {
                var message = changes.AddedMessages[messageIndex];
                if (_messages.ContainsKey(message.Id))
                {
                    throw new ArgumentException($"Message {message.Id} is added but already stored.", nameof(changes));
                }

                if (added is not null && !added.Add(message.Id))
                {
                    throw new ArgumentException($"Message {message.Id} is added more than once in one change set.", nameof(changes));
                }
            }

            if (changes.EventDeliveries.Count > 0)
            {
                CheckEventDeliveries(changes.EventDeliveries);
            }

            for (var writeIndex = 0; writeIndex < changes.Tickets.Count; writeIndex++)
            {
                var write = changes.Tickets[writeIndex];
                SaveTicket(write);
            }

            for (var messageIndex = 0; messageIndex < changes.AddedMessages.Count; messageIndex++)
            {
                var message = changes.AddedMessages[messageIndex];
                var sequence = ++_lastSequence;
                _messages.Add(message.Id, message);
                _sequences.Add(message.Id, sequence);

                // The newest sequence number: appending keeps the timeline sorted.
                GetOrAdd(_timelines, message.TicketId).Add(new TimelineItem(sequence, message.Id));
                IndexNetworkId(message);
            }

            for (var messageIndex = 0; messageIndex < changes.UpdatedMessages.Count; messageIndex++)
            {
                var message = changes.UpdatedMessages[messageIndex];
                var previous = _messages[message.Id];
                if (previous.TicketId != message.TicketId)
                {
                    MoveMessage(message.Id, previous.TicketId, message.TicketId);
                }

                // An update read before erasure or retention redacted the message keeps it redacted.
                message = StoreRedaction.KeepRedacted(message, previous);
                _messages[message.Id] = message;
                IndexNetworkId(message);
            }

            for (var entryIndex = 0; entryIndex < changes.History.Count; entryIndex++)
            {
                var entry = changes.History[entryIndex];
                GetOrAdd(_history, entry.TicketId).Add(entry);
            }

            for (var entryIndex = 0; entryIndex < changes.Outbox.Count; entryIndex++)
            {
                var entry = changes.Outbox[entryIndex];
                SaveOutboxEntry(entry);
            }

            for (var deliveryIndex = 0; deliveryIndex < changes.EventDeliveries.Count; deliveryIndex++)
            {
                AddEventDelivery(changes.EventDeliveries[deliveryIndex]);
            }

            if (changes.Event is { } processed)
            {
                _processed.Add(processed);
            }

            return Task.FromResult(CommitOutcome.Committed);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Tickets are ordered by <see cref="TicketId.Value"/>, compared ordinally. With <see cref="TicketQuery.Customer"/>
    /// set, only that customer's tickets are read; otherwise every stored ticket is scanned.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="TicketQuery.Limit"/> is less than 1.</exception>
    public Task<IReadOnlyList<Ticket>> QueryTicketsAsync(TicketQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, "The query's limit must be at least 1.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var states = query.States is null ? null : StateMask(query.States);
        var after = query.After?.Value;
        lock (_gate)
        {
            IEnumerable<Ticket> candidates = query.Customer is not { } customer
                ? _tickets.Values
                : _byCustomer.TryGetValue(customer, out var ids) ? ids.Select(id => _tickets[id]) : [];
            var matches = candidates.Where(t =>
                (states is null || states[(int)t.State])
                && (query.Customer is not { } c || t.Customer == c)
                && (query.Assignee is not { } a || t.Assignee == a)
                && (!query.UnassignedOnly || t.Assignee is null)
                && (query.Channel is not { } channel || t.Conversation.Channel == channel)
                && (query.CreatedFrom is not { } from || t.CreatedAt >= from)
                && (query.CreatedBefore is not { } before || t.CreatedAt < before)
                && (after is null || (query.NewestFirst
                    ? string.CompareOrdinal(t.Id.Value, after) < 0
                    : string.CompareOrdinal(t.Id.Value, after) > 0)));
            var ordered = query.NewestFirst
                ? matches.OrderByDescending(t => t.Id.Value, StringComparer.Ordinal)
                : matches.OrderBy(t => t.Id.Value, StringComparer.Ordinal);
            IReadOnlyList<Ticket> result = [.. ordered.Take(query.Limit)];
            return Task.FromResult(result);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="states"/> is <see langword="null"/>.</exception>
    public Task<IReadOnlyDictionary<AgentId, int>> CountByAssigneeAsync(IReadOnlyCollection<TicketState> states, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(states);
        cancellationToken.ThrowIfCancellationRequested();
        var mask = StateMask(states);
        int[] slots = [.. Enumerable.Range(0, StateCount).Where(i => mask[i])];
        lock (_gate)
        {
            // O(agents × states): the counters are kept per agent and state by SaveTicket.
            var result = new Dictionary<AgentId, int>();
            foreach (var (agent, counts) in _load)
            {
                var count = 0;
                foreach (var slot in slots)
                {
                    count += counts[slot];
                }

                if (count > 0)
                {
                    result.Add(agent, count);
                }
            }

            return Task.FromResult<IReadOnlyDictionary<AgentId, int>>(result);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Tickets with the same <see cref="Ticket.WakeAt"/> come in <see cref="TicketId.Value"/> order (ordinal).</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is less than 1.</exception>
    public Task<IReadOnlyList<Ticket>> GetDueTicketsAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var result = new List<Ticket>();
            foreach (var (wakeAt, ticketId) in _wakeUps)
            {
                if (result.Count == limit || wakeAt > until)
                {
                    break;
                }

                result.Add(_tickets[new TicketId(ticketId)]);
            }

            return Task.FromResult<IReadOnlyList<Ticket>>(result);
        }
    }

    /// <inheritdoc/>
    public Task<OutboxEntry?> GetOutboxEntryAsync(MessageId messageId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_outbox.GetValueOrDefault(messageId));
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Entries come in <see cref="OutboxEntry.NextAttemptAt"/> order, then <see cref="OutboxEntry.EnqueuedAt"/>, then
    /// <see cref="MessageId.Value"/> (ordinal). Only <see cref="OutboxState.Queued"/> entries are claimed: an entry whose
    /// claim ran out stays <see cref="OutboxState.Sending"/> until a commit queues it again.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="limit"/> is less than 1, or <paramref name="lease"/> is not positive or does not fit after <paramref name="now"/>.
    /// </exception>
    public Task<IReadOnlyList<OutboxEntry>> ClaimOutboxAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        if (lease > DateTimeOffset.MaxValue - now)
        {
            throw new ArgumentOutOfRangeException(nameof(lease), lease, "The claim would end after the latest representable time.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var claimedUntil = now + lease;
        lock (_gate)
        {
            var due = new List<(DateTimeOffset NextAttemptAt, DateTimeOffset EnqueuedAt, long Sequence, string MessageId)>();
            foreach (var key in _queued)
            {
                if (due.Count == limit || key.NextAttemptAt > now)
                {
                    break;
                }

                due.Add(key);
            }

            var claimed = new List<OutboxEntry>(due.Count);
            foreach (var key in due)
            {
                _queued.Remove(key);
                var id = new MessageId(key.MessageId);
                var stored = _outbox[id];
                var entry = stored with { State = OutboxState.Sending, Attempts = stored.Attempts + 1, ClaimedUntil = claimedUntil };
                _outbox[id] = entry;
                claimed.Add(entry);
            }

            return Task.FromResult<IReadOnlyList<OutboxEntry>>(claimed);
        }
    }

    private static bool[] StateMask(IEnumerable<TicketState> states)
    {
        // States outside the enum match no stored ticket (commits refuse them), so they are left out.
        var mask = new bool[StateCount];
        foreach (var state in states)
        {
            if ((int)state is >= 0 and < StateCount)
            {
                mask[(int)state] = true;
            }
        }

        return mask;
    }

    private static TicketConcurrencyException ActiveConflict(Ticket created, TicketId active)
        => new($"Customer {created.Customer} already has active ticket {active} in this conversation, so ticket {created.Id} cannot be created active; read the active ticket and add to it.");

    // At most one active ticket per customer and conversation: a new active ticket may not join a stored active one
    // (unless this change set makes that one inactive), nor another new active one of the same change set.
    private void CheckOneActivePerCustomer(TicketChangeSet changes)
    {
        Dictionary<(ConversationRef, CustomerId), TicketId>? created = null;
        for (var writeIndex = 0; writeIndex < changes.Tickets.Count; writeIndex++)
        {
            var write = changes.Tickets[writeIndex];
            var ticket = write.Ticket;
            if (write.ExpectedVersion != 0 || !ticket.IsActive)
            {
                continue;
            }

            var key = (ticket.Conversation, ticket.Customer);
            created ??= [];
            if (!created.TryAdd(key, ticket.Id))
            {
                throw ActiveConflict(ticket, created[key]);
            }

            if (_active.TryGetValue(key, out var storedTicket) && storedTicket.Id is var stored
                && stored != ticket.Id
                && !changes.Tickets.Any(w => w.Ticket.Id == stored && !w.Ticket.IsActive))
            {
                throw ActiveConflict(ticket, stored);
            }
        }
    }

    private void SaveTicket(TicketWrite write)
    {
        var ticket = write.Ticket;
        var key = (ticket.Conversation, ticket.Customer);
        var previous = _tickets.GetValueOrDefault(ticket.Id);
        _tickets[ticket.Id] = ticket;
        if (previous is not null
            && (previous.Conversation, previous.Customer) != key
            && _active.TryGetValue((previous.Conversation, previous.Customer), out var wasActive)
            && wasActive.Id == ticket.Id)
        {
            // The ticket moved to another customer or conversation: it is no longer the active one of its old pair.
            _active.Remove((previous.Conversation, previous.Customer));
        }

        IndexCustomer(previous, ticket);
        IndexWakeAt(previous, ticket);
        IndexLoad(previous, ticket);
        if (write.ExpectedVersion == 0)
        {
            _latest[key] = ticket.Id;
        }

        if (ticket.IsActive)
        {
            _active[key] = ticket;
        }
        else if (_active.TryGetValue(key, out var active) && active.Id == ticket.Id)
        {
            _active.Remove(key);
        }
    }

    private void IndexCustomer(Ticket? previous, Ticket ticket)
    {
        if (previous is not null && previous.Customer == ticket.Customer)
        {
            return;
        }

        if (previous is not null && _byCustomer.TryGetValue(previous.Customer, out var old))
        {
            old.Remove(ticket.Id);
            if (old.Count == 0)
            {
                _byCustomer.Remove(previous.Customer);
            }
        }

        if (!_byCustomer.TryGetValue(ticket.Customer, out var ids))
        {
            ids = [];
            _byCustomer.Add(ticket.Customer, ids);
        }

        ids.Add(ticket.Id);
    }

    private void IndexWakeAt(Ticket? previous, Ticket ticket)
    {
        if (previous?.WakeAt is { } oldWakeAt)
        {
            _wakeUps.Remove((oldWakeAt, ticket.Id.Value));
        }

        if (ticket.WakeAt is { } wakeAt)
        {
            _wakeUps.Add((wakeAt, ticket.Id.Value));
        }
    }

    private void IndexLoad(Ticket? previous, Ticket ticket)
    {
        if (previous is not null && previous.Assignee == ticket.Assignee && previous.State == ticket.State)
        {
            return;
        }

        if (previous?.Assignee is { } oldAgent && _load.TryGetValue(oldAgent, out var oldCounts))
        {
            oldCounts[(int)previous.State]--;
            if (Array.TrueForAll(oldCounts, count => count == 0))
            {
                _load.Remove(oldAgent);
            }
        }

        if (ticket.Assignee is { } agent)
        {
            if (!_load.TryGetValue(agent, out var counts))
            {
                counts = new int[StateCount];
                _load.Add(agent, counts);
            }

            counts[(int)ticket.State]++;
        }
    }

    // Moves a message between timelines, to its place in recording order: timelines are sorted by sequence number.
    private void MoveMessage(MessageId id, TicketId from, TicketId to)
    {
        var sequence = _sequences[id];
        if (_timelines.TryGetValue(from, out var source))
        {
            var index = LowerBound(source, sequence);
            if (index < source.Count && source[index].Sequence == sequence)
            {
                source.RemoveAt(index);
            }
        }

        var target = GetOrAdd(_timelines, to);
        target.Insert(LowerBound(target, sequence), new TimelineItem(sequence, id));
    }

    // The index of the first item whose sequence number is not below the given one.
    private static int LowerBound(List<TimelineItem> timeline, long sequence)
    {
        var low = 0;
        var high = timeline.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (timeline[middle].Sequence < sequence)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private void SaveOutboxEntry(OutboxEntry entry)
    {
        if (_outbox.TryGetValue(entry.MessageId, out var previous) && previous.State == OutboxState.Queued)
        {
            _queued.Remove(QueueKey(previous));
        }

        _outbox[entry.MessageId] = entry;
        if (entry.State == OutboxState.Queued)
        {
            _queued.Add(QueueKey(entry));
        }
    }

    // Entries due at the same time go in the order their messages were recorded, so that replies reach a customer in order.
    private (DateTimeOffset NextAttemptAt, DateTimeOffset EnqueuedAt, long Sequence, string MessageId) QueueKey(OutboxEntry entry)
        => (entry.NextAttemptAt, entry.EnqueuedAt, _sequences.GetValueOrDefault(entry.MessageId, long.MaxValue), entry.MessageId.Value);

    private void IndexNetworkId(Message message)
    {
        if (message.NetworkId is { } networkId)
        {
            _byNetworkId[(message.Conversation.Channel, message.Conversation.Account, networkId)] = message.Id;
        }
    }

    private static List<T> GetOrAdd<T>(Dictionary<TicketId, List<T>> lists, TicketId id)
    {
        if (!lists.TryGetValue(id, out var list))
        {
            list = [];
            lists.Add(id, list);
        }

        return list;
    }

    private readonly record struct TimelineItem(long Sequence, MessageId Id);

    private sealed class WakeUpOrder : IComparer<(DateTimeOffset WakeAt, string TicketId)>
    {
        public static readonly WakeUpOrder Instance = new();

        public int Compare((DateTimeOffset WakeAt, string TicketId) x, (DateTimeOffset WakeAt, string TicketId) y)
        {
            var byTime = x.WakeAt.CompareTo(y.WakeAt);
            return byTime != 0 ? byTime : string.CompareOrdinal(x.TicketId, y.TicketId);
        }
    }

    private sealed class QueueOrder : IComparer<(DateTimeOffset NextAttemptAt, DateTimeOffset EnqueuedAt, long Sequence, string MessageId)>
    {
        public static readonly QueueOrder Instance = new();

        public int Compare(
            (DateTimeOffset NextAttemptAt, DateTimeOffset EnqueuedAt, long Sequence, string MessageId) x,
            (DateTimeOffset NextAttemptAt, DateTimeOffset EnqueuedAt, long Sequence, string MessageId) y)
        {
            var byNextAttempt = x.NextAttemptAt.CompareTo(y.NextAttemptAt);
            if (byNextAttempt != 0)
            {
                return byNextAttempt;
            }

            var byEnqueued = x.EnqueuedAt.CompareTo(y.EnqueuedAt);
            if (byEnqueued != 0)
            {
                return byEnqueued;
            }

            var bySequence = x.Sequence.CompareTo(y.Sequence);
            return bySequence != 0 ? bySequence : string.CompareOrdinal(x.MessageId, y.MessageId);
        }
    }

    /// <inheritdoc />
    /// <remarks>All of the customer's tickets in one step. A second call finds nothing left to change and returns zeros.</remarks>
    public Task<ErasureCount> EraseCustomerAsync(CustomerId customer, DateTimeOffset at, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_byCustomer.TryGetValue(customer, out var ids))
            {
                return Task.FromResult(new ErasureCount(0, 0));
            }

            var tickets = 0;
            var messages = 0;
            foreach (var id in ids.ToArray())
            {
                RemoveEventDeliveries(id);
                var ticket = _tickets[id];
                var conversation = StoreRedaction.ErasedConversation(ticket);
                if (ticket.ErasedAt is null || ticket.Conversation != conversation)
                {
                    var key = (ticket.Conversation, ticket.Customer);
                    if (_active.TryGetValue(key, out var active) && active.Id == id)
                    {
                        _active.Remove(key);
                    }

                    if (_latest.TryGetValue(key, out var latest) && latest == id)
                    {
                        _latest.Remove(key);
                    }

                    // A new version, so that a writer holding the old one fails its commit and reads the erased ticket.
                    var erased = StoreRedaction.EraseTicket(ticket, at) with { Version = ticket.Version + 1 };
                    _tickets[id] = erased;
                    if (erased.IsActive)
                    {
                        _active[(erased.Conversation, erased.Customer)] = erased;
                    }

                    tickets++;
                }

                if (_timelines.TryGetValue(id, out var timeline))
                {
                    foreach (var item in timeline)
                    {
                        var message = _messages[item.Id];
                        var erased = StoreRedaction.EraseMessage(message, conversation, at);
                        if (erased.RedactedAt == message.RedactedAt && message.Parts.Count == 0 && message.Sender is null
                            && message.Referral is null && message.Conversation == conversation)
                        {
                            continue;
                        }

                        if (message.NetworkId is { } networkId)
                        {
                            var networkKey = (message.Conversation.Channel, message.Conversation.Account, networkId);
                            if (_byNetworkId.TryGetValue(networkKey, out var holder) && holder == message.Id)
                            {
                                _byNetworkId.Remove(networkKey);
                            }
                        }

                        _messages[item.Id] = erased;
                        if (_outbox.TryGetValue(item.Id, out var entry))
                        {
                            SaveOutboxEntry(StoreRedaction.EraseOutboxEntry(entry, conversation));
                        }

                        messages++;
                    }
                }
            }

            return Task.FromResult(new ErasureCount(tickets, messages));
        }
    }

    /// <inheritdoc />
    public Task<int> RedactMessagesBeforeAsync(DateTimeOffset before, DateTimeOffset at, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var due = _messages.Values
                .Where(m => m.RedactedAt is null && m.SentAt < before)
                .OrderBy(m => m.SentAt)
                .ThenBy(m => _sequences[m.Id])
                .Take(limit)
                .ToList();
            foreach (var message in due)
            {
                _messages[message.Id] = StoreRedaction.RedactContent(message, at);
                if (_outbox.TryGetValue(message.Id, out var entry) && entry.State is OutboxState.Sent or OutboxState.Failed)
                {
                    SaveOutboxEntry(StoreRedaction.RedactOutboxEntry(entry));
                }
            }

            return Task.FromResult(due.Count);
        }
    }
}
