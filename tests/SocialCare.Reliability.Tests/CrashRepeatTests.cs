using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SocialCare.Abstractions;
using SocialCare.Channels.Meta;
using SocialCare.Storage.Sqlite;
using SocialCare.Testing.Meta;
using SocialCare.Tests.Shared;
using Xunit.Abstractions;

namespace SocialCare.Reliability.Tests;

/// <summary>
/// The storage issue's crash scenario, repeated with different kill points (20 times in long mode, once in short mode):
/// <c>tools/SocialCare.CrashHost</c> ingests signed WhatsApp webhooks into SQLite and is killed (SIGKILL) mid-stream;
/// every acknowledged event is stored exactly once, and redelivering everything stores each event exactly once.
/// </summary>
public sealed class CrashRepeatTests(SuiteLogs logs, ITestOutputHelper output) : SuiteTest(logs)
{
    private const int Count = 600;
    private const int Customers = 60;
    private const int SentBeforeKill = 450;
    private const string Secret = "rel-crash-app-secret-2b9e";

    // A guard against a hung child, not a timed assertion.
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task CrashHost_KilledAtSeededPoints_AcknowledgedEventsSurviveOnce_AndRedeliveryStoresEachOnce()
    {
        var now = TimeProvider.System.GetUtcNow();
        var wamids = Enumerable.Range(0, Count).Select(i => $"wamid.relcrash.{i:D5}").ToArray();
        var lines = Enumerable.Range(0, Count).Select(i =>
        {
            var body = GraphApiEmulator.WhatsAppTextWebhook(ReliabilityHost.WabaId, ReliabilityHost.PhoneNumberId, $"4478{i % Customers:D8}", null, "Crash " + (i % Customers), wamids[i], $"crash message {i}", now);
            return Convert.ToBase64String(body) + "\t" + MetaWebhookSigner.Sign(body, Secret);
        }).ToArray();

        var killedAfter = new List<int>();
        var checkedEvents = 0;
        for (var run = 0; run < Suite.CrashRepetitions; run++)
        {
            var killAt = 10 + Suite.ForCase(400, run).Next(SentBeforeKill - 60);
            var directory = Path.Combine(Path.GetTempPath(), "socialcare-reliability", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            var file = Path.Combine(directory, "crash.db");
            try
            {
                var (acked, errors) = await CrashHostProcess.KillMidStreamAsync(file, Secret, lines.Take(SentBeforeKill), killAt, Guard, typeof(CrashRepeatTests).Assembly);
                Assert.True(acked.Count >= killAt, $"run {run}: only {acked.Count} events were acknowledged: {errors}");

                var afterCrash = await StoredAsync(file);
                Assert.True(afterCrash.All(p => p.Value == 1), $"run {run} (kill after {killAt}): an event was stored twice after the crash.");
                var lost = acked.Where(i => !afterCrash.ContainsKey(wamids[i])).ToList();
                Assert.True(lost.Count == 0, $"run {run} (kill after {killAt}): {lost.Count} acknowledged events were lost, such as line {lost.FirstOrDefault()}.");

                var (statuses, exitCode, redeliveryErrors) = await CrashHostProcess.DeliverAllAsync(file, Secret, lines, Guard, typeof(CrashRepeatTests).Assembly);
                Assert.True(exitCode == 0, $"run {run}: the host exited with {exitCode}: {redeliveryErrors}");

                Assert.Equal(Count, statuses.Count);
                Assert.All(statuses.Values, s => Assert.Equal(200, s));
                var stored = await StoredAsync(file);
                Assert.Equal(Count, stored.Count);
                Assert.All(wamids, w => Assert.Equal(1, stored.GetValueOrDefault(w)));
                killedAfter.Add(acked.Count);
                checkedEvents += Count;
            }
            finally
            {
                SqliteConnection.ClearAllPools();
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

        Report.Write(output, $"crash ({Suite.Mode}, seed {Suite.Seed}): {Suite.CrashRepetitions} runs, killed after {string.Join("/", killedAfter)} acknowledgements; {checkedEvents} events checked after redelivery");
    }

    private static async Task<Dictionary<string, int>> StoredAsync(string file)
    {
        await using var store = new SqliteTicketStore(new SqliteStoreOptions { ConnectionString = $"Data Source={file}" });
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
