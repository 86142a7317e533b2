using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.Logging.Abstractions;
using SocialCare.Abstractions;
using SocialCare.Channels.Twitter;

namespace SocialCare.Benchmarks;

/// <summary>
/// Verify + parse of two Account Activity API webhooks from the shared X fixtures, each against its own floor: HMAC-SHA256
/// over the same bytes plus one bare <see cref="Utf8JsonReader"/> pass. The bodies are <c>aaa-dm-text.json</c> (a customer's
/// DM to the brand, with the <c>apps</c> and <c>users</c> maps X sends) and <c>aaa-tweet-mention.json</c> (a public post
/// mentioning the brand, with the full v1.1 user object), read as their exact bytes and signed as X signs them. One event
/// per request, so the mean is the time per event.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class XWebhookBenchmarks
{
    private const string Secret = "kP3xV9qLm2TzR8wN4sYb7JcH1dF6gA0eU5iO2rE9tQw";
    private const string Brand = "1278843152204431360";
    private const string Customer = "1402938475610284033";
    private const string DmCategory = "DM text";
    private const string MentionCategory = "mention";
    private const string DmFixture = "aaa-dm-text.json";
    private const string MentionFixture = "aaa-tweet-mention.json";

    // The headers _signatures.json gives for the two fixtures: the set-up checks that the bytes read are the bytes signed.
    private const string DmSignature = "sha256=8qQpHP10TfvUPuteIvsDIoVAMwWhGHYiJECzbzwOLws=";
    private const string MentionSignature = "sha256=Z2xcGsxHxbIa9In3/AlHHqdqso9VXEkzo9ZGGp+K67U=";

    private readonly List<InboundEnvelope> _events = new(4);
    private byte[] _key = [];
    private byte[] _dmBody = [];
    private byte[] _mentionBody = [];
    private WebhookRequest _dmRequest = null!;
    private WebhookRequest _mentionRequest = null!;
    private XWebhookEndpoint _endpoint = null!;
    private XParseSettings _settings;

    [GlobalSetup]
    public void Setup()
    {
        _dmBody = ReadFixture(DmFixture);
        _mentionBody = ReadFixture(MentionFixture);
        _key = Encoding.UTF8.GetBytes(Secret);

        // As the X adapter builds them from XOptions: one brand account, X's defaults for retweets and quotes.
        var options = new XOptions { ConsumerSecret = Secret };
        options.Accounts.Add(new XAccountOptions { UserId = Brand });
        _endpoint = new XWebhookEndpoint(options, NullLogger.Instance);
        _settings = new XParseSettings(new[] { Brand }.ToFrozenSet(StringComparer.Ordinal), null, options.RetweetsOpenTickets, options.QuotesOpenTickets, Brand)
        {
            ReceivedAt = new DateTimeOffset(2026, 10, 14, 9, 30, 0, TimeSpan.Zero),
        };

        // One request each, built once: the host builds it per POST, outside what is measured here.
        _dmRequest = Signed(_dmBody, DmFixture, DmSignature);
        _mentionRequest = Signed(_mentionBody, MentionFixture, MentionSignature);

        if (!DmVerifyAndParse() || _events.Count != 1
            || _events[0].Event is not MessageReceived { Parts: [TextPart { Text: var dmText }], Customer: var dmCustomer, Conversation.Visibility: ConversationVisibility.Private }
            || !dmText.StartsWith("Hi, account number is NT-4471-2290", StringComparison.Ordinal)
            || dmCustomer.UserKey.Value != Customer
            || dmCustomer.DisplayName != "Priya Raman")
        {
            throw new InvalidOperationException($"{DmFixture} does not verify and parse to one private text message from the customer.");
        }

        if (!MentionVerifyAndParse() || _events.Count != 1
            || _events[0].Event is not MessageReceived { Parts: [TextPart { Text: var mentionText }], Customer: var mentionCustomer, Conversation.Visibility: ConversationVisibility.Public }
            || !mentionText.StartsWith("@NimbusCare my fibre has been down", StringComparison.Ordinal)
            || mentionCustomer.UserKey.Value != Customer
            || mentionCustomer.Handle != "priya_r_travels")
        {
            throw new InvalidOperationException($"{MentionFixture} does not verify and parse to one public message from the customer.");
        }

        Console.WriteLine($"// bodies: DM text {_dmBody.Length} B, mention {_mentionBody.Length} B");
    }

    [BenchmarkCategory(DmCategory)]
    [Benchmark(Baseline = true, Description = "HMAC + one Utf8JsonReader pass (floor)")]
    public int DmFloor() => Floor(_key, _dmBody);

    [BenchmarkCategory(DmCategory)]
    [Benchmark(Description = "XWebhookEndpoint.Authenticate + XWebhookParser.TryParse")]
    public bool DmVerifyAndParse()
    {
        _events.Clear();
        return _endpoint.Authenticate(_dmRequest) is null
            && XWebhookParser.TryParse(_dmBody, _settings, _events, out _, out _);
    }

    [BenchmarkCategory(DmCategory)]
    [Benchmark(Description = "XWebhookParser.TryParse alone")]
    public bool DmParseOnly()
    {
        _events.Clear();
        return XWebhookParser.TryParse(_dmBody, _settings, _events, out _, out _);
    }

    [BenchmarkCategory(MentionCategory)]
    [Benchmark(Baseline = true, Description = "HMAC + one Utf8JsonReader pass (floor)")]
    public int MentionFloor() => Floor(_key, _mentionBody);

    [BenchmarkCategory(MentionCategory)]
    [Benchmark(Description = "XWebhookEndpoint.Authenticate + XWebhookParser.TryParse")]
    public bool MentionVerifyAndParse()
    {
        _events.Clear();
        return _endpoint.Authenticate(_mentionRequest) is null
            && XWebhookParser.TryParse(_mentionBody, _settings, _events, out _, out _);
    }

    [BenchmarkCategory(MentionCategory)]
    [Benchmark(Description = "XWebhookParser.TryParse alone")]
    public bool MentionParseOnly()
    {
        _events.Clear();
        return XWebhookParser.TryParse(_mentionBody, _settings, _events, out _, out _);
    }

    /// <summary>Reads a shared fixture's exact bytes, linked beside the assembly by the project file.</summary>
    private static byte[] ReadFixture(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "x", name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The shared X fixture {name} was not copied beside the benchmarks (../shared/platforms/fixtures/x, beside the repository).", path);
        }

        return File.ReadAllBytes(path);
    }

    /// <summary>A POST of the body with the signature X sends, which must be the one <c>_signatures.json</c> gives.</summary>
    private static WebhookRequest Signed(byte[] body, string name, string expected)
    {
        var signature = XWebhookSigner.Sign(body, Secret);
        if (signature != expected)
        {
            throw new InvalidOperationException($"{name} is not the body _signatures.json signed (line endings or reformatting?).");
        }

        return WebhookRequest.Post("/webhooks/x", body, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = "application/json; charset=utf-8",
            ["x-twitter-webhooks-signature"] = signature,
        });
    }

    /// <summary>The floor: HMAC-SHA256 over the body plus one bare reader pass over it (as in <see cref="FacebookWebhookBenchmarks"/>).</summary>
    private static int Floor(byte[] key, byte[] body)
    {
        Span<byte> digest = stackalloc byte[32];
        HMACSHA256.HashData(key, body, digest);
        var reader = new Utf8JsonReader(body);
        var tokens = digest[0];
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }
}
