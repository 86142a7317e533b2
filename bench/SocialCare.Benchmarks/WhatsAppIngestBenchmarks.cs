using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SocialCare.Abstractions;
using SocialCare.Channels.Meta;

namespace SocialCare.Benchmarks;

/// <summary>
/// Issue 9: the two WhatsApp bodies of <see cref="WhatsAppWebhookBenchmarks"/> (a 712-byte customer text message and a
/// 655-byte <c>delivered</c> status, each with its own <c>wamid</c> and one of 1,024 customers' phones and user ids)
/// through the registered WhatsApp adapter (<c>AddSocialCare().AddWhatsApp(…)</c>) and the whole pipeline into the
/// in-memory store, each category against the floor over its own bytes in the same run. Per event.
/// </summary>
/// <remarks>
/// <para>
/// Text: each iteration ingests <see cref="IngestRun.Batch"/> messages into a fresh store; a quarter open a ticket, the
/// rest join their customer's open ticket (no agent on duty, so the assignment step runs for every message).
/// </para>
/// <para>
/// Status: each iteration's store first holds the 1,024 customers' tickets (one text each, through the pipeline) and
/// the <see cref="IngestRun.Batch"/> replies the statuses are about (sent, with the <c>wamid</c> WhatsApp answered and
/// SocialCare's local id in the callback data), built outside the measurement; the clean-up checks that each reply is
/// now delivered. The unknown-message row sends the same statuses to an empty store: each is acknowledged and recorded
/// as processed (so a redelivery is a duplicate), and changes nothing else.
/// </para>
/// </remarks>
[MemoryDiagnoser]
// Set here whatever job the command line names: an iteration is one batch into a fresh store (an iteration setup, so
// BenchmarkDotNet cannot repeat calls to warm up), and after --job short's three warm-up batches the code still ran in
// the JIT's instrumented tier (53 µs per Messenger event against 17 µs after 30 batches).
[WarmupCount(30)]
[IterationCount(10)]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class WhatsAppIngestBenchmarks
{
    private const string TextCategory = "WhatsApp text";
    private const string StatusCategory = "WhatsApp status";
    private static readonly ChannelAccountId Account = new(ChannelBodies.PhoneNumberId);

    private byte[] _key = [];
    private byte[][] _textBodies = [];
    private byte[][] _statusBodies = [];
    private WebhookRequest[] _textRequests = [];
    private WebhookRequest[] _statusRequests = [];
    private MessageId[] _localIds = [];
    private BenchHost _parser = null!;
    private BenchHost? _host;
    private int _applied;

    [GlobalSetup]
    public void Setup()
    {
        _key = Encoding.UTF8.GetBytes(ChannelBodies.MetaSecret);
        var sentAt = ChannelBodies.WhatsAppTime.AddMinutes(5);
        _localIds = [.. Enumerable.Range(0, IngestRun.Batch).Select(i => MessageId.New(sentAt.AddMilliseconds(i)))];
        _textBodies = [.. Enumerable.Range(0, IngestRun.Batch).Select(i => ChannelBodies.WhatsAppText(i, i % IngestRun.Customers))];
        _statusBodies = [.. Enumerable.Range(0, IngestRun.Batch).Select(i => ChannelBodies.WhatsAppStatus(i, i % IngestRun.Customers, _localIds[i].Value))];
        if (_textBodies.Any(b => b.Length != ChannelBodies.WhatsAppText().Length) || _statusBodies.Any(b => b.Length != ChannelBodies.WhatsAppStatus().Length))
        {
            throw new InvalidOperationException("The WhatsApp variants are not their templates' size.");
        }

        _textRequests = [.. _textBodies.Select(Signed)];
        _statusRequests = [.. _statusBodies.Select(Signed)];
        _parser = BenchHost.Create(BenchChannel.WhatsApp);
        IngestRun.CheckParses(_parser.Adapter, _textRequests, "WhatsApp text");
        IngestRun.CheckParses(_parser.Adapter, _statusRequests, "WhatsApp status");
        Console.WriteLine($"// WhatsApp bodies: text message {_textBodies[0].Length} B, delivered status {_statusBodies[0].Length} B");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _parser?.Dispose();
        _host?.Dispose();
    }

    [IterationSetup(Target = nameof(TextIngest))]
    public void FreshStore()
    {
        _host?.Dispose();
        _host = BenchHost.Create(BenchChannel.WhatsApp);
        _applied = 0;
    }

    [IterationSetup(Target = nameof(StatusIngestUnknownMessage))]
    public void FreshStoreForStatuses() => FreshStore();

    [IterationSetup(Target = nameof(StatusIngest))]
    public void StoreWithSentReplies()
    {
        FreshStore();
        var host = _host!;

        // The customers wrote first (one message each), then an agent's reply to each was sent and WhatsApp answered its wamid.
        var opened = IngestRun.IngestAsync(host.Pipeline, ChannelId.WhatsApp, _textRequests[..IngestRun.Customers]).GetAwaiter().GetResult();
        var tickets = host.Store.GetTickets().ToDictionary(t => t.Conversation.Thread.Value, StringComparer.Ordinal);
        if (opened != IngestRun.Customers || tickets.Count != IngestRun.Customers)
        {
            throw new InvalidOperationException($"The status set-up opened {tickets.Count} tickets from {opened} messages, not {IngestRun.Customers}.");
        }

        var agent = new AgentId("zoe");
        var replies = new List<Message>(IngestRun.Batch);
        for (var i = 0; i < IngestRun.Batch; i++)
        {
            var customer = i % IngestRun.Customers;
            var ticket = tickets.GetValueOrDefault(ChannelBodies.WhatsAppCustomerUserId(customer))
                ?? tickets[ChannelBodies.WhatsAppCustomerPhone(customer)];
            replies.Add(new Message(_localIds[i], ticket.Id, ticket.Conversation, MessageDirection.Outbound, AuthorKind.Agent, ChannelBodies.WhatsAppTime.AddMinutes(5), [new TextPart("Ciao Niccolò, controlliamo subito con il corriere e ti scriviamo entro un'ora.")])
            {
                Agent = agent,
                NetworkId = new NetworkMessageId(ChannelBodies.WhatsAppStatusWamidOf(i)),
                Status = DeliveryStatus.Sent,
            });
        }

        host.Store.CommitAsync(new TicketChangeSet { AddedMessages = replies }, CancellationToken.None).GetAwaiter().GetResult();
    }

    [IterationCleanup(Target = nameof(TextIngest))]
    public void CheckTexts()
        => IngestRun.CheckIngested("WhatsApp text", _applied, _host!.Store, tickets: IngestRun.Customers, messages: IngestRun.Batch);

    [IterationCleanup(Target = nameof(StatusIngest))]
    public void CheckStatuses()
    {
        IngestRun.CheckIngested("WhatsApp status", _applied, _host!.Store, tickets: IngestRun.Customers, messages: IngestRun.Customers + IngestRun.Batch);
        for (var i = 0; i < IngestRun.Batch; i++)
        {
            var reply = _host.Store.FindMessageAsync(ChannelId.WhatsApp, Account, new NetworkMessageId(ChannelBodies.WhatsAppStatusWamidOf(i)), CancellationToken.None).GetAwaiter().GetResult();
            if (reply is not { Status: DeliveryStatus.Delivered } || reply.Id != _localIds[i])
            {
                throw new InvalidOperationException($"Reply {i} is {reply?.Status.ToString() ?? "missing"} after its delivered status.");
            }
        }
    }

    [IterationCleanup(Target = nameof(StatusIngestUnknownMessage))]
    public void CheckUnknownStatuses()
    {
        var store = _host!.Store;
        if (_applied != IngestRun.Batch || store.TicketCount != 0 || store.MessageCount != 0 || store.ProcessedEventCount != IngestRun.Batch)
        {
            throw new InvalidOperationException(
                $"Statuses of unknown messages: {_applied} of {IngestRun.Batch} acknowledged, {store.ProcessedEventCount} recorded as processed, {store.TicketCount} tickets and {store.MessageCount} messages stored.");
        }
    }

    [BenchmarkCategory(TextCategory)]
    [Benchmark(Baseline = true, OperationsPerInvoke = IngestRun.Batch, Description = "WhatsApp text: HMAC + one Utf8JsonReader pass (floor)")]
    public int TextFloor() => IngestRun.Floors(_key, _textBodies);

    [BenchmarkCategory(TextCategory)]
    [Benchmark(OperationsPerInvoke = IngestRun.Batch, Description = "WhatsApp text: adapter ReceiveAsync (verify + parse)")]
    public Task<int> TextVerifyAndParse() => IngestRun.VerifyAndParseAsync(_parser.Adapter, _textRequests);

    [BenchmarkCategory(TextCategory)]
    [Benchmark(OperationsPerInvoke = IngestRun.Batch, Description = "WhatsApp text: full ingest, in-memory store")]
    public async Task<int> TextIngest()
    {
        _applied = await IngestRun.IngestAsync(_host!.Pipeline, ChannelId.WhatsApp, _textRequests).ConfigureAwait(false);
        return _applied;
    }

    [BenchmarkCategory(StatusCategory)]
    [Benchmark(Baseline = true, OperationsPerInvoke = IngestRun.Batch, Description = "WhatsApp status: HMAC + one Utf8JsonReader pass (floor)")]
    public int StatusFloor() => IngestRun.Floors(_key, _statusBodies);

    [BenchmarkCategory(StatusCategory)]
    [Benchmark(OperationsPerInvoke = IngestRun.Batch, Description = "WhatsApp status: adapter ReceiveAsync (verify + parse)")]
    public Task<int> StatusVerifyAndParse() => IngestRun.VerifyAndParseAsync(_parser.Adapter, _statusRequests);

    [BenchmarkCategory(StatusCategory)]
    [Benchmark(OperationsPerInvoke = IngestRun.Batch, Description = "WhatsApp status: full ingest, reply known (sent -> delivered)")]
    public async Task<int> StatusIngest()
    {
        _applied = await IngestRun.IngestAsync(_host!.Pipeline, ChannelId.WhatsApp, _statusRequests).ConfigureAwait(false);
        return _applied;
    }

    [BenchmarkCategory(StatusCategory)]
    [Benchmark(OperationsPerInvoke = IngestRun.Batch, Description = "WhatsApp status: full ingest, message unknown")]
    public async Task<int> StatusIngestUnknownMessage()
    {
        _applied = await IngestRun.AcknowledgedAsync(_host!.Pipeline, ChannelId.WhatsApp, _statusRequests).ConfigureAwait(false);
        return _applied;
    }

    private static WebhookRequest Signed(byte[] body) => MetaWebhookSigner.CreateRequest(body, ChannelBodies.MetaSecret, "/webhooks/whatsapp");
}
