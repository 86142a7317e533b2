using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SocialCare.Testing.Meta;

namespace SocialCare.Testing.Tests.Meta;

/// <summary>The Graph API emulator speaking the WhatsApp Cloud API (meta.md §7–§8), through a real <c>HttpClient</c>.</summary>
public sealed class GraphApiEmulatorWhatsAppTests : IDisposable
{
    private const string Token = "EAAG-test-token";
    private const string Messages = "v25.0/109283746501234/messages";
    private const string WabaId = "118273645501928";
    private const string PhoneNumberId = "109283746501234";

    private readonly FakeTimeProvider _time = new();
    private readonly GraphApiEmulator _emulator;
    private readonly HttpClient _client;

    public GraphApiEmulatorWhatsAppTests()
    {
        _emulator = new GraphApiEmulator(_time);
        _client = new HttpClient(_emulator) { BaseAddress = new Uri("https://graph.facebook.com/") };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public void Dispose()
    {
        _client.Dispose();
        _emulator.Dispose();
    }

    [Fact]
    public async Task SendText_AnswersAcceptedWithAUniqueWamid_AndRecordsTheRequest()
    {
        const string Body = """{"messaging_product":"whatsapp","recipient_type":"individual","to":"+447700900123","type":"text","text":{"body":"Hello"}}""";

        var (status1, first) = await PostAsync(Body);
        var (status2, second) = await PostAsync(Body);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (status1, status2));
        var root = first;
        Assert.Equal("whatsapp", root.GetProperty("messaging_product").GetString());
        var contact = Assert.Single(root.GetProperty("contacts").EnumerateArray());
        Assert.Equal("+447700900123", contact.GetProperty("input").GetString());
        Assert.Equal("447700900123", contact.GetProperty("wa_id").GetString());
        var message = Assert.Single(root.GetProperty("messages").EnumerateArray());
        Assert.Equal("accepted", message.GetProperty("message_status").GetString());
        var wamid1 = message.GetProperty("id").GetString()!;
        var wamid2 = second.GetProperty("messages")[0].GetProperty("id").GetString()!;
        Assert.StartsWith("wamid.", wamid1, StringComparison.Ordinal);
        Assert.True(wamid1.Length > 20);
        Assert.NotEqual(wamid1, wamid2);

        Assert.Equal(2, _emulator.Requests.Count);
        var recorded = _emulator.Requests[0];
        Assert.Equal(("POST", "/v25.0/109283746501234/messages", Body), (recorded.Method, recorded.Path, recorded.Body));
        Assert.Equal("Bearer " + Token, recorded.Authorization);
        Assert.Equal("application/json", recorded.ContentType);
    }

