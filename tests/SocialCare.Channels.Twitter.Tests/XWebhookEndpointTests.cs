using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SocialCare.Abstractions;
using SocialCare.Testing;

namespace SocialCare.Channels.Twitter.Tests;

public class XWebhookEndpointTests
{
    private const string PreviousSecret = "old-consumer-secret-being-rotated-out";
    private const string ClientSecret = "oauth2-client-secret-for-tests";

    private readonly TestLoggerProvider _logs = new();

    public static TheoryData<string> SignedFixtures() =>
        new(XFixtures.Signatures.GetProperty("post_signatures").EnumerateObject().Select(p => p.Name));

    public static TheoryData<string, string> CrcVectors()
    {
        var data = new TheoryData<string, string>();
        foreach (var vector in XFixtures.Signatures.GetProperty("crc").EnumerateArray())
        {
            data.Add(vector.GetProperty("crc_token").GetString()!, vector.GetProperty("response_token").GetString()!);
        }

        return data;
    }

    // ------------------------------------------------------------------------------------------------ POST signatures

    [Theory]
    [MemberData(nameof(SignedFixtures))]
    public void Authenticate_FixtureSignature_IsAccepted(string name)
    {
        var endpoint = Create();

        var result = endpoint.Authenticate(Post(XFixtures.Read(name), XFixtures.SignatureOf(name)));

        Assert.Null(result);
    }

    [Theory]
    [MemberData(nameof(SignedFixtures))]
    public void Sign_Fixture_ReproducesTheRecordedSignature(string name)
    {
        Assert.Equal(XFixtures.SignatureOf(name), XWebhookSigner.Sign(XFixtures.Read(name), XFixtures.ConsumerSecret));
    }

    [Theory]
    [MemberData(nameof(SignedFixtures))]
    public void Authenticate_OneByteChanged_IsRejectedAsInvalid(string name)
    {
        var body = XFixtures.Read(name);
        body[body.Length / 2] ^= 0x01;

        var result = Create().Authenticate(Post(body, XFixtures.SignatureOf(name)));

        Assert.NotNull(result);
        Assert.Equal(WebhookOutcome.Rejected, result.Outcome);
        Assert.Equal(WebhookRejection.InvalidSignature, result.Rejection);
        Assert.Equal(401, result.StatusCode);
    }

    [Fact]
    public void Authenticate_MissingHeader_IsRejectedAsMissing()
    {
        var result = Create().Authenticate(WebhookRequest.Post("/webhooks/x", XFixtures.Read("aaa-dm-text.json"), new Dictionary<string, string>()));

        Assert.NotNull(result);
        Assert.Equal(WebhookRejection.MissingSignature, result.Rejection);
        Assert.Equal(401, result.StatusCode);
    }

    [Fact]
    public void Authenticate_HeaderNameInOtherCase_IsFound()
    {
        var body = XFixtures.Read("aaa-dm-text.json");
        var headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["X-Twitter-Webhooks-Signature"] = XFixtures.SignatureOf("aaa-dm-text.json") };

