using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SocialCare.Abstractions;
using SocialCare.Channels.Twitter;

namespace SocialCare.Benchmarks;

/// <summary>
/// Issue 9: the two shared X fixtures of <see cref="XWebhookBenchmarks"/> (<c>aaa-dm-text.json</c>, 2,246 bytes, and
/// <c>aaa-tweet-mention.json</c>, 3,308 bytes; each event with its own id and one of 1,024 customers' user ids, in the
/// event and in the user objects) through the registered X adapter (<c>AddSocialCare().AddX(…)</c>) and the whole
/// pipeline into the in-memory store, each category against the floor over its own bytes in the same run. Per event.
/// </summary>
/// <remarks>
/// Each iteration ingests <see cref="IngestRun.Batch"/> events into a fresh store. DMs: a quarter open a ticket, the rest
/// join their customer's open ticket in the private conversation. Mentions: each post that mentions the brand is its
/// own public thread, so each opens a ticket (a reply under it would join it). No agent is on duty, so the assignment
/// step runs for every message. The clean-up checks that every event was applied and the tickets and messages stored.
/// </remarks>
[MemoryDiagnoser]
// Set here whatever job the command line names: an iteration is one batch into a fresh store (an iteration setup, so
// BenchmarkDotNet cannot repeat calls to warm up), and after --job short's three warm-up batches the code still ran in
// the JIT's instrumented tier (53 µs per Messenger event against 17 µs after 30 batches).
[WarmupCount(30)]
[IterationCount(10)]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class XIngestBenchmarks
{
    private const string DmCategory = "X DM";
    private const string MentionCategory = "X mention";

    private byte[] _key = [];
    private byte[][] _dmBodies = [];
    private byte[][] _mentionBodies = [];
    private WebhookRequest[] _dmRequests = [];
    private WebhookRequest[] _mentionRequests = [];
    private BenchHost _parser = null!;
    private BenchHost? _host;
    private int _applied;

    [GlobalSetup]
    public void Setup()
    {
        _key = Encoding.UTF8.GetBytes(ChannelBodies.XSecret);
        var dm = ChannelBodies.ReadXFixture("aaa-dm-text.json");
        var mention = ChannelBodies.ReadXFixture("aaa-tweet-mention.json");
        _dmBodies = [.. Enumerable.Range(0, IngestRun.Batch).Select(i => ChannelBodies.XDm(dm, i, i % IngestRun.Customers))];
        _mentionBodies = [.. Enumerable.Range(0, IngestRun.Batch).Select(i => ChannelBodies.XMention(mention, i, i % IngestRun.Customers))];
        if (_dmBodies.Any(b => b.Length != dm.Length) || _mentionBodies.Any(b => b.Length != mention.Length))
        {
            throw new InvalidOperationException("The X variants are not the fixtures' size.");
        }

        _dmRequests = [.. _dmBodies.Select(Signed)];
        _mentionRequests = [.. _mentionBodies.Select(Signed)];
        _parser = BenchHost.Create(BenchChannel.XDm);
        IngestRun.CheckParses(_parser.Adapter, _dmRequests, "X DM");
        IngestRun.CheckParses(_parser.Adapter, _mentionRequests, "X mention");
        Console.WriteLine($"// X bodies: DM {_dmBodies[0].Length} B, mention {_mentionBodies[0].Length} B");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _parser?.Dispose();
        _host?.Dispose();
    }

    [IterationSetup(Target = nameof(DmIngest))]
    public void FreshStore()
    {
        _host?.Dispose();
        _host = BenchHost.Create(BenchChannel.XDm);
        _applied = 0;
    }

    [IterationSetup(Target = nameof(MentionIngest))]
    public void FreshStoreForMentions() => FreshStore();

    [IterationCleanup(Target = nameof(DmIngest))]
    public void CheckDms()
        => IngestRun.CheckIngested("X DM", _applied, _host!.Store, tickets: IngestRun.Customers, messages: IngestRun.Batch);

    [IterationCleanup(Target = nameof(MentionIngest))]
    public void CheckMentions()
        => IngestRun.CheckIngested("X mention", _applied, _host!.Store, tickets: IngestRun.Batch, messages: IngestRun.Batch);

    [BenchmarkCategory(DmCategory)]
    [Benchmark(Baseline = true, OperationsPerInvoke = IngestRun.Batch, Description = "X DM: HMAC + one Utf8JsonReader pass (floor)")]
    public int DmFloor() => IngestRun.Floors(_key, _dmBodies);

    [BenchmarkCategory(DmCategory)]
    [Benchmark(OperationsPerInvoke = IngestRun.Batch, Description = "X DM: adapter ReceiveAsync (verify + parse)")]
    public Task<int> DmVerifyAndParse() => IngestRun.VerifyAndParseAsync(_parser.Adapter, _dmRequests);

    [BenchmarkCategory(DmCategory)]
    [Benchmark(OperationsPerInvoke = IngestRun.Batch, Description = "X DM: full ingest, in-memory store")]
    public async Task<int> DmIngest()
    {
        _applied = await IngestRun.IngestAsync(_host!.Pipeline, ChannelId.X, _dmRequests).ConfigureAwait(false);
        return _applied;
    }

    [BenchmarkCategory(MentionCategory)]
    [Benchmark(Baseline = true, OperationsPerInvoke = IngestRun.Batch, Description = "X mention: HMAC + one Utf8JsonReader pass (floor)")]
    public int MentionFloor() => IngestRun.Floors(_key, _mentionBodies);

    [BenchmarkCategory(MentionCategory)]
    [Benchmark(OperationsPerInvoke = IngestRun.Batch, Description = "X mention: adapter ReceiveAsync (verify + parse)")]
    public Task<int> MentionVerifyAndParse() => IngestRun.VerifyAndParseAsync(_parser.Adapter, _mentionRequests);

    [BenchmarkCategory(MentionCategory)]
    [Benchmark(OperationsPerInvoke = IngestRun.Batch, Description = "X mention: full ingest, in-memory store")]
    public async Task<int> MentionIngest()
    {
        _applied = await IngestRun.IngestAsync(_host!.Pipeline, ChannelId.X, _mentionRequests).ConfigureAwait(false);
        return _applied;
    }

    private static WebhookRequest Signed(byte[] body)
        => WebhookRequest.Post("/webhooks/x", body, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = "application/json; charset=utf-8",
            ["x-twitter-webhooks-signature"] = XWebhookSigner.Sign(body, ChannelBodies.XSecret),
        });
}
