using System.Diagnostics;
using System.Globalization;
using SocialCare.Abstractions;
using SocialCare.Tests.Shared;
using Xunit.Abstractions;

namespace SocialCare.Storage.Sqlite.Tests;

/// <summary>
/// Invariant 1 under SIGKILL: <c>tools/SocialCare.CrashHost</c> ingests signed webhooks into a SQLite file and is killed
/// mid-stream; every event it acknowledged with 2xx is stored exactly once, and redelivering everything stores every
/// event exactly once and nothing else.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    private const int Count = 2000;
    private const int Customers = 250;
    private const int SentBeforeKill = 1500;
    private const int AcksBeforeKill = 300;
    private const string Secret = "crash-test-app-secret-77a1";

    // A guard against a hung child, not a timed assertion: the test fails with a message instead of hanging.
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(5);

    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task CrashHost_KilledMidStream_AcknowledgedEventsSurviveOnce_AndRedeliveryStoresEachOnce()
    {
        var now = TimeProvider.System.GetUtcNow();
        var wamids = Enumerable.Range(0, Count).Select(i => $"wamid.crash.{i:D5}").ToArray();
        var lines = Enumerable.Range(0, Count).Select(i =>
        {
            // Eight messages per customer: each customer's conversation is applied in order, customers in parallel.
            var body = WhatsAppWebhooks.Text(wamids[i], $"4477{i % Customers:D8}", $"message {i}", now);
            return Convert.ToBase64String(body) + "\t" + WhatsAppWebhooks.Sign(body, Secret);
        }).ToArray();

        // Run 1: the first 1500 lines are streamed; after 300 acknowledgements the process is killed (SIGKILL). The last
        // 500 lines are never sent, so the kill always falls mid-stream.
        var (acked, errors) = await CrashHostProcess.KillMidStreamAsync(_files.File(), Secret, lines.Take(SentBeforeKill), AcksBeforeKill, Guard);
        Assert.True(acked.Count >= AcksBeforeKill, $"Only {acked.Count} events were acknowledged before the host stopped: {errors}");

        var afterCrash = await ReadStoredNetworkIdsAsync();
        var duplicates = afterCrash.Where(p => p.Value != 1).Select(p => p.Key).ToList();
        Assert.True(duplicates.Count == 0, $"Stored more than once after the crash: {string.Join(", ", duplicates.Take(5))}");
        var lost = acked.Where(i => !afterCrash.ContainsKey(wamids[i])).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged events were lost, such as line {lost.FirstOrDefault()}.");
        Assert.InRange(afterCrash.Count, acked.Count, SentBeforeKill);
        Assert.All(afterCrash.Keys, k => Assert.Contains(k, wamids));
        output.WriteLine($"Killed after {acked.Count} acknowledged events; {afterCrash.Count} were stored (commits in flight when killed: {afterCrash.Count - acked.Count}).");

        // Run 2: a new process on the same file; everything is delivered again, and stdin closes so that it exits.
        var (statuses, exitCode, redeliveryErrors) = await CrashHostProcess.DeliverAllAsync(_files.File(), Secret, lines, Guard);
        Assert.True(exitCode == 0, $"The host exited with {exitCode}: {redeliveryErrors}");

        Assert.Equal(Count, statuses.Count);
        Assert.All(statuses.Values, s => Assert.Equal(200, s));
        var stored = await ReadStoredNetworkIdsAsync();
        Assert.Equal(Count, stored.Count);
        Assert.All(wamids, w => Assert.Equal(1, stored.GetValueOrDefault(w)));
        Assert.Equal(Count, Inspect.Scalar(_files.File(), "SELECT COUNT(*) FROM processed_events"));
        Assert.Equal(Customers, Inspect.Scalar(_files.File(), "SELECT COUNT(*) FROM tickets"));
        Assert.Equal(Customers, Inspect.Scalar(_files.File(), "SELECT COUNT(*) FROM customers"));
    }

    /// <summary>Counts the stored messages per network id, reading every ticket's timeline through a fresh store.</summary>
    private async Task<Dictionary<string, int>> ReadStoredNetworkIdsAsync()
    {
        await using var store = new SqliteTicketStore(_files.Options());
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        TicketId? after = null;
        while (true)
        {
            var page = await store.QueryTicketsAsync(new TicketQuery { After = after, Limit = 100 }, default);
            foreach (var ticket in page)
            {
                foreach (var message in await store.GetMessagesAsync(ticket.Id, default))
                {
                    var key = message.NetworkId?.Value ?? "(none)";
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }
            }

            if (page.Count < 100)
            {
                return counts;
            }

            after = page[^1].Id;
        }
    }
}
