using System.Diagnostics;
using Xunit.Abstractions;

namespace SocialCare.Storage.PostgreSql.Tests;

/// <summary>Several app instances on one schema, as behind a load balancer: no event applied twice, no reply sent twice.</summary>
public sealed class ManyInstancesTests(ITestOutputHelper output)
{
    private const int Instances = 4;
    private const int Customers = 500;
    private const int MessagesPerCustomer = 20;
    private const int RequestSize = 25;

    /// <summary>
    /// Four instances ingest the same 10,000 events, each delivered twice in shuffled order and concurrently (so most
    /// duplicates and most messages of one conversation land on different instances), then agents reply through
    /// different instances and all four dispatch the outbox at once.
    /// </summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task FourInstancesIngestEveryEventOnceAndSendEveryReplyOnce()
    {
        await using var database = TestDatabase.Create();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var sent = new SentCounter();
        var apps = Enumerable.Range(0, Instances).Select(_ => new AppInstance(database, time, sent, o => o.MaxConcurrencyAttempts = 20)).ToList();
        try
        {
            var start = time.GetUtcNow();
            var events = (from customer in Enumerable.Range(0, Customers)
                          from index in Enumerable.Range(0, MessagesPerCustomer)
                          select AppInstance.Message(customer, index, start.AddSeconds(index))).ToList();
            var deliveries = events.Concat(events).ToArray();
            new Random(20261123).Shuffle(deliveries);
            var requests = deliveries.Chunk(RequestSize).ToList();

            // Four writers per instance, each taking the next request: the instances work at the same time.
            var clock = Stopwatch.StartNew();
            var next = -1;
            var redelivered = 0;
            await Task.WhenAll(apps.SelectMany((app, i) => Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                int request;
                while ((request = Interlocked.Increment(ref next)) < requests.Count)
                {
                    // A request some of whose events could not be stored is delivered again, as the network would.
                    var instance = apps[request % Instances];
                    for (var attempt = 0; ; attempt++)
                    {
                        var result = await instance.Publisher.PublishAsync(requests[request], CancellationToken.None);
                        if (result.Failed == 0)
                        {
                            break;
                        }

                        Assert.True(attempt < 10, $"A request still failed after {attempt + 1} deliveries.");
                        Interlocked.Increment(ref redelivered);
                    }
                }
            })))).WaitAsync(TimeSpan.FromMinutes(10));
            clock.Stop();
            output.WriteLine($"{deliveries.Length} deliveries ({events.Count} events) through {Instances} instances in {clock.Elapsed.TotalSeconds:F1} s: {deliveries.Length / clock.Elapsed.TotalSeconds:F0} deliveries/s; {redelivered} requests redelivered");

            Assert.Equal(events.Count, await database.CountAsync("messages"));
            Assert.Equal(events.Count, await database.CountAsync("processed_events"));
            Assert.Equal(Customers, await database.CountAsync("customers"));
            Assert.Equal(Customers, await database.CountAsync("tickets"));
            Assert.Equal(Customers, await database.CountAsync("tickets", "active"));
            Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM (SELECT ticket_id FROM {s}.messages GROUP BY ticket_id HAVING count(*) <> 20) odd"));
            Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM (SELECT channel, account, thread, customer_id FROM {s}.tickets GROUP BY 1, 2, 3, 4 HAVING count(*) <> 1) odd"));

            // Every ticket is answered, through the instances in turn.
            var tickets = await apps[0].Store.QueryTicketsAsync(new TicketQuery { Limit = Customers }, CancellationToken.None);
            Assert.Equal(Customers, tickets.Count);
            var replies = await Task.WhenAll(tickets.Select((ticket, i) => Task.Run(() => apps[i % Instances].Engine.ReplyAsync(
                new ReplyRequest(ticket.Id, AppInstance.Agent, [new TextPart($"Hello from instance {i % Instances}")]),
                CancellationToken.None))));
            Assert.All(replies, r => Assert.True(r.Succeeded, r.Error));
            Assert.Equal(Customers, await database.CountAsync("outbox", "state = 0"));

            // All four dispatch at once, each in several loops: every entry is sent once, and recorded as sent.
            var dispatched = await Task.WhenAll(apps.SelectMany(app => Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
            {
                var total = 0;
                int round;
                while ((round = await app.Scheduler.DispatchOutboxAsync(CancellationToken.None)) > 0)
                {
                    total += round;
                }

                return total;
            }))));

            Assert.Equal(Customers, dispatched.Sum());
            Assert.Equal(Customers, sent.Sends.Count);
            Assert.All(sent.Sends.Values, count => Assert.Equal(1, count));
            Assert.Equal(replies.Select(r => r.Message!.Id.Value).Order(StringComparer.Ordinal), sent.Sends.Keys.Select(id => id.Value).Order(StringComparer.Ordinal));
            Assert.Equal(Customers, await database.CountAsync("outbox", "state = 2 AND attempts = 1"));
        }
        finally
        {
            foreach (var app in apps)
            {
                await app.DisposeAsync();
            }
        }
    }
}
