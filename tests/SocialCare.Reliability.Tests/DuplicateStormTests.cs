using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SocialCare.Abstractions;
using SocialCare.Core;
using SocialCare.Testing;
using SocialCare.Testing.Meta;
using Xunit.Abstractions;

namespace SocialCare.Reliability.Tests;

/// <summary>
/// Every event delivered three times, concurrently and out of order: each has exactly one effect (one stored message,
/// one application), in the in-memory store and in SQLite.
/// </summary>
public sealed class DuplicateStormTests(SuiteLogs logs, ITestOutputHelper output) : SuiteTest(logs)
{
    private const int Conversations = 12;

    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    public async Task EveryEventThreeTimes_ConcurrentlyAndOutOfOrder_HasExactlyOneEffect(string store)
    {
        var directory = Path.Combine(Path.GetTempPath(), "socialcare-reliability", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1795199400));
            await using var host = new ReliabilityHost(Logs, time, socialCare: b =>
            {
                if (store == "sqlite")
                {
                    b.UseSqlite($"Data Source={Path.Combine(directory, "storm.db")}");
                }
            });
            var events = CreateEvents(time.GetUtcNow());
            var random = Suite.ForCase(200, 0);
            var deliveries = events.SelectMany(e => Enumerable.Repeat(e, 3)).OrderBy(_ => random.Next()).ToArray();

            var responses = await Task.WhenAll(Chunks(deliveries, 24).Select(async chunk =>
            {
                var answers = new List<WebhookResponse>();
                foreach (var e in chunk)
                {
                    answers.Add(await host.PostAsync(e.Channel, e.Body));
                }

                return answers;
            }));
            var all = responses.SelectMany(r => r).ToList();

            Assert.All(all, r => Assert.Equal(200, r.StatusCode));
            Assert.Equal(events.Count, all.Sum(r => r.Applied));
            Assert.Equal(2 * events.Count, all.Sum(r => r.Skipped));
            var missing = new List<string>();
            foreach (var e in events)
            {
                if (await host.Store.FindMessageAsync(e.Channel, e.Account, e.Id, default) is null)
                {
                    missing.Add(e.Id.Value);
                }
            }

            Assert.True(missing.Count == 0, $"Not stored: {string.Join(", ", missing.Take(10))}");
            var stored = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var ticket in await host.Store.QueryTicketsAsync(new TicketQuery { Limit = 1000 }, default))
            {
                foreach (var message in await host.Store.GetMessagesAsync(ticket.Id, default))
                {
                    var key = message.NetworkId?.Value ?? "(none)";
                    stored[key] = stored.GetValueOrDefault(key) + 1;
                }
            }

            Assert.Equal(events.Count, stored.Count);
            Assert.All(events, e => Assert.Equal(1, stored.GetValueOrDefault(e.Id.Value)));
            Report.Write(output, $"duplicate storm ({store}, {Suite.Mode}, seed {Suite.Seed}): {events.Count} events x 3 deliveries = {deliveries.Length}, 24 concurrent senders; {all.Sum(r => r.Applied)} applied, {all.Sum(r => r.Skipped)} skipped, {stored.Count} stored once each");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Cleaned with the temp folder.
            }
        }
    }

    private List<StormEvent> CreateEvents(DateTimeOffset start)
    {
        var events = new List<StormEvent>();
        for (var i = 0; i < Suite.StormEventsPerChannel; i++)
        {
            var at = start.AddSeconds(i);
            var customer = (i % Conversations).ToString("D2", CultureInfo.InvariantCulture);
            var text = string.Create(CultureInfo.InvariantCulture, $"Storm message {i} about booking B{i:D4}");
            Logs.AddText(text);

            var mid = $"m_storm_{i}";
            var body = i % 4 == 3
                ? GraphApiEmulator.CommentWebhook(ReliabilityHost.PageId, ReliabilityHost.PageId + "_77" + customer, ReliabilityHost.PageId + "_77" + customer + "_" + i, "55001" + customer, "Commenter " + customer, text, at)
                : GraphApiEmulator.TextMessageWebhook(ReliabilityHost.PageId, "62418000" + customer, mid, text, at);
            var commentId = ReliabilityHost.PageId + "_77" + customer + "_" + i;
            events.Add(new StormEvent(ChannelId.Facebook, body, new ChannelAccountId(ReliabilityHost.PageId), new NetworkMessageId(i % 4 == 3 ? commentId : mid)));

            var wamid = $"wamid.storm.{i}";
            events.Add(new StormEvent(ChannelId.WhatsApp, GraphApiEmulator.WhatsAppTextWebhook(ReliabilityHost.WabaId, ReliabilityHost.PhoneNumberId, "44770090" + customer, null, "Storm " + customer, wamid, text, at), new ChannelAccountId(ReliabilityHost.PhoneNumberId), new NetworkMessageId(wamid)));

            var dm = string.Create(CultureInfo.InvariantCulture, $"{2_400_000_000_000_000_000L + i}");
            events.Add(new StormEvent(ChannelId.X, XWebhooks.DirectMessage(ReliabilityHost.XBrand, dm, "14029384756102" + customer, ReliabilityHost.XBrand, text, at, "Storm " + customer, "storm_" + customer), new ChannelAccountId(ReliabilityHost.XBrand), new NetworkMessageId(dm)));
        }

        return events;
    }

    private static IEnumerable<StormEvent[]> Chunks(StormEvent[] deliveries, int senders) =>
        Enumerable.Range(0, senders).Select(s => deliveries.Where((_, i) => i % senders == s).ToArray());

    private sealed record StormEvent(ChannelId Channel, byte[] Body, ChannelAccountId Account, NetworkMessageId Id);
}
