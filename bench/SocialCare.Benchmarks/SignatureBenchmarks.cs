using System.Text;
using BenchmarkDotNet.Attributes;
using SocialCare.Abstractions;

namespace SocialCare.Benchmarks;

/// <summary>The first step of every webhook: HMAC-SHA256 over the raw body, compared in constant time.</summary>
[MemoryDiagnoser]
public class SignatureBenchmarks
{
    private readonly WebhookSignatureVerifier _one = new(["app-secret-0123456789"]);
    private readonly WebhookSignatureVerifier _rotating = new(["new-secret-0123456789", "app-secret-0123456789"]);
    private byte[] _body = [];
    private string _hex = string.Empty;
    private string _base64 = string.Empty;

    [Params(600, 2048)]
    public int BodySize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _body = Encoding.UTF8.GetBytes(new string('a', BodySize));
        _hex = WebhookSignatureVerifier.Compute("app-secret-0123456789", _body, SignatureEncoding.Hex);
        _base64 = WebhookSignatureVerifier.Compute("app-secret-0123456789", _body, SignatureEncoding.Base64);
    }

    [Benchmark(Baseline = true)]
    public bool VerifyHex() => _one.IsValid(_body, _hex, SignatureEncoding.Hex);

    [Benchmark]
    public bool VerifyBase64() => _one.IsValid(_body, _base64, SignatureEncoding.Base64);

    [Benchmark]
    public bool VerifyHexTwoSecrets() => _rotating.IsValid(_body, _hex, SignatureEncoding.Hex);
}
