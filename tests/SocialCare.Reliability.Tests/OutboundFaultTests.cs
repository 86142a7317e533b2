using System.Globalization;
using System.Text.Json;
using SocialCare.Abstractions;
using SocialCare.Core;
using SocialCare.Testing;
using SocialCare.Testing.Meta;
using Xunit.Abstractions;

namespace SocialCare.Reliability.Tests;

/// <summary>
/// Replies through the outbox and dispatcher while the emulated networks misbehave: 429 with <c>Retry-After</c>, 5xx,
/// time-outs, connection failures, lost answers and a token revoked mid-run. Every reply ends sent (with the network's
/// id) or failed (with a reason); nothing stays queued; no reply reaches a network twice; the breaker opens and recovers.
/// </summary>
public sealed class OutboundFaultTests(SuiteLogs logs, ITestOutputHelper output) : SuiteTest(logs)
{
    // A guard against a hang, not a timed assertion: the dispatcher gets this long to settle every reply.
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Replies_UnderNetworkFaults_AreSentOnceOrFailedWithAReason()
    {
        // The breaker's own test is below: here it only trips on long runs of failures.
        // Real time with short durations: the emulators' delays must outlast the attempt time-out (no assertion is on speed).
        await using var host = new ReliabilityHost(
            Logs,
            TimeProvider.System,
            o =>
            {
                o.Outbox.RetryDelay = TimeSpan.FromMilliseconds(50);
                o.Outbox.MaxAttempts = 6;
            },
            graphResilience: r =>
            {
                r.AttemptTimeout = TimeSpan.FromMilliseconds(250);
                r.TotalTimeout = TimeSpan.FromSeconds(5);
                r.MaxRetryAttempts = 1;
                r.MaxRetryDelay = TimeSpan.FromSeconds(2);
                r.BreakerBreakDuration = TimeSpan.FromMilliseconds(500);
                r.BreakerMinimumThroughput = 50;
            },
            xResilience: r =>
            {
                r.AttemptTimeout = TimeSpan.FromMilliseconds(250);
                r.TotalTimeout = TimeSpan.FromSeconds(5);
                r.MaxRetryAttempts = 1;
                r.MaxRateLimitWait = TimeSpan.FromSeconds(2);
                r.BreakerBreakDuration = TimeSpan.FromMilliseconds(500);
                r.BreakerMinimumThroughput = 50;
            });
        host.FacebookGraph.AddAccessToken(Secrets.PageToken);
        host.WhatsAppGraph.AddAccessToken(Secrets.WhatsAppToken);
        var random = Suite.ForCase(300, 0);
        var tickets = await OpenTicketsAsync(host);

        // First half of the replies under faults, then the WhatsApp token is revoked, then the second half.
        var half = tickets.Count / 2;
        var replies = new List<(ChannelId Channel, MessageId Id, string Text)>();
        InjectFaults(host, random, tickets.Count);
        replies.AddRange(await ReplyAsync(host, tickets.Take(half)));
        await SettleAsync(host, replies);
        host.WhatsAppGraph.RevokeAccessToken(Secrets.WhatsAppToken);
        InjectFaults(host, random, tickets.Count);
        replies.AddRange(await ReplyAsync(host, tickets.Skip(half)));
        await SettleAsync(host, replies);

        var sent = 0;
        var failed = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (channel, id, text) in replies)
        {
            var entry = await host.Store.GetOutboxEntryAsync(id, default);
            Assert.NotNull(entry);
            var message = await FindMessageAsync(host, entry.TicketId, id);
            switch (entry.State)
            {
                case OutboxState.Sent:
                    Assert.NotNull(message.NetworkId);
                    Assert.True(NetworkDelivered(host, channel, text).Contains(message.NetworkId!.Value.Value), $"{channel} reply {id} has an id the network never gave.");
                    sent++;
                    break;
                case OutboxState.Failed:
                    Assert.Equal(DeliveryStatus.Failed, message.Status);
                    Assert.False(string.IsNullOrWhiteSpace(message.Failure?.Reason), $"{channel} reply {id} failed without a reason.");
                    if (entry.LastError?.Code != "outcome_unknown")
                    {
                        // Only a lost answer leaves the outcome unknown; any other failure means the network never took it.
                        Assert.True(NetworkDelivered(host, channel, text).Count == 0, $"{channel} reply {id} is marked failed ({entry.LastError?.Code}) but the network took it.");
                    }

                    failed[$"{channel}:{entry.LastError!.Code}"] = failed.GetValueOrDefault($"{channel}:{entry.LastError!.Code}") + 1;
                    break;
                default:
                    Assert.Fail($"{channel} reply {id} is still {entry.State} after the dispatcher settled.");
                    break;
            }

            Assert.True(NetworkDelivered(host, channel, text).Count <= 1, $"{channel} reply '{text}' reached the network more than once.");
        }

