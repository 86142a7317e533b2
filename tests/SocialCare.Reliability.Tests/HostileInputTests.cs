using System.Globalization;
using System.Text;
using SocialCare.Abstractions;
using SocialCare.Core;
using SocialCare.Testing;
using SocialCare.Testing.Meta;
using Xunit.Abstractions;

namespace SocialCare.Reliability.Tests;

/// <summary>
/// Hostile input through the pipeline, as apps call it: every mutated fixture is correctly signed, so it reaches the
/// parser; the answer is a clear 400 or a 200 (ignored, or events applied), never an exception or a 5xx; and a valid
/// webhook is still accepted and stored every few hundred cases and at the end.
/// </summary>
public sealed class HostileInputTests(SuiteLogs logs, ITestOutputHelper output) : SuiteTest(logs)
{
    /// <summary>A body limit above the 10 MB strings, so that they reach the parser.</summary>
    public const long RaisedLimit = 16 * 1024 * 1024;

    private const int ValidEvery = 250;
    private const int NewHostEvery = 1_000;

    public static TheoryData<string> Channels => ["facebook", "whatsapp", "x"];

    [Theory]
    [MemberData(nameof(Channels))]
    public async Task HostileBodies_GetA400OrAreIgnored_AndTheNextValidWebhookIsStored(string channelName)
    {
        var channel = new ChannelId(channelName);
        var mutator = new HostileMutator(FixturesOf(channel));
        var stream = Array.IndexOf(["facebook", "whatsapp", "x"], channelName);
        var tally = new Tally();
        var failures = new List<string>();
        var valid = new ValidWebhooks(channel, Logs);
        var cases = Suite.HostileCasesPerChannel;

        ReliabilityHost? host = null;
        try
        {
            for (var n = 0; n < cases; n++)
            {
                if (n % NewHostEvery == 0)
                {
                    // A fresh app now and then keeps the in-memory store (and the 10 MB texts it accepted) small.
                    if (host is not null)
                    {
                        await valid.CheckAsync(host, failures);
                        await host.DisposeAsync();
                    }

                    host = new ReliabilityHost(Logs, new FakeTimeProvider(FixtureTime(channel)), o => o.MaxRequestBodySize = RaisedLimit);
                }
                else if (n % ValidEvery == 0)
                {
                    await valid.CheckAsync(host!, failures);
                }

                var hostile = mutator.Next(Suite.ForCase(stream, n));
                tally.Count(hostile.Mutation);
                try
                {
                    var response = await host!.PostAsync(channel, hostile.Body);
                    if (Judge(response) is { } problem)
                    {
                        failures.Add($"case {n}: {hostile}: {problem}");
                    }

                    tally.Count(response);
                }
                catch (Exception ex)
                {
                    failures.Add($"case {n}: {hostile}: threw {ex.GetType().Name}: {ex.Message}");
                }
            }

            await valid.CheckAsync(host!, failures);
        }
        finally
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }

