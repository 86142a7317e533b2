using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SocialCare.Storage.PostgreSql.Tests;

/// <summary>SLA timers and lifecycle timers fire once, however many instances run the scheduler at the same moment.</summary>
public sealed class TimersTests
{
    /// <summary>
    /// Two instances read the same due tickets (each waits until the other has read them) and apply them at once:
    /// the version-checked commits let exactly one apply each timer, so every SLA warning, breach and automatic resolve
    /// happens once.
    /// </summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task TwoInstancesRunningDueWorkAtOnceFireEachTimerOnce()
    {
        await using var database = TestDatabase.Create();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var gate = new DueGate(participants: 2);
        void Configure(SocialCareOptions o)
        {
            o.Sla.Policies.Add(new SlaPolicy { Name = "standard", FirstResponse = TimeSpan.FromMinutes(10) });
            o.Lifecycle.ResolvePendingAfter = TimeSpan.FromMinutes(15);
        }

        void Gated(IServiceCollection services)
            => services.Replace(ServiceDescriptor.Singleton<ITicketStore>(sp => new GatedStore(new PostgreSqlTicketStore(sp.GetRequiredService<PostgreSqlDatabase>(), ownsDatabase: false), gate)));

        await using var a = new AppInstance(database, time, new SentCounter(), Configure, Gated);
        await using var b = new AppInstance(database, time, new SentCounter(), Configure, Gated);
        const int Customers = 40;
        var published = await a.Publisher.PublishAsync([.. Enumerable.Range(0, Customers).Select(i => AppInstance.Message(i, 0, time.GetUtcNow()))], CancellationToken.None);
        Assert.Equal(Customers, published.Applied);
        var tickets = await a.Store.QueryTicketsAsync(new TicketQuery(), CancellationToken.None);
        Assert.Equal(Customers, tickets.Count);

        // Half wait for the customer (and resolve themselves after 15 minutes of silence).
        var pending = tickets.Where((_, i) => i % 2 == 0).Select(t => t.Id).ToHashSet();
        foreach (var id in pending)
        {
            Assert.True((await b.Engine.ChangeStateAsync(id, TicketState.Pending, TicketActor.ForAgent(AppInstance.Agent))).Succeeded);
        }

        time.Advance(TimeSpan.FromMinutes(20));
        gate.Open();
        var processed = await Task.WhenAll(Task.Run(() => a.Scheduler.RunDueAsync()), Task.Run(() => b.Scheduler.RunDueAsync()));

        var events = a.Sink.Events.Concat(b.Sink.Events).ToList();
        foreach (var ticket in tickets)
        {
            var mine = events.Where(e => e.TicketId == ticket.Id).ToList();
            Assert.True(mine.OfType<SlaWarning>().Count() <= 1, $"ticket {ticket.Id} was warned twice");
            Assert.True(mine.OfType<SlaBreached>().Count() <= 1, $"ticket {ticket.Id} was breached twice");
            var history = await a.Store.GetHistoryAsync(ticket.Id, CancellationToken.None);
            if (pending.Contains(ticket.Id))
            {
                Assert.Single(mine.OfType<TicketStateChanged>(), e => e is { From: TicketState.Pending, To: TicketState.Resolved });
                Assert.Single(history, h => h is { From: TicketState.Pending, To: TicketState.Resolved });
            }
            else
            {
                Assert.Single(mine.OfType<SlaWarning>());
                Assert.Single(mine.OfType<SlaBreached>());
                var stored = await a.Store.GetAsync(ticket.Id, CancellationToken.None);
                Assert.NotNull(stored!.Sla?.FirstResponse?.BreachedAt);
            }
        }

        // Both instances read the same due tickets and went through them; between them, each timer fired once.
        Assert.All(processed, p => Assert.True(p > 0));
        Assert.Empty(await a.Store.GetDueTicketsAsync(time.GetUtcNow(), 100, CancellationToken.None));
    }

    /// <summary>Holds the first due-ticket read of each instance until every instance has made it.</summary>
    private sealed class DueGate(int participants)
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;
        private volatile bool _open;

        public void Open() => _open = true;

        public async Task ArriveAsync(GatedStore store)
        {
            if (!_open || !store.FirstRead())
            {
                return;
            }

            if (Interlocked.Increment(ref _arrived) == participants)
            {
                _all.SetResult();
            }

            await _all.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>A store that passes everything to the PostgreSQL store, except that due reads wait at the gate.</summary>
    private sealed class GatedStore(ITicketStore inner, DueGate gate) : ITicketStore
    {
        private int _reads;

        public bool FirstRead() => Interlocked.Increment(ref _reads) == 1;

        public async Task<IReadOnlyList<Ticket>> GetDueTicketsAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken)
        {
            var due = await inner.GetDueTicketsAsync(until, limit, cancellationToken);
            if (until != DateTimeOffset.MaxValue)
            {
                await gate.ArriveAsync(this);
            }

            return due;
        }

        public Task<Ticket?> GetAsync(TicketId id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

        public Task<ErasureCount> EraseCustomerAsync(CustomerId customer, DateTimeOffset at, CancellationToken cancellationToken) => inner.EraseCustomerAsync(customer, at, cancellationToken);

        public Task<int> RedactMessagesBeforeAsync(DateTimeOffset before, DateTimeOffset at, int limit, CancellationToken cancellationToken)
            => inner.RedactMessagesBeforeAsync(before, at, limit, cancellationToken);

        public Task<Ticket?> FindActiveAsync(ConversationRef conversation, CustomerId customer, CancellationToken cancellationToken) => inner.FindActiveAsync(conversation, customer, cancellationToken);

        public Task<Ticket?> FindLatestAsync(ConversationRef conversation, CustomerId customer, CancellationToken cancellationToken) => inner.FindLatestAsync(conversation, customer, cancellationToken);

        public Task<IReadOnlyList<Message>> GetMessagesAsync(TicketId id, CancellationToken cancellationToken) => inner.GetMessagesAsync(id, cancellationToken);

        public Task<Message?> FindMessageAsync(ChannelId channel, ChannelAccountId account, NetworkMessageId networkId, CancellationToken cancellationToken)
            => inner.FindMessageAsync(channel, account, networkId, cancellationToken);

        public Task<IReadOnlyList<TicketHistoryEntry>> GetHistoryAsync(TicketId id, CancellationToken cancellationToken) => inner.GetHistoryAsync(id, cancellationToken);

        public Task<bool> IsProcessedAsync(IdempotencyKey key, CancellationToken cancellationToken) => inner.IsProcessedAsync(key, cancellationToken);

        public Task<IReadOnlyList<Ticket>> QueryTicketsAsync(TicketQuery query, CancellationToken cancellationToken) => inner.QueryTicketsAsync(query, cancellationToken);

        public Task<IReadOnlyDictionary<AgentId, int>> CountByAssigneeAsync(IReadOnlyCollection<TicketState> states, CancellationToken cancellationToken)
            => inner.CountByAssigneeAsync(states, cancellationToken);

        public Task<OutboxEntry?> GetOutboxEntryAsync(MessageId messageId, CancellationToken cancellationToken) => inner.GetOutboxEntryAsync(messageId, cancellationToken);

        public Task<IReadOnlyList<OutboxEntry>> ClaimOutboxAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken)
            => inner.ClaimOutboxAsync(now, lease, limit, cancellationToken);

        public Task<CommitOutcome> CommitAsync(TicketChangeSet changes, CancellationToken cancellationToken) => inner.CommitAsync(changes, cancellationToken);
    }
}
