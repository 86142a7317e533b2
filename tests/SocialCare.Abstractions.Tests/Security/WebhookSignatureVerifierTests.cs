using System.Security.Cryptography;
using System.Text;

namespace SocialCare.Abstractions.Tests.Security;

public class WebhookSignatureVerifierTests
{
    private static readonly byte[] Body = """{"object":"page","entry":[{"id":"1"}]}"""u8.ToArray();

    [Fact]
    public void Compute_MatchesHmacSha256_HexAndBase64()
    {
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cret"), Body);

        Assert.Equal(Convert.ToHexStringLower(expected), WebhookSignatureVerifier.Compute("s3cret", Body, SignatureEncoding.Hex));
        Assert.Equal(Convert.ToBase64String(expected), WebhookSignatureVerifier.Compute("s3cret", Body, SignatureEncoding.Base64));
    }

    [Theory]
    [InlineData(SignatureEncoding.Hex)]
    [InlineData(SignatureEncoding.Base64)]
    public void IsValid_RightSecret_IsTrue(SignatureEncoding encoding)
    {
        var verifier = new WebhookSignatureVerifier(["s3cret"]);

        Assert.True(verifier.IsValid(Body, WebhookSignatureVerifier.Compute("s3cret", Body, encoding), encoding));
    }

    [Fact]
    public void IsValid_UpperCaseHex_IsTrue()
    {
        var verifier = new WebhookSignatureVerifier(["s3cret"]);

        Assert.True(verifier.IsValid(Body, WebhookSignatureVerifier.Compute("s3cret", Body, SignatureEncoding.Hex).ToUpperInvariant(), SignatureEncoding.Hex));
    }

    [Fact]
    public void IsValid_EitherSecretDuringRotation_IsTrue()
    {
        var verifier = new WebhookSignatureVerifier(["new-secret", "old-secret", null, ""]);

        Assert.Equal(2, verifier.SecretCount);
        Assert.True(verifier.IsValid(Body, WebhookSignatureVerifier.Compute("old-secret", Body, SignatureEncoding.Hex), SignatureEncoding.Hex));
        Assert.True(verifier.IsValid(Body, WebhookSignatureVerifier.Compute("new-secret", Body, SignatureEncoding.Hex), SignatureEncoding.Hex));
        Assert.False(verifier.IsValid(Body, WebhookSignatureVerifier.Compute("other", Body, SignatureEncoding.Hex), SignatureEncoding.Hex));
    }

    [Fact]
    public void IsValid_TamperedBody_IsFalse()
    {
        var verifier = new WebhookSignatureVerifier(["s3cret"]);
        var signature = WebhookSignatureVerifier.Compute("s3cret", Body, SignatureEncoding.Hex);
        var tampered = Body.ToArray();
        tampered[^3] ^= 0x01;

        Assert.False(verifier.IsValid(tampered, signature, SignatureEncoding.Hex));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-hex")]
    [InlineData("abcd")]
    [InlineData("zz9b1e1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f")]
    [InlineData("9b1e1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f00")]
    public void IsValid_MalformedHex_IsFalse(string signature)
        => Assert.False(new WebhookSignatureVerifier(["s3cret"]).IsValid(Body, signature, SignatureEncoding.Hex));

    [Theory]
    [InlineData("")]
    [InlineData("!!!!")]
    [InlineData("AAAA")]
    public void IsValid_MalformedBase64_IsFalse(string signature)
        => Assert.False(new WebhookSignatureVerifier(["s3cret"]).IsValid(Body, signature, SignatureEncoding.Base64));

    [Fact]
    public void Constructor_NoUsableSecret_Throws()
        => Assert.Throws<ArgumentException>(() => new WebhookSignatureVerifier(["", null]));
}
