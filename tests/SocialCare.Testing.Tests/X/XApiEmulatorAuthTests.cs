using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SocialCare.Testing.Tests.X;

/// <summary>The emulator's authentication: its own OAuth 1.0a check, bearer tokens, and the OAuth 2.0 token endpoint with rotation.</summary>
public sealed class XApiEmulatorAuthTests
{
    private const string Dm = "2/dm_conversations/with/1402938475610284033/messages";

    [Fact]
    public async Task OAuth1_TheDocumentedReferenceRequest_IsAccepted_AndTheTwitterHostSignatureIsNot()
    {
        // docs.x.com "Creating a signature": POST https://api.x.com/1.1/statuses/update.json at 1318622958.
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1318622958));
        using var x = new XApiEmulator(time);
        x.AddAccount("370773112", "xvz1evFS4wEEPTGEFPHBog", "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw", "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE");
        using var http = new HttpClient(x);

        var refused = await http.SendAsync(Reference("hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D"));
        var accepted = await http.SendAsync(Reference("Ls93hJiZbQ3akF3HF3x1Bz8%2FzU4%3D"));

        Assert.Equal(HttpStatusCode.NotFound, accepted.StatusCode); // authenticated; the v1.1 endpoint is not emulated
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(32, (await Json(refused)).GetProperty("errors")[0].GetProperty("code").GetInt32());

        static HttpRequestMessage Reference(string signature)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "https://api.x.com/1.1/statuses/update.json?include_entities=true")
            {
                Content = new StringContent("status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21", Encoding.UTF8, "application/x-www-form-urlencoded"),
            };
            request.Headers.TryAddWithoutValidation(
                "Authorization",
                "OAuth oauth_consumer_key=\"xvz1evFS4wEEPTGEFPHBog\", oauth_nonce=\"kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg\", "
                + $"oauth_signature=\"{signature}\", oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"1318622958\", "
                + "oauth_token=\"370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb\", oauth_version=\"1.0\"");
            return request;
        }
    }

    [Fact]
    public async Task OAuth1_SignedRequest_ActsForTheAccount()
    {
        using var client = new XTestClient();

        var response = await client.SignedAsync(HttpMethod.Post, Dm, """{"text":"Hi"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(XTestClient.UserId, Assert.Single(client.X.DirectMessages).SenderId);
    }

    [Fact]
    public async Task OAuth1_WrongSecret_Is32()
    {
        using var client = new XTestClient();

        var response = await client.SignedAsync(HttpMethod.Post, Dm, """{"text":"Hi"}""", tokenSecret: "wrong");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"errors":[{"code":32,"message":"Could not authenticate you."}]}""", await response.Content.ReadAsStringAsync());
        Assert.Empty(client.X.DirectMessages);
    }

    [Fact]
    public async Task OAuth1_SignatureOverAnotherQuery_Is32()
    {
        using var client = new XTestClient();
        var signedFor = new Uri("https://api.x.com/2/tweets/search/recent?query=nimbus");
        var request = new HttpRequestMessage(HttpMethod.Get, "https://api.x.com/2/tweets/search/recent?query=other");
        request.Headers.Authorization = new AuthenticationHeaderValue("OAuth", XTestClient.OAuthParameters(
            "GET", signedFor, XTestClient.ConsumerKey, XTestClient.ConsumerSecret, XTestClient.Token, XTestClient.TokenSecret, "n1", client.Time.GetUtcNow().ToUnixTimeSeconds()));

        var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task OAuth1_StaleTimestamp_Is135()
    {
        using var client = new XTestClient();

        var response = await client.SignedAsync(HttpMethod.Post, Dm, """{"text":"Hi"}""", timestamp: client.Time.GetUtcNow().AddMinutes(-6).ToUnixTimeSeconds());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(135, (await Json(response)).GetProperty("errors")[0].GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task OAuth1_ReusedNonce_IsRefused()
    {
        using var client = new XTestClient();

        var first = await client.SignedAsync(HttpMethod.Post, Dm, """{"text":"One"}""", nonce: "same");
        var second = await client.SignedAsync(HttpMethod.Post, Dm, """{"text":"Two"}""", nonce: "same");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
    }

    [Fact]
    public async Task OAuth1_MalformedHeader_Is215()
    {
        using var client = new XTestClient();
        var request = new HttpRequestMessage(HttpMethod.Post, Dm) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", "OAuth oauth_token=nope");

        var response = await client.Http.SendAsync(request);

        Assert.Equal(215, (await Json(response)).GetProperty("errors")[0].GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("unknown-token")]
    public async Task Bearer_MissingOrUnknown_Is401(string? token)
    {
        using var client = new XTestClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "2/tweets") { Content = new StringContent("""{"text":"Hi"}""", Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"title":"Unauthorized","detail":"Unauthorized","type":"about:blank","status":401}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bearer_ExpiredOrRevoked_Is401()
    {
        using var client = new XTestClient();
        client.X.AddBearer("short", XTestClient.UserId, client.Time.GetUtcNow().AddMinutes(1));

        var before = await client.BearerAsync(HttpMethod.Post, "2/tweets", "short", """{"text":"One"}""");
        client.Time.Advance(TimeSpan.FromMinutes(1));
        var after = await client.BearerAsync(HttpMethod.Post, "2/tweets", "short", """{"text":"Two"}""");
        client.X.RevokeBearer(XTestClient.UserBearer);
        var revoked = await client.BearerAsync(HttpMethod.Post, "2/tweets", XTestClient.UserBearer, """{"text":"Three"}""");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (before.StatusCode, after.StatusCode, revoked.StatusCode));
    }

    [Theory]
    [InlineData("2/tweets", """{"text":"Hi"}""")]
    [InlineData(Dm, """{"text":"Hi"}""")]
    public async Task AppOnlyBearer_CannotSend(string path, string json)
    {
        using var client = new XTestClient();

        var response = await client.BearerAsync(HttpMethod.Post, path, XTestClient.AppBearer, json);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Unsupported Authentication", (await Json(response)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task TokenEndpoint_RotatesRefreshTokens_AndRefusesASpentOneWithInvalidGrant()
    {
        using var client = new XTestClient();
        client.X.OAuth2ClientId = "client";
        client.X.AddRefreshToken("r1", XTestClient.UserId, "a2", "r2");

        var first = await Json(await Refresh(client, "r1", "client"));
        var spent = await Refresh(client, "r1", "client");
        var third = await Json(await Refresh(client, "r2", "client"));

        Assert.Equal(("a2", "r2", 7200, "bearer"), (first.GetProperty("access_token").GetString(), first.GetProperty("refresh_token").GetString(), first.GetProperty("expires_in").GetInt32(), first.GetProperty("token_type").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, spent.StatusCode);
        Assert.Equal("""{"error":"invalid_grant","error_description":"Value passed for the token was invalid."}""", await spent.Content.ReadAsStringAsync());
        Assert.Equal(("emu-access-2", "emu-refresh-2"), (third.GetProperty("access_token").GetString(), third.GetProperty("refresh_token").GetString()));

        // Issued access tokens act for the account and expire after AccessTokenLifetime.
        Assert.Equal(HttpStatusCode.Created, (await client.BearerAsync(HttpMethod.Post, "2/tweets", "a2", """{"text":"With a2"}""")).StatusCode);
        client.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.BearerAsync(HttpMethod.Post, "2/tweets", "a2", """{"text":"Later"}""")).StatusCode);
    }

    [Fact]
    public async Task TokenEndpoint_PublicClient_NeedsItsClientId()
    {
        using var client = new XTestClient();
        client.X.OAuth2ClientId = "client";
        client.X.AddRefreshToken("r1", XTestClient.UserId);

        var response = await Refresh(client, "r1", clientId: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("client_id", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenEndpoint_ConfidentialClient_NeedsBasicAuthentication()
    {
        using var client = new XTestClient();
        client.X.OAuth2ClientId = "client";
        client.X.OAuth2ClientSecret = "secret";
        client.X.AddRefreshToken("r1", XTestClient.UserId);

        var without = await Refresh(client, "r1", clientId: null);
        var with = await Refresh(client, "r1", clientId: null, basic: Convert.ToBase64String(Encoding.UTF8.GetBytes("client:secret")));

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Contains("invalid_client", await without.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
    }

    private static Task<HttpResponseMessage> Refresh(XTestClient client, string refreshToken, string? clientId, string? basic = null)
    {
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "refresh_token"), new("refresh_token", refreshToken) };
        if (clientId is not null)
        {
            form.Add(new("client_id", clientId));
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "2/oauth2/token") { Content = new FormUrlEncodedContent(form) };
        if (basic is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }

        return client.Http.SendAsync(request);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
        => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
