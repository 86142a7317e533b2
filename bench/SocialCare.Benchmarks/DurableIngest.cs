using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocialCare.Abstractions;
using SocialCare.Channels.Meta;
using SocialCare.Channels.WhatsApp;
using SocialCare.Core;
using SocialCare.Storage.Sqlite;

namespace SocialCare.Benchmarks;

/// <summary>
/// Durable ingest throughput: signed WhatsApp text webhooks through the whole pipeline (signature, parse, de-duplication,
/// customer resolution, ticket engine, commit) into a store, from one or more concurrent writers, in events per second.
/// </summary>
/// <remarks>
/// Not a BenchmarkDotNet benchmark: throughput under concurrency is what is measured, so it is a timed loop over a
/// pre-built corpus. Run it with
/// <c>dotnet run -c Release --project bench/SocialCare.Benchmarks -- durable --store sqlite --writers 4 --group-commit on</c>.
/// </remarks>
internal static class DurableIngest
{
    private const string AppSecret = "bench-app-secret-0123456789";
    private const string PhoneNumberId = "109283746501234";

    public static async Task<int> RunAsync(string[] args)
    {
        var store = Option(args, "--store", "sqlite");
        var writers = int.Parse(Option(args, "--writers", "4"), CultureInfo.InvariantCulture);
        var groupCommit = Option(args, "--group-commit", "on") == "on";
        var synchronous = Enum.Parse<SqliteSynchronousMode>(Option(args, "--synchronous", "full"), ignoreCase: true);
        var events = int.Parse(Option(args, "--events", "20000"), CultureInfo.InvariantCulture);
        var perCustomer = int.Parse(Option(args, "--messages-per-customer", "5"), CultureInfo.InvariantCulture);

        // Thousands of warm-up webhooks, not one: the JIT's instrumented tier runs for the first seconds under load.
        var warmUpEvents = int.Parse(Option(args, "--warmup", "20000"), CultureInfo.InvariantCulture);
        var connection = Environment.GetEnvironmentVariable("SOCIALCARE_BENCH_POSTGRES")
            ?? Environment.GetEnvironmentVariable("SOCIALCARE_TEST_POSTGRES")
            ?? "Host=127.0.0.1;Username=socialcare;Password=socialcare;Database=socialcare";

        var directory = Path.Combine(Path.GetTempPath(), "socialcare-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var schema = "bench_" + Guid.NewGuid().ToString("N")[..8];
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var socialCare = builder.Services.AddSocialCare().AddWhatsApp(o =>
        {
            o.AppSecret = AppSecret;
            o.VerifyToken = "bench-verify-token";
            o.AccessToken = "bench-access-token";
            o.GraphApiBaseUrl = new Uri("http://127.0.0.1:9/");
            o.PhoneNumbers.Add(new WhatsAppPhoneNumberOptions { PhoneNumberId = PhoneNumberId, Name = "Bench Shop" });
        });
        switch (store)
        {
            case "memory":
                break;
            case "sqlite":
                socialCare.UseSqlite($"Data Source={Path.Combine(directory, "socialcare.db")}", o =>
                {
                    o.GroupCommit = groupCommit;
                    o.Synchronous = synchronous;
                });
                break;
            case "postgresql":
                socialCare.UsePostgreSql(connection, o =>
                {
                    o.Schema = schema;
                    o.GroupCommit = groupCommit;
                });
                break;
            default:
                Console.Error.WriteLine($"Unknown --store '{store}': use memory, sqlite or postgresql.");
                return 2;
        }

        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var pipeline = host.Services.GetRequiredService<IWebhookPipeline>();
            var warmUp = Corpus(warmUpEvents, 1, prefix: "w");
            var corpus = Corpus(events, perCustomer, prefix: "r");
            await IngestAsync(pipeline, warmUp, writers);

            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            var failures = await IngestAsync(pipeline, corpus, writers);
            clock.Stop();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

            var ticketStore = host.Services.GetRequiredService<ITicketStore>();
            var sample = await ticketStore.FindMessageAsync(ChannelId.WhatsApp, new ChannelAccountId(PhoneNumberId), new NetworkMessageId(MessageId("r", events - 1)), CancellationToken.None);
            var rate = events / clock.Elapsed.TotalSeconds;
            Console.WriteLine(
                $"| {store} | {(store == "memory" ? "-" : groupCommit ? "on" : "off")} | {writers} | {events:N0} | {clock.Elapsed.TotalSeconds:F2} s | {rate:N0} | {allocated / events:N0} B | {failures} |");
            if (failures > 0 || sample is null)
            {
                Console.Error.WriteLine(sample is null ? "The last event is not stored." : $"{failures} webhooks were not answered 200.");
                return 1;
            }

            return 0;
        }
        finally
        {
            await host.StopAsync();
            if (store == "postgresql")
            {
                await DropSchemaAsync(connection, schema);
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<int> IngestAsync(IWebhookPipeline pipeline, WebhookRequest[] corpus, int writers)
    {
        var next = -1;
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < corpus.Length)
            {
                var response = await pipeline.ProcessAsync(ChannelId.WhatsApp, corpus[index], CancellationToken.None);
                if (response.StatusCode != 200 || response.Applied != 1)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));
        return failures;
    }

    // Each customer writes perCustomer messages; customers interleave, so most messages join an open ticket.
    private static WebhookRequest[] Corpus(int count, int perCustomer, string prefix)
    {
        var customers = Math.Max(1, count / perCustomer);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var phone = (393400000000L + (i % customers)).ToString(CultureInfo.InvariantCulture) + prefix.Length;
            var json = $$$"""
                {"object":"whatsapp_business_account","entry":[{"id":"118273645501928","changes":[{"value":{"messaging_product":"whatsapp",
                "metadata":{"display_phone_number":"15557771234","phone_number_id":"{{{PhoneNumberId}}}"},
                "contacts":[{"profile":{"name":"Cliente {{{i % customers}}}"},"wa_id":"{{{phone}}}"}],
                "messages":[{"from":"{{{phone}}}","id":"{{{MessageId(prefix, i)}}}","timestamp":"1795199400","type":"text",
                "text":{"body":"Buongiorno, il mio ordine {{{48000 + i}}} non è ancora arrivato: potete controllare? Grazie"}}]},"field":"messages"}]}]}
                """;
            return MetaWebhookSigner.CreateRequest(Encoding.UTF8.GetBytes(json), AppSecret, "/webhooks/whatsapp");
        })];
    }

    private static string MessageId(string prefix, int i) => $"wamid.bench.{prefix}.{i:D8}";

    private static string Option(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }

    private static async Task DropSchemaAsync(string connection, string schema)
    {
        await using var source = Npgsql.NpgsqlDataSource.Create(connection);
        await using var command = source.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        await command.ExecuteNonQueryAsync();
    }
}
