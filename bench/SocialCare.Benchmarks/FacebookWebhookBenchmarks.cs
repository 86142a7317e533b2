using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using SocialCare.Abstractions;
using SocialCare.Channels.Facebook;
using SocialCare.Channels.Meta;

namespace SocialCare.Benchmarks;

/// <summary>
/// Verify + parse of a ~1 KB Messenger text webhook (issue 4), against the floor: HMAC-SHA256 over the same bytes plus one
/// bare <see cref="Utf8JsonReader"/> pass. One event per request, so the mean is the time per event.
/// </summary>
[MemoryDiagnoser]
public class FacebookWebhookBenchmarks
{
    private const string Secret = "shared-fixture-app-secret-9a7b3c";
    private readonly List<InboundEnvelope> _events = new(4);
    private byte[] _key = [];
    private byte[] _body = [];
    private string _header = string.Empty;
    private MetaSignatureVerifier _signature = null!;

    [GlobalSetup]
    public void Setup()
    {
        // A real-looking Messenger text message of about 1 KB (the customer's text makes up most of it), as the ingest
        // benchmarks read it too.
        _body = ChannelBodies.MessengerText();
        _key = Encoding.UTF8.GetBytes(Secret);
        _header = FacebookWebhookSigner.Sign(_body, Secret);
        _signature = new MetaSignatureVerifier(Secret);
        if (!VerifyAndParse() || _events.Count != 1)
        {
            throw new InvalidOperationException("The benchmark body does not verify and parse to one event.");
        }
    }

    /// <summary>Gets the body's size in bytes, for the README.</summary>
    public int BodySize => _body.Length;

    [Benchmark(Baseline = true, Description = "HMAC + one Utf8JsonReader pass (floor)")]
    public int HmacAndReaderPass()
    {
        Span<byte> digest = stackalloc byte[32];
        HMACSHA256.HashData(_key, _body, digest);
        var reader = new Utf8JsonReader(_body);
        var tokens = digest[0];
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    [Benchmark(Description = "MetaSignatureVerifier.Check + FacebookWebhookParser.TryParse")]
    public bool VerifyAndParse()
    {
        _events.Clear();
        return _signature.Check(_body, _header, legacyHeaderPresent: false) is null
            && FacebookWebhookParser.TryParse(_body, null, _events, out _, out _);
    }

    [Benchmark(Description = "FacebookWebhookParser.TryParse alone")]
    public bool ParseOnly()
    {
        _events.Clear();
        return FacebookWebhookParser.TryParse(_body, null, _events, out _, out _);
    }
}

/// <summary>Source-generated JSON for the benchmarks' set-up.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class BenchJson : System.Text.Json.Serialization.JsonSerializerContext;
