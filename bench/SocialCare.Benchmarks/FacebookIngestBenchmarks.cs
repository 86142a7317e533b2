using System.Text;
using BenchmarkDotNet.Attributes;
using SocialCare.Abstractions;
using SocialCare.Channels.Meta;

namespace SocialCare.Benchmarks;

/// <summary>
/// Issue 9: Messenger text webhooks (the 966-byte body of <see cref="FacebookWebhookBenchmarks"/>, each with its own
/// message id and one of 1,024 customers' PSIDs) through the registered Facebook adapter
/// (<c>AddSocialCare().AddFacebook(…)</c>) and the whole pipeline into the in-memory store, against the floor over the
/// same bytes in the same run. Per event.
/// </summary>
/// <remarks>
/// Each iteration ingests <see cref="IngestRun.Batch"/> events into a fresh store (built outside the measurement): a
/// quarter of them open a ticket, the rest join their customer's open ticket. No agent is on duty, so every ticket
/// stays queued and the assignment step runs for every message. The clean-up checks that every event was applied.
/// </remarks>
[MemoryDiagnoser]
// Set here whatever job the command line names: an iteration is one batch into a fresh store (an iteration setup, so
// BenchmarkDotNet cannot repeat calls to warm up), and after --job short's three warm-up batches the code still ran in
// the JIT's instrumented tier (53 µs per Messenger event against 17 µs after 30 batches).
[WarmupCount(30)]
[IterationCount(10)]
public class FacebookIngestBenchmarks
{
    private byte[] _key = [];
    private byte[][] _bodies = [];
    private WebhookRequest[] _requests = [];
    private BenchHost _parser = null!;
    private BenchHost? _host;
    private int _applied;

    [GlobalSetup]
    public void Setup()
    {
        _key = Encoding.UTF8.GetBytes(ChannelBodies.MetaSecret);
        _bodies = [.. Enumerable.Range(0, IngestRun.Batch).Select(i => ChannelBodies.MessengerText(i, i % IngestRun.Customers))];
        if (_bodies.Any(b => b.Length != _bodies[0].Length) || _bodies[0].Length != ChannelBodies.MessengerText().Length)
        {
            throw new InvalidOperationException("The Messenger variants are not the template's size.");
        }

        _requests = [.. _bodies.Select(b => MetaWebhookSigner.CreateRequest(b, ChannelBodies.MetaSecret, "/webhooks/facebook"))];
        _parser = BenchHost.Create(BenchChannel.Messenger);
        IngestRun.CheckParses(_parser.Adapter, _requests, "Messenger");
        Console.WriteLine($"// Messenger text body: {_bodies[0].Length} B");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _parser?.Dispose();
        _host?.Dispose();
    }

    [IterationSetup(Target = nameof(Ingest))]
    public void FreshStore()
    {
        _host?.Dispose();
        _host = BenchHost.Create(BenchChannel.Messenger);
        _applied = 0;
    }

    [IterationCleanup(Target = nameof(Ingest))]
    public void CheckStore()
        => IngestRun.CheckIngested("Messenger", _applied, _host!.Store, tickets: IngestRun.Customers, messages: IngestRun.Batch);

    [Benchmark(Baseline = true, OperationsPerInvoke = IngestRun.Batch, Description = "Messenger: HMAC + one Utf8JsonReader pass (floor)")]
    public int FloorPass() => IngestRun.Floors(_key, _bodies);

    [Benchmark(OperationsPerInvoke = IngestRun.Batch, Description = "Messenger: adapter ReceiveAsync (verify + parse)")]
    public Task<int> VerifyAndParse() => IngestRun.VerifyAndParseAsync(_parser.Adapter, _requests);

    [Benchmark(OperationsPerInvoke = IngestRun.Batch, Description = "Messenger: full ingest, in-memory store")]
    public async Task<int> Ingest()
    {
        _applied = await IngestRun.IngestAsync(_host!.Pipeline, ChannelId.Facebook, _requests).ConfigureAwait(false);
        return _applied;
    }
}
