using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SocialCare.Abstractions;
using SocialCare.Channels.Meta;
using SocialCare.Channels.WhatsApp;

namespace SocialCare.Benchmarks;

/// <summary>
/// Verify + parse of two WhatsApp Cloud API webhooks of about 0.7 KB (issue 5), each against its own floor: HMAC-SHA256
/// over the same bytes plus one bare <see cref="Utf8JsonReader"/> pass. The bodies are a customer's text message (with
/// its contact, accents sent as <c>\u</c> escapes as Meta does) and a <c>delivered</c> status (with conversation, pricing
/// and SocialCare's <c>biz_opaque_callback_data</c>). One event per request, so the mean is the time per event.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class WhatsAppWebhookBenchmarks
{
    private const string Secret = "shared-fixture-app-secret-9a7b3c";
    private const string TextCategory = "text message";
    private const string StatusCategory = "delivered status";
    private const string LocalId = ChannelBodies.StatusLocalId;

    private readonly List<InboundEnvelope> _events = new(4);
    private byte[] _key = [];
    private byte[] _textBody = [];
    private byte[] _statusBody = [];
    private string _textHeader = string.Empty;
    private string _statusHeader = string.Empty;
    private MetaSignatureVerifier _signature = null!;

    [GlobalSetup]
    public void Setup()
    {
        // A customer's text in Italian (accents as \u escapes) and the delivered status of a message SocialCare sent,
        // as the ingest benchmarks read them too.
        _textBody = ChannelBodies.WhatsAppText();
        _statusBody = ChannelBodies.WhatsAppStatus();

        _key = Encoding.UTF8.GetBytes(Secret);
        _textHeader = MetaWebhookSigner.Sign(_textBody, Secret);
        _statusHeader = MetaWebhookSigner.Sign(_statusBody, Secret);
        _signature = new MetaSignatureVerifier(Secret);

        if (!TextVerifyAndParse() || _events.Count != 1
            || _events[0].Event is not MessageReceived { Parts: [TextPart { Text: var text }], Customer: var customer }
            || !text.StartsWith("Buongiorno, l'ordine 48213 non \u00e8 ancora", StringComparison.Ordinal)
            || customer.UserKey.Value != "IT.1839201746502938"
            || customer.DisplayName != "Niccol\u00f2 Ferrari")
        {
            throw new InvalidOperationException("The text message body does not verify and parse to one text message event.");
        }

        if (!StatusVerifyAndParse() || _events.Count != 1
            || _events[0].Event is not DeliveryStatusChanged { Status: DeliveryStatus.Delivered, LocalId: { } localId }
            || localId.Value != LocalId)
        {
            throw new InvalidOperationException("The status body does not verify and parse to one delivered status with SocialCare's id.");
        }

        Console.WriteLine($"// bodies: text message {_textBody.Length} B, delivered status {_statusBody.Length} B");
    }

    [BenchmarkCategory(TextCategory)]
    [Benchmark(Baseline = true, Description = "HMAC + one Utf8JsonReader pass (floor)")]
    public int TextFloor() => Floor(_key, _textBody);

    [BenchmarkCategory(TextCategory)]
    [Benchmark(Description = "MetaSignatureVerifier.Check + WhatsAppWebhookParser.TryParse")]
    public bool TextVerifyAndParse()
    {
        _events.Clear();
        return _signature.Check(_textBody, _textHeader, legacyHeaderPresent: false) is null
            && WhatsAppWebhookParser.TryParse(_textBody, _events, out _, out _);
    }

    [BenchmarkCategory(TextCategory)]
    [Benchmark(Description = "WhatsAppWebhookParser.TryParse alone")]
    public bool TextParseOnly()
    {
        _events.Clear();
        return WhatsAppWebhookParser.TryParse(_textBody, _events, out _, out _);
    }

    [BenchmarkCategory(StatusCategory)]
    [Benchmark(Baseline = true, Description = "HMAC + one Utf8JsonReader pass (floor)")]
    public int StatusFloor() => Floor(_key, _statusBody);

    [BenchmarkCategory(StatusCategory)]
    [Benchmark(Description = "MetaSignatureVerifier.Check + WhatsAppWebhookParser.TryParse")]
    public bool StatusVerifyAndParse()
    {
        _events.Clear();
        return _signature.Check(_statusBody, _statusHeader, legacyHeaderPresent: false) is null
            && WhatsAppWebhookParser.TryParse(_statusBody, _events, out _, out _);
    }

    [BenchmarkCategory(StatusCategory)]
    [Benchmark(Description = "WhatsAppWebhookParser.TryParse alone")]
    public bool StatusParseOnly()
    {
        _events.Clear();
        return WhatsAppWebhookParser.TryParse(_statusBody, _events, out _, out _);
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
