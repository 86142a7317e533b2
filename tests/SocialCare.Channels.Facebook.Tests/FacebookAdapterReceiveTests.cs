using System.Text;
using System.Text.Json;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Facebook.Tests;

public sealed class FacebookAdapterReceiveTests
{
    private static readonly byte[] Text = Fixtures.Read("messenger-text.json");

    public static TheoryData<string> AllFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            if (!file!.StartsWith('_'))
            {
                data.Add(file);
            }
        }

        return data;
    }

    [Fact]
    public async Task Handshake_RightToken_EchoesTheChallengeVerbatim()
    {
        await using var host = new FacebookHost();

        var result = await host.Adapter.ReceiveAsync(FacebookWebhookSigner.CreateHandshake(FacebookHost.VerifyToken, "1158201444"), default);

        Assert.Equal(WebhookOutcome.Handshake, result.Outcome);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal("1158201444", result.Body);
        Assert.Equal("text/plain", result.ContentType);
    }

    [Theory]
    [InlineData("subscribe", "wrong-token", "123")]
    [InlineData("subscribe", "", "123")]
    [InlineData("unsubscribe", FacebookHost.VerifyToken, "123")]
    [InlineData("subscribe", FacebookHost.VerifyToken, "")]
    public async Task Handshake_WrongTokenModeOrChallenge_Is403(string mode, string token, string challenge)
    {
        await using var host = new FacebookHost();
        var query = new Dictionary<string, string> { ["hub.mode"] = mode, ["hub.verify_token"] = token, ["hub.challenge"] = challenge };

        var result = await host.Adapter.ReceiveAsync(WebhookRequest.Get("/webhooks/facebook", query), default);

        Assert.Equal(WebhookRejection.HandshakeFailed, result.Rejection);
        Assert.Equal(403, result.StatusCode);
        Assert.Null(result.Body);
    }

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public async Task Receive_SharedFixtureWithMetasSignature_IsVerified(string file)
    {
        await using var host = new FacebookHost();
        using var signatures = JsonDocument.Parse(Fixtures.Read("_signatures.json"));
        var header = signatures.RootElement.GetProperty("files").GetProperty(file).GetProperty("x_hub_signature_256").GetString()!;
        var body = Fixtures.Read(file);
        var request = WebhookRequest.Post("/webhooks/facebook", body, new Dictionary<string, string> { ["x-hub-signature-256"] = header });

        var result = await host.Adapter.ReceiveAsync(request, default);

        Assert.NotEqual(WebhookOutcome.Rejected, result.Outcome);
        Assert.Equal(200, result.StatusCode);
        if (file.StartsWith("whatsapp", StringComparison.Ordinal))
        {
            // Another product on the same app: not the Facebook channel's, answered 200 and ignored.
            Assert.Equal(WebhookOutcome.Ignored, result.Outcome);
        }
        else
        {
            Assert.Equal(WebhookOutcome.Accepted, result.Outcome);
            Assert.NotEmpty(result.Events);
        }
    }

    [Fact]
    public async Task Receive_PreviousSecretDuringRotation_IsAccepted()
    {
        await using var host = new FacebookHost();

        var result = await host.ReceiveAsync(Text, FacebookHost.PreviousAppSecret);

        Assert.Equal(WebhookOutcome.Accepted, result.Outcome);
    }

    [Fact]
    public async Task Receive_WrongSecret_Is401()
    {
        await using var host = new FacebookHost();

        var result = await host.ReceiveAsync(Text, "some-other-secret");

        Assert.Equal(WebhookRejection.InvalidSignature, result.Rejection);
        Assert.Equal(401, result.StatusCode);
        Assert.Empty(result.Events);
    }

    [Fact]
    public async Task Receive_OneTamperedByte_Is401()
    {
        await using var host = new FacebookHost();
        var request = FacebookWebhookSigner.CreateRequest(Text, FacebookHost.AppSecret);
        var tampered = Text.ToArray();
        tampered[Array.IndexOf(tampered, (byte)'4')] = (byte)'5';

        var result = await host.Adapter.ReceiveAsync(new WebhookRequest("POST", request.Path, tampered) { Headers = request.Headers }, default);

        Assert.Equal(WebhookRejection.InvalidSignature, result.Rejection);
    }

    [Fact]
    public async Task Receive_MissingHeader_Is401Missing()
    {
        await using var host = new FacebookHost();

        var result = await host.ReceiveAsync(Text, secret: null);

        Assert.Equal(WebhookRejection.MissingSignature, result.Rejection);
        Assert.Equal(401, result.StatusCode);
    }

    [Fact]
    public async Task Receive_LegacySha1HeaderOnly_IsRejectedAsMissing()
    {
        await using var host = new FacebookHost();
        using var signatures = JsonDocument.Parse(Fixtures.Read("_signatures.json"));
        var sha1 = signatures.RootElement.GetProperty("files").GetProperty("messenger-text.json").GetProperty("x_hub_signature").GetString()!;

        var result = await host.Adapter.ReceiveAsync(WebhookRequest.Post("/", Text, new Dictionary<string, string> { ["X-Hub-Signature"] = sha1 }), default);

        Assert.Equal(WebhookRejection.MissingSignature, result.Rejection);
        Assert.Contains("legacy", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sha1=")]
    [InlineData("SHA256=")]
    [InlineData("")]
    [InlineData("sha512=")]
    public async Task Receive_WrongPrefix_Is401(string prefix)
    {
        await using var host = new FacebookHost();
        var hex = FacebookWebhookSigner.Sign(Text, FacebookHost.AppSecret)["sha256=".Length..];

        var result = await Post(host, Text, prefix + hex);

        Assert.Equal(WebhookRejection.InvalidSignature, result.Rejection);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(-64)]
    public async Task Receive_HexOfWrongLength_Is401(int change)
    {
        await using var host = new FacebookHost();
        var header = FacebookWebhookSigner.Sign(Text, FacebookHost.AppSecret);
        header = change < 0 ? header[..^(-change)] : header + new string('a', change);

        var result = await Post(host, Text, header);

        Assert.Equal(WebhookRejection.InvalidSignature, result.Rejection);
    }

    [Fact]
    public async Task Receive_NotHexadecimal_Is401()
    {
        await using var host = new FacebookHost();

        var result = await Post(host, Text, "sha256=" + new string('z', 64));

        Assert.Equal(WebhookRejection.InvalidSignature, result.Rejection);
    }

    [Fact]
    public async Task Receive_NonUtf8BodyWithWrongSignature_Is401WithoutThrowing()
    {
        await using var host = new FacebookHost();
        byte[] body = [.. "{\"object\":\"page\",\"entry\":[{\"id\":\"1\",\"x\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}]}"u8];

        var result = await Post(host, body, FacebookWebhookSigner.Sign(body, "some-other-secret"));

        Assert.Equal(WebhookRejection.InvalidSignature, result.Rejection);
    }

    [Fact]
    public async Task Receive_NonUtf8BodyCorrectlySigned_Is400Malformed()
    {
        await using var host = new FacebookHost();
        byte[] body = [.. "{\"object\":\"page\",\"entry\":[{\"id\":\"1\",\"time\":1,\"messaging\":[{\"sender\":{\"id\":\""u8, 0xC3, 0x28, .. "\"}}]}]}"u8];

        var result = await host.ReceiveAsync(body);

        Assert.Equal(WebhookRejection.MalformedPayload, result.Rejection);
        Assert.Equal(400, result.StatusCode);
    }

    [Fact]
    public async Task Receive_LiteralUtf8BodySignedInEscapedForm_IsAcceptedByTheFallback()
    {
        await using var host = new FacebookHost();
        const string Escaped = "{\"object\":\"page\",\"entry\":[{\"id\":\"104857392016485\",\"time\":1795097141412,\"messaging\":[{\"sender\":{\"id\":\"6241839201847562\"},\"recipient\":{\"id\":\"104857392016485\"},\"timestamp\":1795097141000,\"message\":{\"mid\":\"m_u1\",\"text\":\"Caf\\u00e9 \\ud83d\\ude15 \\u00e4\\u00f6\\u00e5\"}}]}]}";
        var literal = Encoding.UTF8.GetBytes(Escaped.Replace("\\u00e9", "é", StringComparison.Ordinal).Replace("\\ud83d\\ude15", "😕", StringComparison.Ordinal).Replace("\\u00e4\\u00f6\\u00e5", "äöå", StringComparison.Ordinal));
        Assert.Contains(literal, b => b >= 0x80);

        var result = await Post(host, literal, FacebookWebhookSigner.Sign(Encoding.ASCII.GetBytes(Escaped), FacebookHost.AppSecret));

        Assert.Equal(WebhookOutcome.Accepted, result.Outcome);
        var received = Assert.IsType<MessageReceived>(Assert.Single(result.Events).Event);
        Assert.Equal("Café 😕 äöå", Assert.IsType<TextPart>(Assert.Single(received.Parts)).Text);
    }

    [Fact]
    public async Task Receive_MalformedJsonWithValidSignature_Is400()
    {
        await using var host = new FacebookHost();

        var result = await host.ReceiveAsync("{\"object\":\"page\",\"entry\":[{\"id\":"u8.ToArray());

        Assert.Equal(WebhookRejection.MalformedPayload, result.Rejection);
        Assert.Equal(400, result.StatusCode);
    }

    [Fact]
    public async Task Receive_MalformedJsonWithBadSignature_IsRejectedForTheSignatureFirst()
    {
        await using var host = new FacebookHost();

        var result = await host.ReceiveAsync("{not json"u8.ToArray(), "wrong-secret");

        Assert.Equal(WebhookRejection.InvalidSignature, result.Rejection);
    }

    [Fact]
    public async Task Receive_UnknownObject_IsIgnoredWith200()
    {
        await using var host = new FacebookHost();

        var result = await host.ReceiveAsync("{\"object\":\"instagram\",\"entry\":[{\"id\":\"1\",\"time\":1,\"messaging\":[]}]}"u8.ToArray());

        Assert.Equal(WebhookOutcome.Ignored, result.Outcome);
        Assert.Equal(200, result.StatusCode);
    }

    [Fact]
    public async Task Receive_UnknownMessagingEvent_IsIgnoredWith200AndADebugLog()
    {
        await using var host = new FacebookHost();
        var body = "{\"object\":\"page\",\"entry\":[{\"id\":\"104857392016485\",\"time\":1,\"messaging\":[{\"sender\":{\"id\":\"1\"},\"recipient\":{\"id\":\"104857392016485\"},\"timestamp\":1,\"brand_new_event\":{\"x\":1}}]}]}"u8.ToArray();

        var result = await host.ReceiveAsync(body);

        Assert.Equal(WebhookOutcome.Ignored, result.Outcome);
        Assert.Equal(200, result.StatusCode);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 2004 && e.Level == Microsoft.Extensions.Logging.LogLevel.Debug && e.Message.Contains("brand_new_event", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Receive_OtherMethods_Are405(string method)
    {
        await using var host = new FacebookHost();

        var result = await host.Adapter.ReceiveAsync(new WebhookRequest(method, "/webhooks/facebook", Text), default);

        Assert.Equal(WebhookRejection.MethodNotAllowed, result.Rejection);
        Assert.Equal(405, result.StatusCode);
    }

    [Fact]
    public async Task Receive_LogsNeitherSecretsNorText()
    {
        await using var host = new FacebookHost();
        await host.ReceiveAsync(Text);
        await host.ReceiveAsync(Text, "wrong-secret");
        await host.Adapter.ReceiveAsync(FacebookWebhookSigner.CreateHandshake("wrong-token", "42"), default);

        Assert.NotEmpty(host.Logs.Entries);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains(FacebookHost.AppSecret, StringComparison.Ordinal)
            || e.Message.Contains("wrong-token", StringComparison.Ordinal)
            || e.Message.Contains(FacebookHost.VerifyToken, StringComparison.Ordinal)
            || e.Message.Contains("hasn't arrived", StringComparison.Ordinal));
    }

    private static ValueTask<WebhookResult> Post(FacebookHost host, byte[] body, string header)
        => host.Adapter.ReceiveAsync(WebhookRequest.Post("/webhooks/facebook", body, new Dictionary<string, string> { [FacebookDefaults.SignatureHeader] = header }), default);
}
