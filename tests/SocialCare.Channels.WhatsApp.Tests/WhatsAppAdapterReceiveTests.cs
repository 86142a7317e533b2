using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SocialCare.Abstractions;
using SocialCare.Channels.Meta;

namespace SocialCare.Channels.WhatsApp.Tests;

public sealed class WhatsAppAdapterReceiveTests
{
    private static readonly byte[] Text = Fixtures.Read("whatsapp-text.json");

    /// <summary>Personal data in the shared fixtures (phones, names, texts) that must never reach a log.</summary>
    private static readonly string[] PersonalData =
    [
        "447700900123", "5511987650043", "4915112345678", "447700900987", "447700900456",
        "Oliver Hughes", "Beatriz Lima", "Jonas Weber", "Rafa",
        "Hello, I need to change the delivery address", "prefer not to share my number", "Guten Tag", "Obrigada",
        "ainda tem o modelo azul", "Is this still valid?",
    ];

    public static TheoryData<string> WhatsAppFixtures() => new(Fixtures.Names("whatsapp-*.json"));

    private static string SignatureOf(string file, string header = "x_hub_signature_256")
    {
        using var signatures = JsonDocument.Parse(Fixtures.Read("_signatures.json"));
        return signatures.RootElement.GetProperty("files").GetProperty(file).GetProperty(header).GetString()!;
    }

    private static int ExpectedEvents(string file)
    {
        using var expected = JsonDocument.Parse(Fixtures.Read("_expected.json"));
        return expected.RootElement.GetProperty("files").GetProperty(file).EnumerateArray()
            .Count(e => e.GetProperty("kind").GetString() != "value_error");
    }

    // ------------------------------------------------------------------ signatures

    [Theory]
    [MemberData(nameof(WhatsAppFixtures))]
    public async Task Receive_SharedFixtureWithMetasSignature_IsVerifiedAndParsed(string file)
    {
        await using var host = new WhatsAppHost();
        var body = Fixtures.Read(file);
        var expected = ExpectedEvents(file);

        var result = await host.ReceiveAsync(WhatsAppHost.WithSignature(body, SignatureOf(file)));

        Assert.Equal(200, result.StatusCode);
        if (expected == 0)
        {
            // whatsapp-value-errors.json: an error report, no event.
            Assert.Equal(WebhookOutcome.Ignored, result.Outcome);
        }
        else
        {
            Assert.Equal(WebhookOutcome.Accepted, result.Outcome);
            Assert.Equal(expected, result.Events.Count);
            Assert.All(result.Events, e => Assert.Equal(ChannelId.WhatsApp, e.Event.Key.Channel));
        }
    }

    [Fact]
    public async Task Receive_SignedWithThePreviousSecret_IsAcceptedDuringRotation()
    {
        await using var host = new WhatsAppHost();

        var result = await host.ReceiveAsync(Text, WhatsAppHost.PreviousAppSecret);

        Assert.Equal(WebhookOutcome.Accepted, result.Outcome);
        Assert.Single(result.Events);
    }

    [Fact]
    public async Task Receive_SignedWithTheSecretOnceThePreviousIsRemoved_StillWorksAndTheOldOneDoesNot()
    {
        await using var host = new WhatsAppHost(o => o.PreviousAppSecret = null);

        Assert.Equal(WebhookOutcome.Accepted, (await host.ReceiveAsync(Text)).Outcome);
        Assert.Equal(WebhookRejection.InvalidSignature, (await host.ReceiveAsync(Text, WhatsAppHost.PreviousAppSecret)).Rejection);
    }

    [Fact]
    public async Task Receive_MissingHeader_Is401Missing()
    {
        await using var host = new WhatsAppHost();

        var result = await host.ReceiveAsync(Text, secret: null);

        Assert.Equal(WebhookOutcome.Rejected, result.Outcome);
        Assert.Equal(WebhookRejection.MissingSignature, result.Rejection);
        Assert.Equal(401, result.StatusCode);
        Assert.Empty(result.Events);
    }