        var summary = $"hostile {channelName} ({Suite.Mode}, seed {Suite.Seed}): {cases} cases, {failures.Count} failures; {tally}; valid webhooks stored {valid.Stored} of {valid.Sent}";
        Report.Write(output, summary);
        Assert.True(failures.Count == 0, $"{summary}\nReplay with SOCIALCARE_RELIABILITY_SEED={Suite.Seed}:\n" + string.Join("\n", failures.Take(15)));
    }

    [Fact]
    public async Task TenMegabyteString_IsRefusedWith413ByDefault_AndParsedWithARaisedLimit()
    {
        var fixtures = FixturesOf(ChannelId.WhatsApp);
        var text = GraphApiEmulator.WhatsAppTextWebhook(ReliabilityHost.WabaId, ReliabilityHost.PhoneNumberId, "447700900777", null, "Huge", "wamid.rel.huge", "__HUGE__", FixtureTime(ChannelId.WhatsApp));
        var huge = new string('x', HostileMutator.HugeLength - 32) + Secrets.TextMarker;
        var body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(text).Replace("__HUGE__", huge, StringComparison.Ordinal));
        Assert.NotEmpty(fixtures);

        await using (var standard = new ReliabilityHost(Logs, new FakeTimeProvider(FixtureTime(ChannelId.WhatsApp))))
        {
            var refused = await standard.PostAsync(ChannelId.WhatsApp, body);
            Assert.Equal((413, WebhookRejection.PayloadTooLarge), (refused.StatusCode, refused.Rejection));
        }

        await using var raised = new ReliabilityHost(Logs, new FakeTimeProvider(FixtureTime(ChannelId.WhatsApp)), o => o.MaxRequestBodySize = RaisedLimit);
        var accepted = await raised.PostAsync(ChannelId.WhatsApp, body);
        Assert.Equal((200, 1), (accepted.StatusCode, accepted.Applied));
        var stored = await raised.Store.FindMessageAsync(ChannelId.WhatsApp, new ChannelAccountId(ReliabilityHost.PhoneNumberId), new NetworkMessageId("wamid.rel.huge"), default);
        var part = Assert.IsType<TextPart>(Assert.Single(stored!.Parts));
        Assert.Equal(huge.Length, part.Text.Length);
    }

    [Fact]
    public void ACaseIsReplayedFromItsSeedInAnyProcess()
    {
        // Pinned values: a seed printed by one run must give the same case in the next process.
        Assert.Equal(955349486, Suite.Mix(20261122, 1, 4321));
        Assert.Equal(50316481, Suite.Mix(20261122, 2, 4321));

        var fixtures = FixturesOf(ChannelId.WhatsApp);
        var first = new HostileMutator(fixtures).Next(new Random(Suite.Mix(7, 1, 99)));
        var again = new HostileMutator(fixtures).Next(new Random(Suite.Mix(7, 1, 99)));
        Assert.Equal(first.Body, again.Body);
    }

    internal static IReadOnlyList<(string Name, byte[] Body)> FixturesOf(ChannelId channel)
    {
        if (channel == ChannelId.Facebook)
        {
            return [.. Fixtures.Webhooks("meta", "messenger-"), .. Fixtures.Webhooks("meta", "page-")];
        }

        return channel == ChannelId.WhatsApp
            ? Fixtures.Webhooks("meta", "whatsapp-")
            : [.. Fixtures.Webhooks("x", "aaa-"), .. Fixtures.Webhooks("x", "xaa-")];
    }

    /// <summary>The time of a channel's fixtures, so that nothing in them looks stale or from the future.</summary>
    internal static DateTimeOffset FixtureTime(ChannelId channel) =>
        channel == ChannelId.X ? new DateTimeOffset(2026, 10, 14, 9, 0, 0, TimeSpan.Zero)
        : channel == ChannelId.WhatsApp ? DateTimeOffset.FromUnixTimeSeconds(1795199400)
        : DateTimeOffset.FromUnixTimeMilliseconds(1795097141000);

    /// <summary>What is wrong with an answer to a hostile body, or null when it is one of the allowed answers.</summary>
    internal static string? Judge(WebhookResponse response) => response switch
    {
        { StatusCode: 200, Outcome: WebhookOutcome.Accepted or WebhookOutcome.Ignored, Failed: 0 } => null,
        { StatusCode: 400, Outcome: WebhookOutcome.Rejected, Rejection: WebhookRejection.MalformedPayload } => null,
        _ => string.Create(CultureInfo.InvariantCulture, $"answered {response.StatusCode} {response.Outcome}/{response.Rejection} (failed events {response.Failed}): {response.Reason}"),
    };

    /// <summary>Counts what the hostile cases were and what they got.</summary>
    internal sealed class Tally
    {
        private readonly Dictionary<Mutation, int> _mutations = [];

        public int Refused { get; private set; }

        public int Ignored { get; private set; }

        public int Accepted { get; private set; }

        public int EventsApplied { get; private set; }

        public int EventsSkipped { get; private set; }

        public void Count(Mutation mutation) => _mutations[mutation] = _mutations.GetValueOrDefault(mutation) + 1;

        public void Count(WebhookResponse response)
        {
            switch (response.Outcome)
            {
                case WebhookOutcome.Rejected: Refused++; break;
                case WebhookOutcome.Ignored: Ignored++; break;
                default:
                    Accepted++;
                    EventsApplied += response.Applied;
                    EventsSkipped += response.Skipped;
                    break;
            }
        }

        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{Refused} refused, {Ignored} ignored, {Accepted} accepted ({EventsApplied} events applied, {EventsSkipped} skipped); ")
            + string.Join(", ", _mutations.OrderBy(p => p.Key).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value}")));
    }

    /// <summary>Valid webhooks with fresh ids: each must be accepted (200), applied, and found in the store.</summary>
    internal sealed class ValidWebhooks(ChannelId channel, SuiteLogs logs)
    {
        public int Sent { get; private set; }

        public int Stored { get; private set; }

        public async Task CheckAsync(ReliabilityHost host, List<string> failures)
        {
            var n = ++Sent;
            var (body, account, networkId) = Create(host.Time.GetUtcNow(), n);
            var response = await host.PostAsync(channel, body);
            var message = await host.Store.FindMessageAsync(channel, account, networkId, default);
            if (response is not { StatusCode: 200, Applied: 1 } || message is null)
            {
                failures.Add($"valid webhook {n} after hostile input: answered {response.StatusCode} (applied {response.Applied}), {(message is null ? "not stored" : "stored")}: {response.Reason}");
                return;
            }

            Stored++;
        }

        private (byte[] Body, ChannelAccountId Account, NetworkMessageId Id) Create(DateTimeOffset now, int n)
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"Valid webhook number {n} after hostile input, order 5{n:D4}");
            logs.AddText(text);
            var customer = string.Create(CultureInfo.InvariantCulture, $"{7_100_000 + (n % 50)}");
            if (channel == ChannelId.Facebook)
            {
                var mid = $"m_rel_valid_{n}";
                return (GraphApiEmulator.TextMessageWebhook(ReliabilityHost.PageId, "62418" + customer, mid, text, now), new ChannelAccountId(ReliabilityHost.PageId), new NetworkMessageId(mid));
            }

            if (channel == ChannelId.WhatsApp)
            {
                var wamid = $"wamid.rel.valid.{n}";
                return (GraphApiEmulator.WhatsAppTextWebhook(ReliabilityHost.WabaId, ReliabilityHost.PhoneNumberId, "4477" + customer, null, "Valid Customer", wamid, text, now), new ChannelAccountId(ReliabilityHost.PhoneNumberId), new NetworkMessageId(wamid));
            }

            var dm = string.Create(CultureInfo.InvariantCulture, $"{2_200_000_000_000_000_000L + n}");
            var sender = "14029384" + customer;
            return (XWebhooks.DirectMessage(ReliabilityHost.XBrand, dm, sender, ReliabilityHost.XBrand, text, now, "Valid Customer", "valid_customer"), new ChannelAccountId(ReliabilityHost.XBrand), new NetworkMessageId(dm));
        }
    }
}

/// <summary>Writes a figure to the test output and, when <c>SOCIALCARE_RELIABILITY_REPORT</c> names a file, appends it there.</summary>
internal static class Report
{
    private static readonly Lock Gate = new();

    public static void Write(ITestOutputHelper output, string line)
    {
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("SOCIALCARE_RELIABILITY_REPORT") is { Length: > 0 } file)
        {
            lock (Gate)
            {
                File.AppendAllText(file, line + Environment.NewLine);
            }
        }
    }
}
