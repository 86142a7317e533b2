using System.Globalization;
using BenchmarkDotNet.Attributes;
using SocialCare.Abstractions;
using SocialCare.Channels.Meta;
using SocialCare.Channels.Twitter;
using SocialCare.Core;

namespace SocialCare.Benchmarks;

/// <summary>
/// Issue 9: the outbound overhead of one text reply per channel, against a network that answers at once
/// (<see cref="CannedHttpHandler"/>: 200 with the network's success body). Per send.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="SendAtSeam"/> calls the registered adapter's <see cref="IChannelAdapter.SendAsync"/>, as the outbox
/// dispatcher does (<c>TicketEngine.SendAsync</c>): the channel's checks (window, length, pacing), the request's JSON,
/// the named <c>HttpClient</c> from the factory with the channel's resilience handler as registered (time-out, retry,
/// circuit breaker; X's rate-limit handling and OAuth 1.0a signature), then reading the network's answer.
/// <see cref="ReplyThroughEngine"/> is the whole engine path of an agent's reply: <c>ITicketEngine.ReplyAsync</c>
/// (policy, outbox entry, commit), then <c>TicketScheduler.DispatchOutboxAsync</c> (claim, send as above, record the
/// network's id, commit), driven without the background loop's timers.
/// </para>
/// <para>
/// Each iteration starts from a fresh in-memory store holding 1,024 customers' tickets (one inbound message each,
/// ingested outside the measurement) and sends one reply to each. The clock (<see cref="BenchClock"/>) moves 20 ms per
/// send, so that WhatsApp's limiter (80 messages per second per number) and pacer (5, then one every 6 s per customer)
/// never hold a send back; the clean-up checks that every send succeeded with exactly one request to the network. The
/// canned answer's own allocation (a response message and its content, a few hundred bytes) counts in the figures; a
/// real socket handler allocates more.
/// </para>
/// </remarks>
[MemoryDiagnoser]
// Set here whatever job the command line names: an iteration is one batch into a fresh store (an iteration setup, so
// BenchmarkDotNet cannot repeat calls to warm up), and after --job short's three warm-up batches the code still ran in
// the JIT's instrumented tier (53 µs per Messenger event against 17 µs after 30 batches).
[WarmupCount(30)]
[IterationCount(10)]
public class OutboundBenchmarks
{
    private const int Batch = IngestRun.Customers;
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(20);
    private static readonly AgentId Agent = new("zoe");
    private static readonly IReadOnlyList<MessagePart> Reply =
        [new TextPart("Sorry about this! We have asked the courier and will write back within the hour with a delivery date. ^ZK")];

    private WebhookRequest[] _inbound = [];
    private ChannelId _channel;
    private BenchClock _clock = null!;
    private CannedHttpHandler _network = null!;
    private BenchHost? _host;
    private OutboundMessage[] _messages = [];
    private TicketId[] _tickets = [];
    private long _requestsBefore;
    private int _succeeded;