    [Fact]
    public async Task Receive_OnlyTheLegacySha1Header_Is401NamingIt()
    {
        await using var host = new WhatsAppHost();
        var request = WebhookRequest.Post(WhatsAppHost.WebhookPath, Text, new Dictionary<string, string> { [MetaDefaults.LegacySignatureHeader] = SignatureOf("whatsapp-text.json", "x_hub_signature") });

        var result = await host.ReceiveAsync(request);

        Assert.Equal(WebhookRejection.MissingSignature, result.Rejection);
        Assert.Equal(401, result.StatusCode);
        Assert.Contains("X-Hub-Signature (SHA-1)", result.Reason, StringComparison.Ordinal);
        Assert.Contains("legacy", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sha1=")]
    [InlineData("SHA256=")]
    [InlineData("sha512=")]
    [InlineData("")]
    public async Task Receive_WrongPrefix_Is401Invalid(string prefix)
    {
        await using var host = new WhatsAppHost();
        var hex = MetaWebhookSigner.Sign(Text, WhatsAppHost.AppSecret)["sha256=".Length..];

        var result = await host.ReceiveAsync(WhatsAppHost.WithSignature(Text, prefix + hex));

        Assert.Equal(WebhookRejection.InvalidSignature, result.Rejection);
        Assert.Equal(401, result.StatusCode);
        Assert.Contains("sha256=", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(-64)]
    [InlineData(64)]
    public async Task Receive_HexOfWrongLength_Is401Invalid(int change)
    {
        await using var host = new WhatsAppHost();
        var header = MetaWebhookSigner.Sign(Text, WhatsAppHost.AppSecret);
        header = change < 0 ? header[..^(-change)] : header + new string('a', change);

        var result = await host.ReceiveAsync(WhatsAppHost.WithSignature(Text, header));

        Assert.Equal(WebhookRejection.InvalidSignature, result.Rejection);
        Assert.Contains("64 hexadecimal", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receive_NotHexadecimal_Is401Invalid()
    {
        await using var host = new WhatsAppHost();

        var result = await host.ReceiveAsync(WhatsAppHost.WithSignature(Text, "sha256=" + new string('z', 64)));

        Assert.Equal(WebhookRejection.InvalidSignature, result.Rejection);
        Assert.Equal(401, result.StatusCode);
    }

    [Fact]
    public async Task Receive_WrongDigest_Is401Invalid()
    {
        await using var host = new WhatsAppHost();

        var result = await host.ReceiveAsync(Text, "some-other-secret");

        Assert.Equal(WebhookRejection.InvalidSignature, result.Rejection);
        Assert.Equal(401, result.StatusCode);
        Assert.Empty(result.Events);
    }

    [Fact]
    public async Task Receive_UppercaseHexOfTheRightDigest_IsAccepted()
    {
        await using var host = new WhatsAppHost();
        var header = "sha256=" + MetaWebhookSigner.Sign(Text, WhatsAppHost.AppSecret)["sha256=".Length..].ToUpperInvariant();

        var result = await host.ReceiveAsync(WhatsAppHost.WithSignature(Text, header));

        Assert.Equal(WebhookOutcome.Accepted, result.Outcome);
    }

    [Fact]
    public async Task Receive_BodyChangedByOneByte_Is401Invalid()
    {
        await using var host = new WhatsAppHost();
        var header = MetaWebhookSigner.Sign(Text, WhatsAppHost.AppSecret);
        var tampered = Text.ToArray();
        tampered[Array.IndexOf(tampered, (byte)'4')] = (byte)'5';

        var result = await host.ReceiveAsync(WhatsAppHost.WithSignature(tampered, header));

        Assert.Equal(WebhookRejection.InvalidSignature, result.Rejection);
        Assert.Empty(result.Events);
    }

    [Fact]
    public async Task Receive_LiteralUtf8BodySignedInItsEscapedForm_IsAcceptedByTheFallback()
    {
        await using var host = new WhatsAppHost();
        const string Escaped = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"118273645501928\",\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\","
            + "\"metadata\":{\"display_phone_number\":\"15557771234\",\"phone_number_id\":\"109283746501234\"},"
            + "\"contacts\":[{\"profile\":{\"name\":\"Jos\\u00e9\"},\"wa_id\":\"447700900123\"}],"
            + "\"messages\":[{\"from\":\"447700900123\",\"id\":\"wamid.U1\",\"timestamp\":\"1795199400\",\"type\":\"text\",\"text\":{\"body\":\"Caf\\u00e9 \\ud83d\\ude15 \\u00e4\\u00f6\\u00e5\"}}]},"
            + "\"field\":\"messages\"}]}]}";
        var literal = Encoding.UTF8.GetBytes(Escaped
            .Replace("\\u00e9", "é", StringComparison.Ordinal)
            .Replace("\\ud83d\\ude15", "😕", StringComparison.Ordinal)
            .Replace("\\u00e4\\u00f6\\u00e5", "äöå", StringComparison.Ordinal));
        Assert.Contains(literal, b => b >= 0x80);

        var result = await host.ReceiveAsync(WhatsAppHost.WithSignature(literal, MetaWebhookSigner.Sign(Encoding.ASCII.GetBytes(Escaped), WhatsAppHost.AppSecret)));

        Assert.Equal(WebhookOutcome.Accepted, result.Outcome);
        var received = Assert.IsType<MessageReceived>(Assert.Single(result.Events).Event);
        Assert.Equal("Café 😕 äöå", Assert.IsType<TextPart>(Assert.Single(received.Parts)).Text);
    }

    [Fact]
    public async Task Receive_LiteralUtf8BodySignedWithAnotherSecret_IsStill401()
    {
        await using var host = new WhatsAppHost();
        var body = Encoding.UTF8.GetBytes("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"x\":\"Café\"}]}");

        var result = await host.ReceiveAsync(body, "some-other-secret");

        Assert.Equal(WebhookRejection.InvalidSignature, result.Rejection);
    }

    // ------------------------------------------------------------------ payloads

    [Theory]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":")]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task Receive_MalformedJsonWithAValidSignature_Is400(string json)
    {
        await using var host = new WhatsAppHost();

        var result = await host.ReceiveAsync(Encoding.UTF8.GetBytes(json));

        Assert.Equal(WebhookOutcome.Rejected, result.Outcome);
        Assert.Equal(WebhookRejection.MalformedPayload, result.Rejection);
        Assert.Equal(400, result.StatusCode);
    }

    [Fact]
    public async Task Receive_MalformedJsonWithABadSignature_IsRejectedForTheSignatureFirst()
    {
        await using var host = new WhatsAppHost();

        var result = await host.ReceiveAsync("{not json"u8.ToArray(), "wrong-secret");

        Assert.Equal(WebhookRejection.InvalidSignature, result.Rejection);
    }

    [Fact]
    public async Task Receive_PageObject_IsIgnoredWith200()
    {
        await using var host = new WhatsAppHost();

        var result = await host.ReceiveAsync(Fixtures.Read("messenger-text.json"));

        Assert.Equal(WebhookOutcome.Ignored, result.Outcome);
        Assert.Equal(200, result.StatusCode);
        Assert.Empty(result.Events);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 3001 && e.Level == LogLevel.Debug && e.Message.Contains("'page'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Receive_OnlyNonMessageFields_IsIgnoredWithADebugLog()
    {
        await using var host = new WhatsAppHost();
        var body = """
            {"object":"whatsapp_business_account","entry":[{"id":"118273645501928","changes":[
              {"value":{"phone_number":"15557771234","event":"VERIFIED_ACCOUNT"},"field":"account_update"},
              {"value":{"message_template_id":12345678,"event":"APPROVED"},"field":"message_template_status_update"}]}]}
            """u8.ToArray();

        var result = await host.ReceiveAsync(body);

        Assert.Equal(WebhookOutcome.Ignored, result.Outcome);
        Assert.Equal(200, result.StatusCode);
        var log = Assert.Single(host.Logs.Entries, e => e.EventId.Id == 3002);
        Assert.Equal(LogLevel.Debug, log.Level);
        Assert.Contains("account_update", log.Message, StringComparison.Ordinal);
        Assert.Contains("message_template_status_update", log.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("15557771234", log.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receive_ValueErrors_IsIgnoredWithAWarningNamingTheCode()
    {
        await using var host = new WhatsAppHost();

        var result = await host.ReceiveAsync(Fixtures.Read("whatsapp-value-errors.json"));

        Assert.Equal(WebhookOutcome.Ignored, result.Outcome);
        Assert.Equal(200, result.StatusCode);
        var log = Assert.Single(host.Logs.Entries, e => e.EventId.Id == 3003);
        Assert.Equal(LogLevel.Warning, log.Level);
        Assert.Contains("131000", log.Message, StringComparison.Ordinal);
        Assert.Contains(WhatsAppHost.PhoneNumberId, log.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receive_BatchOfTwoNumbers_KeepsEachEventsAccount()
    {
        await using var host = new WhatsAppHost();

        var result = await host.ReceiveAsync(Fixtures.Read("whatsapp-batch-multiple-entries.json"));

        Assert.Equal(WebhookOutcome.Accepted, result.Outcome);
        Assert.Contains(result.Events, e => e.Event.Conversation.Account.Value == WhatsAppHost.PhoneNumberId);
        Assert.Contains(result.Events, e => e.Event.Conversation.Account.Value == WhatsAppHost.SecondPhoneNumberId);
    }

    // ------------------------------------------------------------------ handshake and methods

    [Fact]
    public async Task Handshake_RightToken_EchoesTheChallengeVerbatim()
    {
        await using var host = new WhatsAppHost();

        var result = await host.ReceiveAsync(MetaWebhookSigner.CreateHandshake(WhatsAppHost.VerifyToken, "1158201444", WhatsAppHost.WebhookPath));

        Assert.Equal(WebhookOutcome.Handshake, result.Outcome);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal("1158201444", result.Body);
        Assert.Equal("text/plain", result.ContentType);
    }

    [Fact]
    public async Task Handshake_ThroughThePipeline_EchoesTheChallengeVerbatim()
    {
        await using var host = new WhatsAppHost();

        var response = await host.Handshake(WhatsAppHost.VerifyToken, "a-Challenge_with.odd~chars 42");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("a-Challenge_with.odd~chars 42", response.Body);
    }

    [Theory]
    [InlineData("subscribe", "wrong-token", "123")]
    [InlineData("subscribe", "", "123")]
    [InlineData("subscribe", "VT-3F9C2E71A8", "123")]
    [InlineData("unsubscribe", WhatsAppHost.VerifyToken, "123")]
    [InlineData("", WhatsAppHost.VerifyToken, "123")]
    [InlineData("subscribe", WhatsAppHost.VerifyToken, "")]
    public async Task Handshake_WrongTokenModeOrChallenge_Is403(string mode, string token, string challenge)
    {
        await using var host = new WhatsAppHost();
        var query = new Dictionary<string, string> { ["hub.mode"] = mode, ["hub.verify_token"] = token, ["hub.challenge"] = challenge };

        var result = await host.ReceiveAsync(WebhookRequest.Get(WhatsAppHost.WebhookPath, query));

        Assert.Equal(WebhookRejection.HandshakeFailed, result.Rejection);
        Assert.Equal(403, result.StatusCode);
        Assert.Null(result.Body);
    }

    [Fact]
    public async Task Handshake_WrongTokenThroughThePipeline_Is403()
    {
        await using var host = new WhatsAppHost();

        var response = await host.Handshake("wrong-token", "42");

        Assert.Equal(403, response.StatusCode);
        Assert.Null(response.Body);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task Receive_OtherMethods_Are405(string method)
    {
        await using var host = new WhatsAppHost();

        var result = await host.ReceiveAsync(new WebhookRequest(method, WhatsAppHost.WebhookPath, Text) { Headers = WhatsAppHost.Signed(Text).Headers });

        Assert.Equal(WebhookRejection.MethodNotAllowed, result.Rejection);
        Assert.Equal(405, result.StatusCode);
    }

    // ------------------------------------------------------------------ pipeline and logs

    [Fact]
    public async Task Post_ThroughThePipeline_Answers200AndOpensATicket()
    {
        await using var host = new WhatsAppHost();

        var response = await host.Post(Text);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(WebhookOutcome.Accepted, response.Outcome);
    }

    [Fact]
    public async Task Receive_EveryFixtureAndEveryRejection_LogsNoPersonalDataSecretOrToken()
    {
        await using var host = new WhatsAppHost();
        foreach (var file in Fixtures.Names("whatsapp-*.json"))
        {
            var body = Fixtures.Read(file);
            await host.ReceiveAsync(body);
            await host.ReceiveAsync(body, "wrong-secret");
            await host.ReceiveAsync(body, secret: null);
        }

        await host.ReceiveAsync("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"447700900123\""u8.ToArray());
        await host.ReceiveAsync(MetaWebhookSigner.CreateHandshake("wrong-token", "42", WhatsAppHost.WebhookPath));
        await host.ReceiveAsync(MetaWebhookSigner.CreateHandshake(WhatsAppHost.VerifyToken, "42", WhatsAppHost.WebhookPath));

        Assert.NotEmpty(host.Logs.Entries);
        foreach (var entry in host.Logs.Entries)
        {
            foreach (var secret in PersonalData.Concat([WhatsAppHost.AppSecret, WhatsAppHost.PreviousAppSecret, WhatsAppHost.VerifyToken, "wrong-token", "wrong-secret"]))
            {
                Assert.DoesNotContain(secret, entry.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Post_TextThroughThePipeline_LogsNoPersonalData()
    {
        await using var host = new WhatsAppHost();

        await host.Post(Text);
        await host.Post(Fixtures.Read("whatsapp-bsuid-no-phone.json"));
        await host.Post(Fixtures.Read("whatsapp-status-failed.json"));

        Assert.NotEmpty(host.Logs.Entries);
        foreach (var entry in host.Logs.Entries.Where(e => e.Level >= LogLevel.Debug))
        {
            foreach (var value in PersonalData)
            {
                Assert.DoesNotContain(value, entry.Message, StringComparison.Ordinal);
            }
        }
    }
}