        // Replies after the revocation cannot reach WhatsApp: they failed, and said why.
        Assert.Contains(failed.Keys, k => k.StartsWith("whatsapp:", StringComparison.Ordinal));
        Assert.True(sent > 0, "No reply was sent at all.");
        Report.Write(output, $"outbound faults ({Suite.Mode}, seed {Suite.Seed}): {replies.Count} replies, {sent} sent once, failed "
            + string.Join(", ", failed.OrderBy(p => p.Key).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value}"))));
    }

    [Fact]
    public async Task GraphCircuit_OpensAfterConsecutiveFailures_AndRecovers_WithEveryReplySentOnce()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1795097141000));
        await using var host = new ReliabilityHost(
            Logs,
            time,
            o => o.Outbox.RetryDelay = TimeSpan.FromSeconds(1),
            graphResilience: r =>
            {
                r.MaxRetryAttempts = 0;
                r.BreakerMinimumThroughput = 2;
                r.BreakerFailureRatio = 0.5;
                r.BreakerSamplingDuration = TimeSpan.FromSeconds(30);
                r.BreakerBreakDuration = TimeSpan.FromSeconds(10);
            });
        var tickets = (await OpenTicketsAsync(host)).Where(t => t.Channel == ChannelId.Facebook).Take(3).ToList();
        host.FacebookGraph.FailNextWithServerError(500);
        host.FacebookGraph.FailNextWithServerError(503);
        var replies = await ReplyAsync(host, tickets);

        await host.Scheduler.DispatchOutboxAsync();
        var opened = host.Health.Circuits.Where(c => c.Channel == ChannelId.Facebook).Select(c => c.State).ToList();
        Assert.Equal([ChannelCircuitState.Open], opened);
        Assert.Equal(2, host.FacebookGraph.Requests.Count);
        foreach (var (_, id, _) in replies)
        {
            var entry = await host.Store.GetOutboxEntryAsync(id, default);
            Assert.Equal(OutboxState.Queued, entry!.State);
            Assert.NotNull(entry.LastError);
        }

        // While open, nothing reaches the network; after the break a trial call closes the circuit and every reply goes out.
        time.Advance(TimeSpan.FromSeconds(2));
        await host.Scheduler.DispatchOutboxAsync();
        Assert.Equal(2, host.FacebookGraph.Requests.Count);
        time.Advance(TimeSpan.FromSeconds(10));
        await host.Scheduler.DispatchOutboxAsync();
        time.Advance(TimeSpan.FromSeconds(10));
        await host.Scheduler.DispatchOutboxAsync();

        Assert.Equal(
            [ChannelCircuitState.Open, ChannelCircuitState.HalfOpen, ChannelCircuitState.Closed],
            host.Health.Circuits.Where(c => c.Channel == ChannelId.Facebook).Select(c => c.State));
        foreach (var (channel, id, text) in replies)
        {
            var entry = await host.Store.GetOutboxEntryAsync(id, default);
            Assert.Equal(OutboxState.Sent, entry!.State);
            Assert.Single(NetworkDelivered(host, channel, text));
        }
    }

    private async Task<List<(ChannelId Channel, TicketId Id)>> OpenTicketsAsync(ReliabilityHost host)
    {
        var now = host.Time.GetUtcNow();
        for (var i = 0; i < Suite.RepliesPerChannel; i++)
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"Where is my refund for invoice INV-{i:D4}?");
            Logs.AddText(text);
            var n = i.ToString("D3", CultureInfo.InvariantCulture);
            Assert.Equal(200, (await host.PostAsync(ChannelId.Facebook, GraphApiEmulator.TextMessageWebhook(ReliabilityHost.PageId, "6241839201847" + n, "m_out_" + n, text, now))).StatusCode);
            Assert.Equal(200, (await host.PostAsync(ChannelId.WhatsApp, GraphApiEmulator.WhatsAppTextWebhook(ReliabilityHost.WabaId, ReliabilityHost.PhoneNumberId, "447700900" + n, null, "Customer " + n, "wamid.out." + n, text, now))).StatusCode);
            Assert.Equal(200, (await host.PostAsync(ChannelId.X, XWebhooks.DirectMessage(ReliabilityHost.XBrand, "25000000000000000" + n, "1402938475610284" + n, ReliabilityHost.XBrand, text, now, "Customer " + n, "customer_" + n))).StatusCode);
        }

        var tickets = await host.Store.QueryTicketsAsync(new TicketQuery { Limit = 1000 }, default);
        Assert.Equal(3 * Suite.RepliesPerChannel, tickets.Count);
        return [.. tickets.Select(t => (t.Conversation.Channel, t.Id))];
    }

    private async Task<List<(ChannelId Channel, MessageId Id, string Text)>> ReplyAsync(ReliabilityHost host, IEnumerable<(ChannelId Channel, TicketId Id)> tickets)
    {
        var replies = new List<(ChannelId, MessageId, string)>();
        foreach (var (channel, ticket) in tickets)
        {
            var text = $"Reply {Guid.NewGuid():N} about the refund";
            Logs.AddText(text);
            var reply = await host.Engine.ReplyAsync(new ReplyRequest(ticket, new AgentId("zoe"), [new TextPart(text)]));
            Assert.True(reply.Succeeded, reply.Error);
            replies.Add((channel, reply.Message!.Id, text));
        }

        return replies;
    }

    /// <summary>Queues a seeded mix of faults on every network: about one request in two will meet one.</summary>
    private static void InjectFaults(ReliabilityHost host, Random random, int count)
    {
        foreach (var graph in new[] { host.FacebookGraph, host.WhatsAppGraph })
        {
            for (var i = 0; i < count / 2; i++)
            {
                switch (random.Next(5))
                {
                    case 0: graph.FailNextWithRateLimit(TimeSpan.FromSeconds(1)); break;
                    case 1: graph.FailNextWithServerError(random.Next(2) == 0 ? 500 : 503); break;
                    case 2: graph.FailNextWithConnectionError(); break;
                    case 3: graph.DelayNext(TimeSpan.FromSeconds(2)); break;
                    default: graph.DelayNext(TimeSpan.Zero); break;
                }
            }
        }

        for (var i = 0; i < count / 2; i++)
        {
            switch (random.Next(6))
            {
                case 0: host.X.FailNextWithRateLimit(host.Time.GetUtcNow().AddSeconds(1)); break;
                case 1: host.X.FailNextWithServerError(random.Next(2) == 0 ? 500 : 503); break;
                case 2: host.X.FailNextWithConnectionError(); break;
                case 3: host.X.DropNextResponse(); break;
                case 4: host.X.DelayNext(TimeSpan.FromSeconds(2)); break;
                default: host.X.DelayNext(TimeSpan.Zero); break;
            }
        }
    }

    /// <summary>Runs the dispatcher until no reply is queued or being sent.</summary>
    private static async Task SettleAsync(ReliabilityHost host, List<(ChannelId Channel, MessageId Id, string Text)> replies)
    {
        using var guard = new CancellationTokenSource(Guard);
        while (true)
        {
            await host.Scheduler.DispatchOutboxAsync(guard.Token);
            var open = 0;
            foreach (var (_, id, _) in replies)
            {
                if ((await host.Store.GetOutboxEntryAsync(id, guard.Token))?.State is OutboxState.Queued or OutboxState.Sending)
                {
                    open++;
                }
            }

            if (open == 0)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), guard.Token);
        }
    }

    private static async Task<Message> FindMessageAsync(ReliabilityHost host, TicketId ticket, MessageId id)
        => (await host.Store.GetMessagesAsync(ticket, default)).Single(m => m.Id == id);

    /// <summary>The network ids under which a reply's text was accepted by the emulated network (more than one is a duplicate).</summary>
    private static List<string> NetworkDelivered(ReliabilityHost host, ChannelId channel, string text)
    {
        if (channel == ChannelId.X)
        {
            return [.. host.X.DirectMessages.Where(d => d.Text == text).Select(d => d.EventId)];
        }

        var network = channel == ChannelId.Facebook ? host.FacebookNetwork : host.WhatsAppNetwork;
        var ids = new List<string>();
        foreach (var exchange in network.Exchanges.Where(e => e.Status == 200 && e.RequestBody.Contains(text, StringComparison.Ordinal)))
        {
            using var document = JsonDocument.Parse(exchange.ResponseBody);
            var root = document.RootElement;
            if (root.TryGetProperty("message_id", out var mid))
            {
                ids.Add(mid.GetString()!);
            }
            else if (root.TryGetProperty("messages", out var messages))
            {
                ids.Add(messages[0].GetProperty("id").GetString()!);
            }
        }

        return ids;
    }
}
