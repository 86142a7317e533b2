namespace SocialCare.Core.Tests.TestChannel;

/// <summary>A store decorator that forwards every call; subclasses add faults or delays.</summary>
internal class ForwardingStore(ITicketStore inner) : ITicketStore
{
    public ITicketStore Inner => inner;

    public virtual Task<Ticket?> GetAsync(TicketId id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public virtual Task<Ticket?> FindActiveAsync(ConversationRef conversation, CustomerId customer, CancellationToken cancellationToken)
        => inner.FindActiveAsync(conversation, customer, cancellationToken);

    public virtual Task<Ticket?> FindLatestAsync(ConversationRef conversation, CustomerId customer, CancellationToken cancellationToken)
        => inner.FindLatestAsync(conversation, customer, cancellationToken);

    public virtual Task<IReadOnlyList<Message>> GetMessagesAsync(TicketId id, CancellationToken cancellationToken) => inner.GetMessagesAsync(id, cancellationToken);

    public virtual Task<Message?> FindMessageAsync(ChannelId channel, ChannelAccountId account, NetworkMessageId networkId, CancellationToken cancellationToken)
        => inner.FindMessageAsync(channel, account, networkId, cancellationToken);

    public virtual Task<IReadOnlyList<TicketHistoryEntry>> GetHistoryAsync(TicketId id, CancellationToken cancellationToken) => inner.GetHistoryAsync(id, cancellationToken);

    public virtual Task<bool> IsProcessedAsync(IdempotencyKey key, CancellationToken cancellationToken) => inner.IsProcessedAsync(key, cancellationToken);

    public virtual Task<CommitOutcome> CommitAsync(TicketChangeSet changes, CancellationToken cancellationToken) => inner.CommitAsync(changes, cancellationToken);

    public virtual Task<ErasureCount> EraseCustomerAsync(CustomerId customer, DateTimeOffset at, CancellationToken cancellationToken) => inner.EraseCustomerAsync(customer, at, cancellationToken);

    public virtual Task<int> RedactMessagesBeforeAsync(DateTimeOffset before, DateTimeOffset at, int limit, CancellationToken cancellationToken)
        => inner.RedactMessagesBeforeAsync(before, at, limit, cancellationToken);

    public virtual Task<IReadOnlyList<Ticket>> QueryTicketsAsync(TicketQuery query, CancellationToken cancellationToken) => inner.QueryTicketsAsync(query, cancellationToken);

    public virtual Task<IReadOnlyDictionary<AgentId, int>> CountByAssigneeAsync(IReadOnlyCollection<TicketState> states, CancellationToken cancellationToken)
        => inner.CountByAssigneeAsync(states, cancellationToken);

    public virtual Task<IReadOnlyList<Ticket>> GetDueTicketsAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken)
        => inner.GetDueTicketsAsync(until, limit, cancellationToken);

    public virtual Task<OutboxEntry?> GetOutboxEntryAsync(MessageId messageId, CancellationToken cancellationToken) => inner.GetOutboxEntryAsync(messageId, cancellationToken);

    public virtual Task<IReadOnlyList<OutboxEntry>> ClaimOutboxAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken)
        => inner.ClaimOutboxAsync(now, lease, limit, cancellationToken);
}

/// <summary>Answers every read and commit after a short random delay, so that unsequenced work would interleave.</summary>
internal sealed class JitteryStore(ITicketStore inner) : ForwardingStore(inner)
{
    public override async Task<Ticket?> FindActiveAsync(ConversationRef conversation, CustomerId customer, CancellationToken cancellationToken)
    {
        await Jitter();
        return await base.FindActiveAsync(conversation, customer, cancellationToken);
    }

    public override async Task<CommitOutcome> CommitAsync(TicketChangeSet changes, CancellationToken cancellationToken)
    {
        await Jitter();
        return await base.CommitAsync(changes, cancellationToken);
    }

    private static Task Jitter() => Random.Shared.Next(3) switch
    {
        0 => Task.CompletedTask,
        1 => Task.Yield().AsTask(),
        _ => Task.Delay(1),
    };
}

/// <summary>Throws on the first N commits, as a database that is briefly down would.</summary>
internal sealed class FailingStore(ITicketStore inner, int failures) : ForwardingStore(inner)
{
    private int _remaining = failures;

    public override Task<CommitOutcome> CommitAsync(TicketChangeSet changes, CancellationToken cancellationToken)
        => Interlocked.Decrement(ref _remaining) >= 0
            ? Task.FromException<CommitOutcome>(new TimeoutException("database unavailable"))
            : base.CommitAsync(changes, cancellationToken);
}

internal static class TaskExtensions
{
    public static async Task AsTask(this System.Runtime.CompilerServices.YieldAwaitable awaitable) => await awaitable;
}
