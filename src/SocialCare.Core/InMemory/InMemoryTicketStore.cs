using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>A <see cref="ITicketStore"/> in process memory: for tests, samples and quick starts.</summary>
/// <remarks>
/// Thread-safe; each commit is atomic. Everything is lost when the process ends, and idempotency records are kept for
/// the life of the process: use a durable store (SQLite, PostgreSQL) in production.
/// </remarks>
public sealed class InMemoryTicketStore : ITicketStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TicketId, Ticket> _tickets = [];
    private readonly Dictionary<(ConversationRef, CustomerId), TicketId> _active = [];
    private readonly Dictionary<(ConversationRef, CustomerId), TicketId> _latest = [];
    private readonly Dictionary<TicketId, List<MessageId>> _timelines = [];
    private readonly Dictionary<MessageId, Message> _messages = [];
    private readonly Dictionary<(ChannelId, ChannelAccountId, NetworkMessageId), MessageId> _byNetworkId = [];
    private readonly Dictionary<TicketId, List<TicketHistoryEntry>> _history = [];
    private readonly HashSet<IdempotencyKey> _processed = [];

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
            return Task.FromResult(_active.TryGetValue((conversation, customer), out var id) ? _tickets[id] : null);
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
            IReadOnlyList<Message> result = _timelines.TryGetValue(id, out var ids) ? [.. ids.Select(m => _messages[m])] : [];
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
        foreach (var write in changes.Tickets)
        {
            if (write.Ticket.Version != write.ExpectedVersion + 1)
            {
                throw new ArgumentException(
                    $"Ticket {write.Ticket.Id} is saved at version {write.Ticket.Version}; expected {write.ExpectedVersion + 1}.",
                    nameof(changes));
            }
        }

        lock (_gate)
        {
            if (changes.Event is { } key && _processed.Contains(key))
            {
                return Task.FromResult(CommitOutcome.Duplicate);
            }

            // Check everything before changing anything, so a failed commit leaves no trace.
            foreach (var write in changes.Tickets)
            {
                var actual = _tickets.TryGetValue(write.Ticket.Id, out var stored) ? stored.Version : 0;
                if (actual != write.ExpectedVersion)
                {
                    throw new TicketConcurrencyException(write.Ticket.Id, write.ExpectedVersion, actual);
                }
            }

            foreach (var message in changes.UpdatedMessages)
            {
                if (!_messages.ContainsKey(message.Id))
                {
                    throw new ArgumentException($"Message {message.Id} is updated but not stored.", nameof(changes));
                }
            }

            foreach (var message in changes.AddedMessages)
            {
                if (_messages.ContainsKey(message.Id))
                {
                    throw new ArgumentException($"Message {message.Id} is added but already stored.", nameof(changes));
                }
            }

            foreach (var write in changes.Tickets)
            {
                SaveTicket(write);
            }

            foreach (var message in changes.AddedMessages)
            {
                _messages.Add(message.Id, message);
                GetOrAdd(_timelines, message.TicketId).Add(message.Id);
                IndexNetworkId(message);
            }

            foreach (var message in changes.UpdatedMessages)
            {
                _messages[message.Id] = message;
                IndexNetworkId(message);
            }

            foreach (var entry in changes.History)
            {
                GetOrAdd(_history, entry.TicketId).Add(entry);
            }

            if (changes.Event is { } processed)
            {
                _processed.Add(processed);
            }

            return Task.FromResult(CommitOutcome.Committed);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<Ticket>> QueryTicketsAsync(TicketQuery query, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <inheritdoc/>
    public Task<IReadOnlyDictionary<AgentId, int>> CountByAssigneeAsync(IReadOnlyCollection<TicketState> states, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <inheritdoc/>
    public Task<IReadOnlyList<Ticket>> GetDueTicketsAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <inheritdoc/>
    public Task<OutboxEntry?> GetOutboxEntryAsync(MessageId messageId, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <inheritdoc/>
    public Task<IReadOnlyList<OutboxEntry>> ClaimOutboxAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken) => throw new NotImplementedException();

    private void SaveTicket(TicketWrite write)
    {
        var ticket = write.Ticket;
        var key = (ticket.Conversation, ticket.Customer);
        _tickets[ticket.Id] = ticket;
        if (write.ExpectedVersion == 0)
        {
            _latest[key] = ticket.Id;
        }

        if (ticket.IsActive)
        {
            _active[key] = ticket.Id;
        }
        else if (_active.TryGetValue(key, out var active) && active == ticket.Id)
        {
            _active.Remove(key);
        }
    }

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
}