    [Fact]
    public async Task SendToABusinessScopedUserId_AnswersUserIdInsteadOfWaId()
    {
        var (status, json) = await PostAsync("""{"messaging_product":"whatsapp","recipient":"BR.5019283746510293","type":"text","text":{"body":"Hi"}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        var contact = json.GetProperty("contacts")[0];
        Assert.Equal("BR.5019283746510293", contact.GetProperty("input").GetString());
        Assert.Equal("BR.5019283746510293", contact.GetProperty("user_id").GetString());
        Assert.False(contact.TryGetProperty("wa_id", out _));
    }

    [Theory]
    [InlineData("""{"messaging_product":"whatsapp","status":"read","message_id":"wamid.HBgLMTIz"}""")]
    [InlineData("""{"messaging_product":"whatsapp","status":"read","message_id":"wamid.HBgLMTIz","typing_indicator":{"type":"text"}}""")]
    public async Task MarkAsRead_AnswersSuccess(string body)
    {
        var (status, json) = await PostAsync(body);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(json.GetProperty("success").GetBoolean());
    }

    [Theory]
    [InlineData("""{"messaging_product":"whatsapp","to":"447700900123","text":{"body":"Hi"}}""", "type")]
    [InlineData("""{"messaging_product":"whatsapp","to":"447700900123","type":"telegram","telegram":{}}""", "type")]
    [InlineData("""{"messaging_product":"whatsapp","type":"text","text":{"body":"Hi"}}""", "to")]
    [InlineData("""{"messaging_product":"whatsapp","to":"447700900123","type":"image"}""", "image")]
    [InlineData("""{"messaging_product":"whatsapp","status":"read"}""", "message_id")]
    public async Task InvalidSend_AnswersError100WithDetails(string body, string named)
    {
        var (status, json) = await PostAsync(body);

        AssertCloudApiError(status, json, HttpStatusCode.BadRequest, 100, named);
    }

    [Fact]
    public async Task TextLongerThan4096Characters_AnswersError100()
    {
        var (tooLong, error) = await PostAsync(TextBody(new string('a', 4097)));
        var (longest, _) = await PostAsync(TextBody(new string('a', 4096)));

        AssertCloudApiError(tooLong, error, HttpStatusCode.BadRequest, 100, "4096");
        Assert.Equal(HttpStatusCode.OK, longest);
    }

    [Fact]
    public async Task NoBearerToken_AnswersError190()
    {
        _client.DefaultRequestHeaders.Authorization = null;

        var (status, json) = await PostAsync(TextBody("Hi"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(190, json.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("OAuthException", json.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task FailNext_ReEngagement_FailsOnlyTheNextCallWithDetails()
    {
        _emulator.FailNext(400, 131047, "More than 24 hours have passed since the recipient last replied to this business number.");

        var (status, json) = await PostAsync(TextBody("Hi"));
        var (next, _) = await PostAsync(TextBody("Hi"));

        AssertCloudApiError(status, json, HttpStatusCode.BadRequest, 131047, "24 hours");
        Assert.Equal("(#131047) Re-engagement message", json.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, next);
    }

    [Fact]
    public async Task FailNext_Throughput_AddsRetryAfter()
    {
        _emulator.FailNext(429, 130429, "Cloud API message throughput has been reached.", retryAfter: TimeSpan.FromSeconds(7));

        using var response = await _client.PostAsync(Messages, Json(TextBody("Hi")));
        var json = await ReadJsonAsync(response);

        AssertCloudApiError(response.StatusCode, json, (HttpStatusCode)429, 130429, "throughput");
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
    }

    [Theory]
    [InlineData(400, 131056)]
    [InlineData(400, 132001)]
    [InlineData(401, 190)]
    [InlineData(400, 100)]
    public async Task FailNext_AnyCloudApiCode_IsWrittenAsGiven(int statusCode, int code)
    {
        _emulator.FailNext(statusCode, code, "details of " + code, message: "custom", subcode: 2494010);

        var (status, json) = await PostAsync(TextBody("Hi"));

        AssertCloudApiError(status, json, (HttpStatusCode)statusCode, code, "details of");
        Assert.Equal("custom", json.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(2494010, json.GetProperty("error").GetProperty("error_subcode").GetInt32());
    }

    [Fact]
    public async Task MessengerSend_StillAnswersRecipientAndMessageId()
    {
        using var response = await _client.PostAsync("v25.0/104857392016485/messages", Json("""{"recipient":{"id":"6120938475612093"},"messaging_type":"RESPONSE","message":{"text":"Hi"}}"""));
        var json = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("6120938475612093", json.GetProperty("recipient_id").GetString());
        Assert.StartsWith("m_emu_", json.GetProperty("message_id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MediaFlow_DescribesThenServesTheBytes()
    {
        var bytes = Encoding.UTF8.GetBytes("not really a jpeg");
        _emulator.AddMedia("1827364509182736", bytes, "image/jpeg");

        var root = await GetJsonAsync("v25.0/1827364509182736");
        var url = root.GetProperty("url").GetString()!;
        using var download = await _client.GetAsync(url);

        Assert.Equal("whatsapp", root.GetProperty("messaging_product").GetString());
        Assert.StartsWith("https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1827364509182736&ext=", url, StringComparison.Ordinal);
        Assert.Contains("&hash=", url, StringComparison.Ordinal);
        Assert.Equal("image/jpeg", root.GetProperty("mime_type").GetString());
        Assert.Equal(bytes.Length, root.GetProperty("file_size").GetInt32());
        Assert.Equal("1827364509182736", root.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("image/jpeg", download.Content.Headers.ContentType?.MediaType);
        var served = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(bytes, served);
        Assert.Equal(root.GetProperty("sha256").GetString(), Convert.ToBase64String(SHA256.HashData(served)));
        Assert.Equal("Bearer " + Token, _emulator.Requests[^1].Authorization);
    }

    [Fact]
    public async Task MediaUrl_WithoutBearer_Answers401()
    {
        _emulator.AddMedia("m1", [1, 2, 3], "audio/ogg; codecs=opus");
        var url = await MediaUrlAsync("m1");
        using var anonymous = new HttpClient(_emulator, disposeHandler: false);

        using var response = await anonymous.GetAsync(url);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task MediaUrl_ExpiresAfterItsLifetime()
    {
        _emulator.AddMedia("m1", [1, 2, 3], "audio/ogg; codecs=opus");
        Assert.Equal(TimeSpan.FromMinutes(5), _emulator.MediaUrlLifetime);
        var url = await MediaUrlAsync("m1");

        _time.Advance(TimeSpan.FromMinutes(4));
        using var stillValid = await _client.GetAsync(url);
        _time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        using var expired = await _client.GetAsync(url);
        using var fresh = await _client.GetAsync(await MediaUrlAsync("m1"));

        Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
        Assert.Equal("audio/ogg; codecs=opus", stillValid.Content.Headers.ContentType?.ToString());
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task MediaUrlLifetime_IsConfigurable()
    {
        _emulator.MediaUrlLifetime = TimeSpan.FromSeconds(30);
        _emulator.AddMedia("m1", [1], "image/webp");
        var url = await MediaUrlAsync("m1");

        _time.Advance(TimeSpan.FromSeconds(31));
        using var expired = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        Assert.Throws<ArgumentOutOfRangeException>(() => _emulator.MediaUrlLifetime = TimeSpan.Zero);
    }

    [Fact]
    public async Task ExpireMediaUrls_ExpiresEveryIssuedUrl_AndEachLookupIssuesAFreshOne()
    {
        _emulator.AddMedia("m1", [1, 2, 3], "application/pdf");
        var first = await MediaUrlAsync("m1");
        var second = await MediaUrlAsync("m1");

        _emulator.ExpireMediaUrls();
        using var expiredFirst = await _client.GetAsync(first);
        using var expiredSecond = await _client.GetAsync(second);
        using var fresh = await _client.GetAsync(await MediaUrlAsync("m1"));

        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.NotFound, expiredFirst.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, expiredSecond.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task UnknownMediaId_AnswersError100()
    {
        using var response = await _client.GetAsync("v25.0/999999");
        var json = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(100, json.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task MediaLookup_WithoutBearer_AnswersError190()
    {
        _emulator.AddMedia("m1", [1], "image/png");
        _client.DefaultRequestHeaders.Authorization = null;

        using var response = await _client.GetAsync("v25.0/m1");
        var json = await ReadJsonAsync(response);

        Assert.Equal(190, json.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public void AddMedia_RejectsWhatIsNotAMediaType()
    {
        Assert.Throws<ArgumentException>(() => _emulator.AddMedia("m1", [1], "not a media type"));
    }

    [Fact]
    public void TextWebhook_HasTheFixturesShape()
    {
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(1795199400);
        var body = GraphApiEmulator.WhatsAppTextWebhook(WabaId, PhoneNumberId, "447700900123", "GB.1839201746502938", "Oliver Hughes", "wamid.HBgMNDQ3", "Hello", sentAt);

        // The fixture carries the BSUID on the contact only; the builder also writes messages[0].from_user_id (meta.md §7.6).
        AssertSameShape("whatsapp-text.json", body, "entry[].changes[].value.messages[].from_user_id:String");
        using var json = JsonDocument.Parse(body);
        var value = Value(json);
        Assert.Equal(WabaId, json.RootElement.GetProperty("entry")[0].GetProperty("id").GetString());
        Assert.Equal(PhoneNumberId, value.GetProperty("metadata").GetProperty("phone_number_id").GetString());
        var contact = value.GetProperty("contacts")[0];
        Assert.Equal(("Oliver Hughes", "447700900123", "GB.1839201746502938"), (contact.GetProperty("profile").GetProperty("name").GetString(), contact.GetProperty("wa_id").GetString(), contact.GetProperty("user_id").GetString()));
        var message = value.GetProperty("messages")[0];
        Assert.Equal(("447700900123", "GB.1839201746502938", "wamid.HBgMNDQ3", "1795199400", "text", "Hello"), (message.GetProperty("from").GetString(), message.GetProperty("from_user_id").GetString(), message.GetProperty("id").GetString(), message.GetProperty("timestamp").GetString(), message.GetProperty("type").GetString(), message.GetProperty("text").GetProperty("body").GetString()));
    }

    [Fact]
    public void TextWebhook_WithoutUserId_HasNoUserIds()
    {
        var body = GraphApiEmulator.WhatsAppTextWebhook(WabaId, PhoneNumberId, "447700900123", null, "Oliver", "wamid.A", "Hi", FakeTimeProvider.DefaultStart);

        var shape = Shape(body);

        Assert.DoesNotContain(shape, path => path.Contains("user_id", StringComparison.Ordinal));
        Assert.Contains("entry[].changes[].value.messages[].from:String", shape);
    }

    [Theory]
    [InlineData("sent", "whatsapp-status-sent.json")]
    [InlineData("delivered", "whatsapp-status-delivered.json")]
    [InlineData("read", "whatsapp-status-read.json")]
    public void StatusWebhook_HasTheFixturesShape(string status, string fixture)
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(1795199800);
        var body = GraphApiEmulator.WhatsAppStatusWebhook(WabaId, PhoneNumberId, "wamid.X", status, "447700900123", at);

        AssertSameShape(fixture, body);
        using var json = JsonDocument.Parse(body);
        var item = Value(json).GetProperty("statuses")[0];
        Assert.Equal(("wamid.X", status, "1795199800", "447700900123"), (item.GetProperty("id").GetString(), item.GetProperty("status").GetString(), item.GetProperty("timestamp").GetString(), item.GetProperty("recipient_id").GetString()));
        Assert.Equal("free_customer_service", item.GetProperty("pricing").GetProperty("type").GetString());
    }

    [Fact]
    public void FailedStatusWebhook_HasTheFixturesShape_AndTheCallbackData()
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(1795199900);
        var plain = GraphApiEmulator.WhatsAppStatusWebhook(WabaId, PhoneNumberId, "wamid.Y", "failed", "5511987650043", at, errorCode: 131047, errorDetails: "More than 24 hours have passed.");
        var withCallback = GraphApiEmulator.WhatsAppStatusWebhook(WabaId, PhoneNumberId, "wamid.Y", "failed", "5511987650043", at, callbackData: "ticket=123", errorCode: 131047);

        AssertSameShape("whatsapp-status-failed.json", plain);
        using var json = JsonDocument.Parse(plain);
        var error = Value(json).GetProperty("statuses")[0].GetProperty("errors")[0];
        Assert.Equal((131047, "Re-engagement message", "Re-engagement message", "More than 24 hours have passed."), (error.GetProperty("code").GetInt32(), error.GetProperty("title").GetString(), error.GetProperty("message").GetString(), error.GetProperty("error_data").GetProperty("details").GetString()));
        using var callback = JsonDocument.Parse(withCallback);
        Assert.Equal("ticket=123", Value(callback).GetProperty("statuses")[0].GetProperty("biz_opaque_callback_data").GetString());
    }

    [Fact]
    public void MediaWebhook_HasTheFixturesShape_WithoutWhatOnlyTheBytesGive()
    {
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(1795199430);
        var body = GraphApiEmulator.WhatsAppMediaWebhook(WabaId, PhoneNumberId, "447700900123", "Oliver Hughes", "wamid.Z", "image", "1827364509182736", "image/jpeg", "This is how it arrived", sentAt);

        var fixture = Shape(Fixture("whatsapp-image.json")).Where(p => !p.Contains("user_id", StringComparison.Ordinal)).ToHashSet();
        var missing = fixture.Except(Shape(body)).Order(StringComparer.Ordinal).ToArray();

        Assert.Subset(fixture, Shape(body));
        Assert.Equal(["entry[].changes[].value.messages[].image.sha256:String", "entry[].changes[].value.messages[].image.url:String"], missing);
        using var json = JsonDocument.Parse(body);
        var image = Value(json).GetProperty("messages")[0].GetProperty("image");
        Assert.Equal(("1827364509182736", "image/jpeg", "This is how it arrived"), (image.GetProperty("id").GetString(), image.GetProperty("mime_type").GetString(), image.GetProperty("caption").GetString()));
    }

    [Fact]
    public void MediaWebhook_RejectsAKindThatIsNotMedia()
    {
        Assert.Throws<ArgumentException>(() => GraphApiEmulator.WhatsAppMediaWebhook(WabaId, PhoneNumberId, "1", "n", "wamid.Z", "text", "m1", "text/plain", null, FakeTimeProvider.DefaultStart));
    }

    private static string TextBody(string text)
        => $$$"""{"messaging_product":"whatsapp","to":"447700900123","type":"text","text":{"body":"{{{text}}}"}}""";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private async Task<(HttpStatusCode Status, JsonElement Json)> PostAsync(string body)
    {
        using var response = await _client.PostAsync(Messages, Json(body));
        return (response.StatusCode, await ReadJsonAsync(response));
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    private async Task<string> MediaUrlAsync(string mediaId)
    {
        var json = await GetJsonAsync("v25.0/" + mediaId);
        return json.GetProperty("url").GetString()!;
    }

    private static void AssertCloudApiError(HttpStatusCode status, JsonElement json, HttpStatusCode expectedStatus, int code, string detailsContain)
    {
        Assert.Equal(expectedStatus, status);
        var error = json.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.Equal("OAuthException", error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("fbtrace_id").GetString()));
        Assert.Equal("whatsapp", error.GetProperty("error_data").GetProperty("messaging_product").GetString());
        Assert.Contains(detailsContain, error.GetProperty("error_data").GetProperty("details").GetString(), StringComparison.Ordinal);
    }

    private static void AssertSameShape(string fixture, byte[] body, params string[] extra)
    {
        var expected = Shape(Fixture(fixture));
        expected.UnionWith(extra);
        var actual = Shape(body);
        Assert.Equal(string.Empty, string.Join("\n", expected.Except(actual).Select(p => "missing " + p).Concat(actual.Except(expected).Select(p => "extra " + p))));
    }

    private static JsonElement Value(JsonDocument json)
        => json.RootElement.GetProperty("entry")[0].GetProperty("changes")[0].GetProperty("value");

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    /// <summary>Every key path with its value kind, such as <c>entry[].changes[].value.messages[].timestamp:String</c>.</summary>
    private static HashSet<string> Shape(byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        var paths = new HashSet<string>(StringComparer.Ordinal);
        Walk(json.RootElement, string.Empty, paths);
        return paths;
    }

    private static void Walk(JsonElement element, string path, HashSet<string> paths)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, path.Length == 0 ? property.Name : path + "." + property.Name, paths);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, path + "[]", paths);
                }

                break;
            case JsonValueKind.True or JsonValueKind.False:
                paths.Add(path + ":Boolean");
                break;
            default:
                paths.Add(path + ":" + element.ValueKind);
                break;
        }
    }
}
