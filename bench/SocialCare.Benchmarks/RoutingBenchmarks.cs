using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using SocialCare.Abstractions;
using SocialCare.Core;

namespace SocialCare.Benchmarks;

/// <summary>
/// The routing step of an inbound customer message (<c>TicketEngine.RouteCustomerMessageAsync</c>): finding the ticket
/// it joins in the in-memory store, with 10,000 and 1,000,000 active tickets stored. Reported per message.
/// </summary>
/// <remarks>
/// Each of the N tickets belongs to its own customer on its own private WhatsApp conversation (one brand account, the
/// thread is the customer's user key). The tickets are committed straight to the store in large change sets, so the
/// setup does not run the engine a million times. Lookups go through the pairs in a shuffled order, and their keys are
/// fresh copies of the stored strings (as a parsed webhook's would be), laid out in lookup order: the cache misses
/// measured are the store's, not the benchmark's own arrays'.
/// </remarks>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    private const int Batch = 1024;
    private const int CommitChunk = 10_000;
    private const int Seed = 20261122;
    private static readonly ChannelAccountId Account = new("brand-whatsapp-001");

    private ServiceProvider? _provider;
    private TicketEngine _engine = null!;
    private ConversationRef[] _hitConversations = [];
    private CustomerId[] _hitCustomers = [];
    private ConversationRef[] _missConversations = [];
    private CustomerId[] _missCustomers = [];
    private int _nextHit;
    private int _nextMiss;

    [Params(10_000, 1_000_000)]
    public int ActiveTickets { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddSocialCare();
        _provider = services.BuildServiceProvider();
        var store = _provider.GetRequiredService<ITicketStore>();
        _engine = _provider.GetRequiredService<TicketEngine>();

        var random = new Random(Seed);
        var createdAt = new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
        var userKeys = new string[ActiveTickets];
        var customerKeys = new string[ActiveTickets];
        var writes = new List<TicketWrite>(CommitChunk);
        for (var i = 0; i < ActiveTickets; i++)
        {
            userKeys[i] = UserKey("49", i);
            customerKeys[i] = Guid.CreateVersion7(createdAt.AddMilliseconds(i)).ToString("N");
            var conversation = Conversation(userKeys[i]);
            var ticket = new Ticket(TicketId.New(createdAt.AddMilliseconds(i)), conversation, new CustomerId(customerKeys[i]), TicketState.Open, createdAt, Version: 1)
            {
                StateChangedAt = createdAt,
                UpdatedAt = createdAt,
                LastCustomerMessageAt = createdAt,
            };
            writes.Add(new TicketWrite(ticket, ExpectedVersion: 0));
            if (writes.Count == CommitChunk || i == ActiveTickets - 1)
            {
                store.CommitAsync(new TicketChangeSet { Tickets = writes }, CancellationToken.None).GetAwaiter().GetResult();
                writes = new List<TicketWrite>(CommitChunk);
            }
        }

        if (store is InMemoryTicketStore inMemory && inMemory.TicketCount != ActiveTickets)
        {
            throw new InvalidOperationException($"Expected {ActiveTickets} stored tickets, found {inMemory.TicketCount}.");
        }

        // Lookup keys in shuffled order, as new string instances (equal to the stored ones, not the same objects).
        var order = Enumerable.Range(0, ActiveTickets).ToArray();
        random.Shuffle(order);
        _hitConversations = new ConversationRef[ActiveTickets];
        _hitCustomers = new CustomerId[ActiveTickets];
        for (var i = 0; i < ActiveTickets; i++)
        {
            var k = order[i];
            _hitConversations[i] = Conversation(new string(userKeys[k].AsSpan()));
            _hitCustomers[i] = new CustomerId(new string(customerKeys[k].AsSpan()));
        }

        // Customers with no ticket: their user keys have another country prefix, so none of them is stored.
        _missConversations = new ConversationRef[ActiveTickets];
        _missCustomers = new CustomerId[ActiveTickets];
        for (var i = 0; i < ActiveTickets; i++)
        {
            _missConversations[i] = Conversation(UserKey("48", order[i]));
            _missCustomers[i] = new CustomerId(Guid.CreateVersion7(createdAt.AddDays(1).AddMilliseconds(i)).ToString("N"));
        }

        // Check the two paths once, outside the measurements: a hit finds its own ticket, a miss finds none.
        var found = _engine.RouteCustomerMessageAsync(_hitConversations[0], _hitCustomers[0], CancellationToken.None).GetAwaiter().GetResult();
        if (found is null || found.Customer != _hitCustomers[0] || found.Conversation != _hitConversations[0])
        {
            throw new InvalidOperationException("Routing an existing customer's message did not find the customer's ticket.");
        }

        if (_engine.RouteCustomerMessageAsync(_missConversations[0], _missCustomers[0], CancellationToken.None).GetAwaiter().GetResult() is not null)
        {
            throw new InvalidOperationException("Routing a new customer's message found a ticket.");
        }

        _nextHit = 0;
        _nextMiss = 0;
    }

    [GlobalCleanup]
    public void Cleanup() => _provider?.Dispose();

    /// <summary>Routes customer messages to their active tickets, going through the stored tickets in shuffled order.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task<Ticket?> RouteToActiveTicket()
    {
        Ticket? ticket = null;
        var next = _nextHit;
        var count = _hitConversations.Length;
        for (var i = 0; i < Batch; i++)
        {
            ticket = await _engine.RouteCustomerMessageAsync(_hitConversations[next], _hitCustomers[next], CancellationToken.None).ConfigureAwait(false);
            next = next + 1 == count ? 0 : next + 1;
        }

        _nextHit = next;
        return ticket;
    }

    /// <summary>Routes messages of customers with no ticket: a miss in the active index, then in the latest-ticket index.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task<Ticket?> RouteNewCustomer()
    {
        Ticket? ticket = null;
        var next = _nextMiss;
        var count = _missConversations.Length;
        for (var i = 0; i < Batch; i++)
        {
            ticket = await _engine.RouteCustomerMessageAsync(_missConversations[next], _missCustomers[next], CancellationToken.None).ConfigureAwait(false);
            next = next + 1 == count ? 0 : next + 1;
        }

        _nextMiss = next;
        return ticket;
    }

    private static ConversationRef Conversation(string userKey)
        => new(ChannelId.WhatsApp, Account, new ThreadId(userKey), ConversationVisibility.Private);

    // A WhatsApp user key is the customer's phone number in international form: a country prefix and ten digits,
    // distinct for distinct indexes (the multiplier is coprime with 10^10), spread rather than consecutive.
    private static string UserKey(string prefix, int index)
        => prefix + (index * 7_919_007L % 10_000_000_000L).ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
}