        Assert.Null(Create().Authenticate(WebhookRequest.Post("/webhooks/x", body, headers)));
    }

    [Fact]
    public void Authenticate_WrongSecret_IsRejectedAsInvalid()
    {
        var body = XFixtures.Read("aaa-dm-text.json");

        var result = Create().Authenticate(Post(body, XWebhookSigner.Sign(body, "another-secret")));

        Assert.Equal(WebhookRejection.InvalidSignature, result!.Rejection);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha1=8qQpHP10TfvUPuteIvsDIoVAMwWhGHYiJECzbzwOLws=")]
    [InlineData("8qQpHP10TfvUPuteIvsDIoVAMwWhGHYiJECzbzwOLws=")]
    [InlineData("sha256=not base64 at all!")]
    [InlineData("sha256=AAAA")]
    [InlineData("sha256=8qQpHP10TfvUPuteIvsDIoVAMwWhGHYiJECzbzwOLws=AAAA")]
    [InlineData("sha256=f2a4291cfd744dfbd43eeb5e22fb0321895033059e887624240b3cf3b0e2ec2f")]
    public void Authenticate_MalformedHeader_IsRejectedAsInvalid(string header)
    {
        var result = Create().Authenticate(Post(XFixtures.Read("aaa-dm-text.json"), header));

        Assert.NotNull(result);
        Assert.Equal(WebhookRejection.InvalidSignature, result.Rejection);
    }

    [Fact]
    public void Authenticate_HeaderWithSurroundingSpaceAndUpperCasePrefix_IsAccepted()
    {
        var header = "  SHA256=" + XFixtures.SignatureOf("aaa-dm-text.json")["sha256=".Length..] + " ";

        Assert.Null(Create().Authenticate(Post(XFixtures.Read("aaa-dm-text.json"), header)));
    }

    [Fact]
    public void Authenticate_PreviousSecretDuringRotation_IsAccepted()
    {
        var body = XFixtures.Read("aaa-tweet-mention.json");
        var endpoint = Create(o => o.PreviousConsumerSecret = PreviousSecret);

        Assert.Null(endpoint.Authenticate(Post(body, XWebhookSigner.Sign(body, PreviousSecret))));
        Assert.Null(endpoint.Authenticate(Post(body, XFixtures.SignatureOf("aaa-tweet-mention.json"))));
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 4004);
    }

    [Fact]
    public void Authenticate_PreviousSecretWithoutRotation_IsRejected()
    {
        var body = XFixtures.Read("aaa-tweet-mention.json");

        var result = Create().Authenticate(Post(body, XWebhookSigner.Sign(body, PreviousSecret)));

        Assert.Equal(WebhookRejection.InvalidSignature, result!.Rejection);
    }

    [Fact]
    public void Authenticate_OnlyOAuth2HeaderWithClientSecret_IsVerifiedWithTheClientSecret()
    {
        var body = XFixtures.Read("xaa-dm-received.json");
        var endpoint = Create(o => o.OAuth2ClientSecret = ClientSecret);
        var headers = new Dictionary<string, string> { [XDefaults.OAuth2SignatureHeader] = XWebhookSigner.Sign(body, ClientSecret) };

        var result = endpoint.Authenticate(WebhookRequest.Post("/webhooks/x", body, headers));

        Assert.Null(result);
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 4003 && e.Level == LogLevel.Debug && e.Message.Contains("oauth2", StringComparison.Ordinal));
    }

    [Fact]
    public void Authenticate_OAuth2HeaderSignedWithConsumerSecret_IsRejected()
    {
        var body = XFixtures.Read("xaa-dm-received.json");
        var endpoint = Create(o => o.OAuth2ClientSecret = ClientSecret);
        var headers = new Dictionary<string, string> { [XDefaults.OAuth2SignatureHeader] = XFixtures.SignatureOf("xaa-dm-received.json") };

        Assert.Equal(WebhookRejection.InvalidSignature, endpoint.Authenticate(WebhookRequest.Post("/webhooks/x", body, headers))!.Rejection);
    }

    [Fact]
    public void Authenticate_OnlyOAuth2HeaderWithoutClientSecret_IsRejectedAsMissing()
    {
        var body = XFixtures.Read("xaa-dm-received.json");
        var headers = new Dictionary<string, string> { [XDefaults.OAuth2SignatureHeader] = XWebhookSigner.Sign(body, ClientSecret) };

        var result = Create().Authenticate(WebhookRequest.Post("/webhooks/x", body, headers));

        Assert.Equal(WebhookRejection.MissingSignature, result!.Rejection);
    }

    [Fact]
    public void Authenticate_BothHeaders_LegacyHeaderDecides()
    {
        var body = XFixtures.Read("xaa-dm-received.json");
        var endpoint = Create(o => o.OAuth2ClientSecret = ClientSecret);
        var headers = new Dictionary<string, string>
        {
            [XDefaults.SignatureHeader] = "sha256=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            [XDefaults.OAuth2SignatureHeader] = XWebhookSigner.Sign(body, ClientSecret),
        };

        Assert.Equal(WebhookRejection.InvalidSignature, endpoint.Authenticate(WebhookRequest.Post("/webhooks/x", body, headers))!.Rejection);
    }

    [Fact]
    public void Authenticate_ConsumerSecretMatch_LogsWhichHeaderAndSecretAtDebug()
    {
        Create().Authenticate(Post(XFixtures.Read("aaa-dm-text.json"), XFixtures.SignatureOf("aaa-dm-text.json")));

        var entry = Assert.Single(_logs.Entries, e => e.EventId.Id == 4003);
        Assert.Equal(LogLevel.Debug, entry.Level);
        Assert.Contains("x-twitter-webhooks-signature with the consumer secret", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Authenticate_Rejection_NeverLogsSecretsOrBody()
    {
        var body = XFixtures.Read("aaa-dm-text.json");
        var endpoint = Create(o => o.PreviousConsumerSecret = PreviousSecret);

        endpoint.Authenticate(Post(body, "sha256=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
        endpoint.Authenticate(WebhookRequest.Get("/webhooks/x", new Dictionary<string, string> { ["crc_token"] = "secret-looking-token" }));

        var all = string.Join('\n', _logs.Entries.Select(e => e.Message));
        Assert.DoesNotContain(XFixtures.ConsumerSecret, all, StringComparison.Ordinal);
        Assert.DoesNotContain(PreviousSecret, all, StringComparison.Ordinal);
        Assert.DoesNotContain("NT-4471-2290", all, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-looking-token", all, StringComparison.Ordinal);
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 4001 && e.Level == LogLevel.Warning);
    }

    [Theory]
    [InlineData("{\"test_number\":1,\"test_string\":\"two\"}", "sha256=YWHphPn/JFq43jkF0y4/w8R/SelmLjvpunhVFY8JhlI=")]
    [InlineData("test=1&other_test=2", "sha256=25Cu3iwbbiqBTwQRzcKJZwisjf736V2Q8UaTlkfLSoc=")]
    public void Sign_AutohookReferenceVectors_Reproduce(string body, string expected)
    {
        Assert.Equal(expected, XWebhookSigner.Sign(Encoding.UTF8.GetBytes(body), "test"));
    }

    [Fact]
    public void Sign_ReferenceVectorsFromTheFixtures_Reproduce()
    {
        foreach (var vector in XFixtures.Signatures.GetProperty("reference_vectors_from_public_code").EnumerateArray())
        {
            var secret = vector.GetProperty("secret").GetString()!;
            if (vector.TryGetProperty("body", out var body))
            {
                Assert.Equal(vector.GetProperty("header").GetString(), XWebhookSigner.Sign(Encoding.UTF8.GetBytes(body.GetString()!), secret));
            }
            else
            {
                Assert.Equal(vector.GetProperty("response_token").GetString(), XWebhookSigner.CrcResponseToken(vector.GetProperty("crc_token").GetString()!, secret));
            }
        }
    }

    [Fact]
    public void Authenticate_AutohookVectorWithTestSecret_IsAccepted()
    {
        var endpoint = new XWebhookEndpoint(new XOptions { ConsumerSecret = "test" }, Logger());

        Assert.Null(endpoint.Authenticate(Post(Encoding.UTF8.GetBytes("{\"test_number\":1,\"test_string\":\"two\"}"), "sha256=YWHphPn/JFq43jkF0y4/w8R/SelmLjvpunhVFY8JhlI=")));
    }

    [Fact]
    public void Sign_NullOrEmptySecret_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => XWebhookSigner.Sign([1], null!));
        Assert.Throws<ArgumentException>(() => XWebhookSigner.Sign([1], string.Empty));
        Assert.Throws<ArgumentNullException>(() => XWebhookSigner.CrcResponseToken(null!, "s"));
        Assert.Throws<ArgumentException>(() => XWebhookSigner.CrcResponseToken("t", string.Empty));
    }

    // ------------------------------------------------------------------------------------------------ CRC

    [Theory]
    [MemberData(nameof(CrcVectors))]
    public void Authenticate_CrcVector_AnswersTheResponseToken(string token, string expected)
    {
        var result = Create().Authenticate(Crc(token));

        Assert.NotNull(result);
        Assert.Equal(WebhookOutcome.Handshake, result.Outcome);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal("application/json", result.ContentType);
        using var answer = JsonDocument.Parse(result.Body!);
        Assert.Equal(expected, answer.RootElement.GetProperty("response_token").GetString());
        Assert.Single(answer.RootElement.EnumerateObject());
    }

    [Theory]
    [MemberData(nameof(CrcVectors))]
    public void CrcResponseToken_Vector_Reproduces(string token, string expected)
    {
        Assert.Equal(expected, XWebhookSigner.CrcResponseToken(token, XFixtures.ConsumerSecret));
    }

    [Fact]
    public void Authenticate_CrcWithFooAndTestSecret_MatchesTheDocumentedVector()
    {
        var endpoint = new XWebhookEndpoint(new XOptions { ConsumerSecret = "test" }, Logger());

        Assert.Equal("{\"response_token\":\"sha256=HlU5y5rWhNi1SHftUCyOxuT6JRuDqeVBKWp1yvldR04=\"}", endpoint.Authenticate(Crc("foo"))!.Body);
    }

    [Fact]
    public void Authenticate_CrcWithNonce_IgnoresTheNonce()
    {
        var query = new Dictionary<string, string> { ["crc_token"] = "challenge_string", ["nonce"] = "MTUyOTk3MDQ4Mg" };

        var result = Create().Authenticate(WebhookRequest.Get("/webhooks/x", query));

        Assert.Contains("sha256=C2pIe2fvsjIKEScMKRf2hzqAyu+XDf4vt811Tpx+roI=", result!.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Authenticate_CrcTwiceWithDifferentTokens_AnswersEachAfresh()
    {
        var endpoint = Create();

        var first = endpoint.Authenticate(Crc("challenge_string"))!.Body;
        var second = endpoint.Authenticate(Crc("T2xkIENoYWxsZW5nZSBUb2tlbg"))!.Body;
        var third = endpoint.Authenticate(Crc("challenge_string"))!.Body;

        Assert.NotEqual(first, second);
        Assert.Equal(first, third);
    }

    [Fact]
    public void Authenticate_CrcUsesTheCurrentSecretEvenDuringRotation()
    {
        var result = Create(o => o.PreviousConsumerSecret = PreviousSecret).Authenticate(Crc("challenge_string"));

        Assert.Contains("sha256=C2pIe2fvsjIKEScMKRf2hzqAyu+XDf4vt811Tpx+roI=", result!.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Authenticate_LongCrcToken_IsAnswered()
    {
        var token = new string('k', 5000);

        var result = Create().Authenticate(Crc(token));

        Assert.Contains(XWebhookSigner.CrcResponseToken(token, XFixtures.ConsumerSecret), result!.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Authenticate_GetWithoutCrcToken_IsRejectedAsHandshakeFailed()
    {
        var result = Create().Authenticate(WebhookRequest.Get("/webhooks/x", new Dictionary<string, string> { ["nonce"] = "abc" }));

        Assert.Equal(WebhookOutcome.Rejected, result!.Outcome);
        Assert.Equal(WebhookRejection.HandshakeFailed, result.Rejection);
        Assert.Equal(403, result.StatusCode);
    }

    [Fact]
    public void Authenticate_GetWithEmptyCrcToken_IsRejected()
    {
        Assert.Equal(WebhookRejection.HandshakeFailed, Create().Authenticate(Crc(string.Empty))!.Rejection);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    [InlineData("HEAD")]
    public void Authenticate_OtherMethod_IsRejectedWith405(string method)
    {
        var result = Create().Authenticate(new WebhookRequest(method, "/webhooks/x", XFixtures.Read("aaa-dm-text.json")));

        Assert.Equal(WebhookRejection.MethodNotAllowed, result!.Rejection);
        Assert.Equal(405, result.StatusCode);
    }

    [Fact]
    public void Constructor_WithoutConsumerSecret_Throws()
    {
        Assert.Throws<ArgumentException>(() => new XWebhookEndpoint(new XOptions(), Logger()));
        Assert.Throws<ArgumentNullException>(() => new XWebhookEndpoint(null!, Logger()));
        Assert.Throws<ArgumentNullException>(() => Create().Authenticate(null!));
    }

    [Fact]
    public void Constructor_ReadsTheSecretsOnce()
    {
        var options = new XOptions { ConsumerSecret = XFixtures.ConsumerSecret };
        var endpoint = new XWebhookEndpoint(options, Logger());
        options.ConsumerSecret = "changed-later";

        Assert.Null(endpoint.Authenticate(Post(XFixtures.Read("aaa-dm-text.json"), XFixtures.SignatureOf("aaa-dm-text.json"))));
    }

    [Fact]
    public void Authenticate_VerifiedPost_AllocatesNothing()
    {
        var endpoint = new XWebhookEndpoint(new XOptions { ConsumerSecret = XFixtures.ConsumerSecret }, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var request = Post(XFixtures.Read("aaa-dm-text.json"), XFixtures.SignatureOf("aaa-dm-text.json"));
        endpoint.Authenticate(request);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = endpoint.Authenticate(request);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Null(result);
        Assert.Equal(0, allocated);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private XWebhookEndpoint Create(Action<XOptions>? configure = null)
    {
        var options = new XOptions { ConsumerSecret = XFixtures.ConsumerSecret };
        configure?.Invoke(options);
        return new XWebhookEndpoint(options, Logger());
    }

    private ILogger Logger() => _logs.CreateLogger("XWebhookEndpoint");

    private static WebhookRequest Post(byte[] body, string signature) =>
        WebhookRequest.Post("/webhooks/x", body, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [XDefaults.SignatureHeader] = signature });

    private static WebhookRequest Crc(string token) =>
        WebhookRequest.Get("/webhooks/x", new Dictionary<string, string> { ["crc_token"] = token });
}