    [Params(BenchChannel.Messenger, BenchChannel.WhatsApp, BenchChannel.XDm, BenchChannel.XPost)]
    public BenchChannel Channel { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var customers = Enumerable.Range(0, Batch);
        switch (Channel)
        {
            case BenchChannel.Messenger:
                _channel = ChannelId.Facebook;
                _clock = new BenchClock(ChannelBodies.MessengerTime.AddMinutes(1));
                _inbound = [.. customers.Select(c => MetaWebhookSigner.CreateRequest(ChannelBodies.MessengerText(c, c), ChannelBodies.MetaSecret, "/webhooks/facebook"))];
                _network = new CannedHttpHandler(customers.Select(c =>
                    $$"""{"recipient_id":"{{ChannelBodies.MessengerCustomer(c)}}","message_id":"m_bench-sent-{{c:D8}}-AQHhm5S6xxMYHxq2B5kRP0r6UV1cZB3urJ1mKpWx"}"""));
                break;
            case BenchChannel.WhatsApp:
                _channel = ChannelId.WhatsApp;
                _clock = new BenchClock(ChannelBodies.WhatsAppTime.AddMinutes(1));
                _inbound = [.. customers.Select(c => MetaWebhookSigner.CreateRequest(ChannelBodies.WhatsAppText(c, c), ChannelBodies.MetaSecret, "/webhooks/whatsapp"))];
                _network = new CannedHttpHandler(customers.Select(c =>
                    $$"""{"messaging_product":"whatsapp","contacts":[{"input":"{{ChannelBodies.WhatsAppCustomerPhone(c)}}","wa_id":"{{ChannelBodies.WhatsAppCustomerPhone(c)}}"}],"messages":[{"id":"{{ChannelBodies.WhatsAppStatusWamidOf(c)}}"}]}"""));
                break;
            case BenchChannel.XDm:
                _channel = ChannelId.X;
                _clock = new BenchClock(ChannelBodies.XTime.AddMinutes(1));
                var dm = ChannelBodies.ReadXFixture("aaa-dm-text.json");
                _inbound = [.. customers.Select(c => XSigned(ChannelBodies.XDm(dm, c, c)))];
                _network = new CannedHttpHandler(customers.Select(c =>
                    "{\"data\":{\"dm_conversation_id\":\"" + ChannelBodies.XBrand + "-" + ChannelBodies.XCustomerOf(c) + "\",\"dm_event_id\":\"" + (2110298397415000000L + c).ToString(CultureInfo.InvariantCulture) + "\"}}"));
                break;
            default:
                _channel = ChannelId.X;
                _clock = new BenchClock(ChannelBodies.XTime.AddMinutes(1));
                var mention = ChannelBodies.ReadXFixture("aaa-tweet-mention.json");
                _inbound = [.. customers.Select(c => XSigned(ChannelBodies.XMention(mention, c, c)))];
                _network = new CannedHttpHandler(customers.Select(c =>
                    "{\"data\":{\"edit_history_tweet_ids\":[\"" + (2110297574627000000L + c).ToString(CultureInfo.InvariantCulture) + "\"],\"id\":\"" + (2110297574627000000L + c).ToString(CultureInfo.InvariantCulture) + "\",\"text\":\"Sorry about this! We have asked the courier and will write back within the hour with a delivery date. ^ZK\"}}"));
                break;
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _host?.Dispose();

    [IterationSetup]
    public void Tickets()
    {
        _host?.Dispose();
        _host = BenchHost.Create(Channel, _clock, _network);
        _host.Agents.Upsert(new Agent(Agent, "Zoe"));
        var opened = IngestRun.IngestAsync(_host.Pipeline, _channel, _inbound).GetAwaiter().GetResult();
        var tickets = _host.Store.GetTickets();
        if (opened != Batch || tickets.Count != Batch)
        {
            throw new InvalidOperationException($"{Channel}: {opened} inbound messages opened {tickets.Count} tickets, not {Batch}.");
        }

        // What the engine would hand the adapter for a reply to each ticket (as ReplyAsync builds it).
        _tickets = [.. tickets.Select(t => t.Id)];
        _messages = [.. tickets.Select(t =>
        {
            var last = _host.Store.GetMessagesAsync(t.Id, CancellationToken.None).GetAwaiter().GetResult()[^1];
            return new OutboundMessage(MessageId.New(_clock.GetUtcNow()), t.Conversation, Reply)
            {
                CustomerLastMessageAt = t.LastCustomerMessageAt,
                Recipient = last.Sender,
                Agent = Agent,
                ReplyTo = t.Conversation.Visibility == ConversationVisibility.Public ? last.NetworkId : null,
            };
        })];
        _requestsBefore = _network.Requests;
        _succeeded = 0;
    }

    [IterationCleanup(Target = nameof(SendAtSeam))]
    public void CheckSends()
    {
        var requests = _network.Requests - _requestsBefore;
        if (_succeeded != Batch || requests != Batch)
        {
            throw new InvalidOperationException($"{Channel}: {_succeeded} of {Batch} sends succeeded with {requests} requests to the network.");
        }
    }

    [IterationCleanup(Target = nameof(ReplyThroughEngine))]
    public void CheckReplies()
    {
        CheckSends();
        foreach (var ticket in _tickets)
        {
            var last = _host!.Store.GetMessagesAsync(ticket, CancellationToken.None).GetAwaiter().GetResult()[^1];
            if (last is not { Direction: MessageDirection.Outbound, NetworkId: not null, Status: DeliveryStatus.Sent })
            {
                throw new InvalidOperationException($"{Channel}: the reply on ticket {ticket} is not recorded as sent with the network's id.");
            }
        }
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "adapter SendAsync (dispatcher's seam)")]
    public async Task<int> SendAtSeam()
    {
        var adapter = _host!.Adapter;
        var succeeded = 0;
        foreach (var message in _messages)
        {
            _clock.Advance(Step);
            var result = await adapter.SendAsync(message, CancellationToken.None).ConfigureAwait(false);
            succeeded += result.Succeeded ? 1 : 0;
        }

        _succeeded = succeeded;
        return succeeded;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "ReplyAsync + DispatchOutboxAsync (engine path)")]
    public async Task<int> ReplyThroughEngine()
    {
        var host = _host!;
        var succeeded = 0;
        foreach (var ticket in _tickets)
        {
            _clock.Advance(Step);
            var reply = await host.Engine.ReplyAsync(new ReplyRequest(ticket, Agent, Reply), CancellationToken.None).ConfigureAwait(false);
            var dispatched = await host.Scheduler.DispatchOutboxAsync(CancellationToken.None).ConfigureAwait(false);
            succeeded += reply.Succeeded && dispatched == 1 ? 1 : 0;
        }

        _succeeded = succeeded;
        return succeeded;
    }

    private static WebhookRequest XSigned(byte[] body)
        => WebhookRequest.Post("/webhooks/x", body, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = "application/json; charset=utf-8",
            ["x-twitter-webhooks-signature"] = XWebhookSigner.Sign(body, ChannelBodies.XSecret),
        });
}
