using System.Text;
using SocialCare.Abstractions;
using SocialCare.Testing;

namespace SocialCare.Channels.Twitter.Tests.Api;

/// <summary>OAuth 2.0 user tokens (x.md §6): renewal before expiry and after a 401, rotation saved before use, one renewal at a time.</summary>
public sealed class XApiClientTokenTests
{
    [Fact]
    public async Task ExpiringToken_IsRenewedBeforeTheCall_AndTheRotatedPairIsSavedBeforeUse()
    {
        using var host = new XApiHost();
        host.Time.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(30));

        var result = await host.Client.CreatePostAsync(XApiHost.OAuth2Brand, "Hello", null, null, default);

        Assert.Null(result.Error);
        var requests = host.X.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(("POST", "/2/oauth2/token", "application/x-www-form-urlencoded"), (requests[0].Method, requests[0].Path, requests[0].ContentType));
        Assert.Equal("grant_type=refresh_token&refresh_token=" + XApiHost.Refresh + "&client_id=" + XApiHost.ClientId, requests[0].Body);
        Assert.Null(requests[0].Authorization);
        Assert.Equal("Bearer " + XApiHost.RenewedAccess, requests[1].Authorization);

        var save = Assert.Single(((RecordingTokenStore)host.Store).Saves);
        Assert.Equal((XApiHost.OAuth2Brand, XApiHost.RenewedAccess, XApiHost.RenewedRefresh), (save.UserId, save.Pair.AccessToken, save.Pair.RefreshToken));
        Assert.Equal(host.Time.GetUtcNow().AddHours(2), save.Pair.ExpiresAt);
        Assert.Equal(1, save.RequestsSoFar); // saved after the token call, before the post
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 4050);
    }

    [Fact]
    public async Task FreshToken_IsUsedWithoutRenewal()
    {
        using var host = new XApiHost();

        await host.Client.CreatePostAsync(XApiHost.OAuth2Brand, "Hello", null, null, default);

        Assert.Single(host.X.Requests);
        Assert.Empty(((RecordingTokenStore)host.Store).Saves);
    }

    [Fact]
    public async Task Rotation_TheNextRenewalUsesTheNewRefreshToken_AndTheOldOneIsRefused()
    {
        using var host = new XApiHost();
        host.Time.Advance(TimeSpan.FromHours(2));
        await host.Client.CreatePostAsync(XApiHost.OAuth2Brand, "First", null, null, default);

        host.Time.Advance(TimeSpan.FromHours(2));
        var second = await host.Client.CreatePostAsync(XApiHost.OAuth2Brand, "Second", null, null, default);

        Assert.Null(second.Error);
        var tokenCalls = host.X.Requests.Where(r => r.Path == "/2/oauth2/token").ToList();
        Assert.Equal(2, tokenCalls.Count);
        Assert.Contains("refresh_token=" + XApiHost.RenewedRefresh, tokenCalls[1].Body, StringComparison.Ordinal);
        var latest = await host.Store.GetAsync(XApiHost.OAuth2Brand, default);
        Assert.Equal(("emu-access-2", "emu-refresh-2"), (latest!.AccessToken, latest.RefreshToken));

        // The spent refresh token no longer works on X.
        using var client = new HttpClient(host.X, disposeHandler: false);
        using var replay = await client.PostAsync(
            "https://api.x.test/2/oauth2/token",
            new FormUrlEncodedContent([new("grant_type", "refresh_token"), new("refresh_token", XApiHost.Refresh), new("client_id", XApiHost.ClientId)]));
        Assert.Equal(400, (int)replay.StatusCode);
        Assert.Contains("invalid_grant", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http401_RenewsOnce_AndRetriesWithTheNewToken()
    {
        using var host = new XApiHost();
        host.X.RevokeBearer(XApiHost.Access);

        var result = await host.Client.SendDirectMessageAsync(XApiHost.OAuth2Brand, XApiHost.Customer, "Hi", null, default);

        Assert.Null(result.Error);
        var requests = host.X.Requests;
        Assert.Equal(["/2/dm_conversations/with/" + XApiHost.Customer + "/messages", "/2/oauth2/token", "/2/dm_conversations/with/" + XApiHost.Customer + "/messages"], requests.Select(r => r.Path));
        Assert.Equal("Bearer " + XApiHost.Access, requests[0].Authorization);
        Assert.Equal("Bearer " + XApiHost.RenewedAccess, requests[2].Authorization);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 4052);
        Assert.Single(host.X.DirectMessages);
    }

    [Fact]
    public async Task Http401_ThenTheTokenEndpointRefuses_IsUnauthorized()
    {
        using var host = new XApiHost();
        var unauthorized = XApiEmulator.ProblemBody(401, "Unauthorized", "Unauthorized");
        host.X.FailNext(401, unauthorized);
        host.X.FailNext(401, unauthorized); // the token call passes (queued failures answer the next requests in order)
        host.X.RevokeBearer(XApiHost.Access);

        var result = await host.Client.SendDirectMessageAsync(XApiHost.OAuth2Brand, XApiHost.Customer, "Hi", null, default);

        Assert.Equal(("token_refresh_failed", ChannelErrorKind.Unauthorized), (result.Error!.Code, result.Error.Kind));
        Assert.Equal(2, host.X.Requests.Count);
    }

    [Fact]
    public async Task Http401_AgainWithTheRenewedToken_IsInvalidToken_WithoutASecondRenewal()
    {
        using var host = new XApiHost();
        host.X.RevokeBearer(XApiHost.Access);
        host.X.AccessTokenLifetime = TimeSpan.Zero; // the renewed token is dead on arrival

        var result = await host.Client.SendDirectMessageAsync(XApiHost.OAuth2Brand, XApiHost.Customer, "Hi", null, default);

        Assert.Equal(("invalid_token", ChannelErrorKind.Unauthorized, 401), (result.Error!.Code, result.Error.Kind, result.Error.StatusCode));
        Assert.Equal(3, host.X.Requests.Count);
        Assert.Single(host.X.Requests, r => r.Path == "/2/oauth2/token");
        Assert.Empty(host.X.DirectMessages);
    }

    [Fact]
    public async Task InvalidGrant_IsUnauthorized_AndNamesTheAccountNotTheToken()
    {
        using var host = new XApiHost(addRefreshToken: false);
        host.Time.Advance(TimeSpan.FromHours(3));

        var result = await host.Client.CreatePostAsync(XApiHost.OAuth2Brand, "Hello", null, null, default);

        Assert.Equal(("token_refresh_failed", ChannelErrorKind.Unauthorized, 400, "invalid_grant"), (result.Error!.Code, result.Error.Kind, result.Error.StatusCode, result.Error.ErrorType));
        Assert.Contains(XApiHost.OAuth2Brand, result.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(XApiHost.Refresh, result.Error.Message, StringComparison.Ordinal);
        Assert.Single(host.X.Requests);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 4051);
    }

    [Fact]
    public async Task ConfidentialClient_AuthenticatesWithBasic_AndSendsNoClientId()
    {
        using var host = new XApiHost(o => o.OAuth2ClientSecret = "client-secret");
        host.X.OAuth2ClientSecret = "client-secret";
        host.Time.Advance(TimeSpan.FromHours(2));

        var result = await host.Client.CreatePostAsync(XApiHost.OAuth2Brand, "Hello", null, null, default);

        Assert.Null(result.Error);
        var token = host.X.Requests[0];
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(XApiHost.ClientId + ":client-secret")), token.Authorization);
        Assert.Equal("grant_type=refresh_token&refresh_token=" + XApiHost.Refresh, token.Body);
    }

    [Fact]
    public async Task ConcurrentCalls_RenewOnlyOnce()
    {
        using var host = new XApiHost();
        host.Time.Advance(TimeSpan.FromHours(2));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => host.Client.CreatePostAsync(XApiHost.OAuth2Brand, "Post " + i, null, null, default)));

        Assert.All(results, r => Assert.Null(r.Error));
        Assert.Single(host.X.Requests, r => r.Path == "/2/oauth2/token");
        Assert.All(host.X.Requests.Where(r => r.Path == "/2/tweets"), r => Assert.Equal("Bearer " + XApiHost.RenewedAccess, r.Authorization));
    }

    [Fact]
    public async Task NoRefreshToken_401_IsTokenExpired()
    {
        using var host = new XApiHost(o => o.Accounts[1].OAuth2RefreshToken = null);
        host.X.RevokeBearer(XApiHost.Access);

        var result = await host.Client.CreatePostAsync(XApiHost.OAuth2Brand, "Hello", null, null, default);

        Assert.Equal(("token_expired", ChannelErrorKind.Unauthorized), (result.Error!.Code, result.Error.Kind));
        Assert.Single(host.X.Requests);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 4053);
    }

    [Fact]
    public async Task StoreFailure_KeepsTheRenewedPair_AndSavesItBeforeItsFirstUse()
    {
        var store = new FlakyStore();
        using var host = new XApiHost(store: store);
        host.Time.Advance(TimeSpan.FromHours(2));
        store.Fail = true;

        var first = await host.Client.CreatePostAsync(XApiHost.OAuth2Brand, "First", null, null, default);
        store.Fail = false;
        var second = await host.Client.CreatePostAsync(XApiHost.OAuth2Brand, "Second", null, null, default);

        Assert.Equal(("token_store_failed", true), (first.Error!.Code, first.Error.IsTransient));
        Assert.Null(second.Error);
        Assert.Single(host.X.Requests, r => r.Path == "/2/oauth2/token");
        Assert.Equal(XApiHost.RenewedAccess, (await store.GetAsync(XApiHost.OAuth2Brand, default))!.AccessToken);
        Assert.Equal("Bearer " + XApiHost.RenewedAccess, host.X.Requests[^1].Authorization);
    }

    [Fact]
    public async Task StoredPair_WinsOverTheConfiguredTokens()
    {
        var store = new InMemoryXTokenStore();
        await store.SaveAsync(XApiHost.OAuth2Brand, new XTokenPair("stored-access", "stored-refresh", XApiHost.Start.AddHours(1)), default);
        using var host = new XApiHost(store: store);
        host.X.AddBearer("stored-access", XApiHost.OAuth2Brand);

        var result = await host.Client.CreatePostAsync(XApiHost.OAuth2Brand, "Hello", null, null, default);

        Assert.Null(result.Error);
        Assert.Equal("Bearer stored-access", Assert.Single(host.X.Requests).Authorization);
    }

    [Fact]
    public async Task InMemoryStore_IsSeededFromTheOptions()
    {
        var options = new XOptions();
        options.Accounts.Add(new XAccountOptions { UserId = "1", OAuth2AccessToken = "a", OAuth2RefreshToken = "r", OAuth2ExpiresAt = XApiHost.Start });
        options.Accounts.Add(new XAccountOptions { UserId = "2", AccessToken = "oauth1", AccessTokenSecret = "s" });

        var store = new InMemoryXTokenStore(options);

        Assert.Equal(new XTokenPair("a", "r", XApiHost.Start), await store.GetAsync("1", default));
        Assert.Null(await store.GetAsync("2", default));
    }

    private sealed class FlakyStore : IXTokenStore
    {
        private readonly InMemoryXTokenStore _inner = new();

        public bool Fail { get; set; }

        public ValueTask<XTokenPair?> GetAsync(string userId, CancellationToken cancellationToken) => _inner.GetAsync(userId, cancellationToken);

        public ValueTask SaveAsync(string userId, XTokenPair tokens, CancellationToken cancellationToken)
            => Fail ? throw new IOException("store down") : _inner.SaveAsync(userId, tokens, cancellationToken);
    }
}
