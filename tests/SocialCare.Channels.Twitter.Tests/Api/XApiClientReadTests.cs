using System.Text.Json;
using SocialCare.Abstractions;
using SocialCare.Testing;

namespace SocialCare.Channels.Twitter.Tests.Api;

/// <summary>Recent search with the app-only token (x.md §8) and DM media downloads with user context (x.md §4.5).</summary>
public sealed class XApiClientReadTests
{
    private const string Query = "(@NimbusCare OR \"nimbus telecom\") outage -is:retweet";

    [Fact]
    public async Task SearchRecent_UsesTheAppTokenAndTheDocumentedParameters_AndReturnsTheRawBody()
    {
        using var host = new XApiHost();
        host.X.AddSearchResult("2110301409582643969", "3311479021", "kenji_sato_jp", "Third outage this month. @NimbusCare", authorName: "Kenji Sato");

        var result = await host.Client.SearchRecentAsync(Query, "2110301409582643000", 50, default);

        Assert.Null(result.Error);
        var request = Assert.Single(host.X.Requests);
        Assert.Equal(("GET", "/2/tweets/search/recent", "Bearer " + XApiHost.AppBearer), (request.Method, request.Path, request.Authorization));
        var query = ParseQuery(request.Query);
        Assert.Equal(Query, query["query"]);
        Assert.Equal("2110301409582643000", query["since_id"]);
        Assert.Equal("50", query["max_results"]);
        Assert.Equal("author_id,conversation_id,created_at,entities,in_reply_to_user_id,referenced_tweets,edit_history_tweet_ids", query["tweet.fields"]);
        Assert.Equal("author_id", query["expansions"]);
        Assert.Equal("name,username", query["user.fields"]);

        using var body = JsonDocument.Parse(result.Body!);
        Assert.Equal("2110301409582643969", body.RootElement.GetProperty("data")[0].GetProperty("id").GetString());
        Assert.Equal("2110301409582643969", body.RootElement.GetProperty("meta").GetProperty("newest_id").GetString());
        Assert.Equal("Kenji Sato", body.RootElement.GetProperty("includes").GetProperty("users")[0].GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(1, "10")]
    [InlineData(500, "100")]
    public async Task SearchRecent_ClampsMaxResults_AndOmitsAMissingSinceId(int maxResults, string sent)
    {
        using var host = new XApiHost();

        var result = await host.Client.SearchRecentAsync("nimbus", null, maxResults, default);

        Assert.Null(result.Error);
        var query = ParseQuery(Assert.Single(host.X.Requests).Query);
        Assert.Equal(sent, query["max_results"]);
        Assert.False(query.ContainsKey("since_id"));
    }

    [Fact]
    public async Task SearchRecent_WithoutABearerToken_IsRefusedWithoutACall()
    {
        using var host = new XApiHost(o => o.BearerToken = null);

        var result = await host.Client.SearchRecentAsync("nimbus", null, 10, default);

        Assert.Equal(("no_bearer_token", ChannelErrorKind.Refused), (result.Error!.Code, result.Error.Kind));
        Assert.Empty(host.X.Requests);
    }

    [Fact]
    public async Task SearchRecent_RateLimited_GivesTheWait_AndHoldsTheNextPollBack()
    {
        using var host = new XApiHost();
        host.X.SetRateLimit(XApiEmulator.SearchEndpoint, 450, 0, XApiHost.Start.AddMinutes(10));

        var first = await host.Client.SearchRecentAsync("nimbus", null, 10, default);
        var second = await host.Client.SearchRecentAsync("nimbus", null, 10, default);

        Assert.Equal(("rate_limited", 429, TimeSpan.FromMinutes(10)), (first.Error!.Code, first.Error.StatusCode, first.Error.RetryAfter));
        Assert.Equal(("rate_limited", TimeSpan.FromMinutes(10)), (second.Error!.Code, second.Error.RetryAfter));
        Assert.Single(host.X.Requests);
    }

    [Fact]
    public async Task SearchRecent_ServerError_IsRetried()
    {
        using var host = new XApiHost();
        host.X.FailNext(500, XApiEmulator.ProblemBody(500, "Internal Server Error", "Internal Server Error"));
        host.X.FailNext(502, "<html>Bad Gateway</html>");

        var result = await host.AdvancingAsync(() => host.Client.SearchRecentAsync("nimbus", null, 10, default));

        Assert.Null(result.Error);
        Assert.Equal(3, host.X.Requests.Count);
    }

    [Fact]
    public async Task OpenDirectMessageMedia_StreamsTheBytesWithTheAccountsSignature()
    {
        using var host = new XApiHost();
        byte[] photo = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];
        host.X.AddDirectMessageMedia("2110298073131778308", "2110298070418026496", "aBcD_123.jpg", photo, "image/jpeg");

        var (response, error) = await host.Client.OpenDirectMessageMediaAsync(XApiHost.Brand, "2110298073131778308", "2110298070418026496", "aBcD_123.jpg", default);

        Assert.Null(error);
        using (response)
        {
            Assert.Equal("image/jpeg", response!.Content.Headers.ContentType!.MediaType);
            Assert.Equal(photo, await response.Content.ReadAsByteArrayAsync());
        }

        var request = Assert.Single(host.X.Requests);
        Assert.Equal(("GET", "/2/dm_conversations/media/2110298073131778308/2110298070418026496/aBcD_123.jpg"), (request.Method, request.Path));
        Assert.StartsWith("OAuth ", request.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenDirectMessageMedia_WithAnOAuth2Account_UsesItsBearer()
    {
        using var host = new XApiHost();
        host.X.AddDirectMessageMedia("1", "2", "3.png", [1], "image/png");

        var (response, error) = await host.Client.OpenDirectMessageMediaAsync(XApiHost.OAuth2Brand, "1", "2", "3.png", default);

        Assert.Null(error);
        response!.Dispose();
        Assert.Equal("Bearer " + XApiHost.Access, Assert.Single(host.X.Requests).Authorization);
    }

    [Fact]
    public async Task OpenDirectMessageMedia_Unknown_IsNotFound()
    {
        using var host = new XApiHost();

        var (response, error) = await host.Client.OpenDirectMessageMediaAsync(XApiHost.Brand, "1", "2", "3.jpg", default);

        Assert.Null(response);
        Assert.Equal(("not_found", ChannelErrorKind.InvalidRequest, 404), (error!.Code, error.Kind, error.StatusCode));
    }

    [Fact]
    public async Task OpenDirectMessageMedia_LargerThanMaxMediaSize_IsRefused()
    {
        using var host = new XApiHost(o => o.MaxMediaSize = 4);
        host.X.AddDirectMessageMedia("1", "2", "3.jpg", [1, 2, 3, 4, 5], "image/jpeg");

        var (response, error) = await host.Client.OpenDirectMessageMediaAsync(XApiHost.Brand, "1", "2", "3.jpg", default);

        Assert.Null(response);
        Assert.Equal(("media_too_large", ChannelErrorKind.Refused), (error!.Code, error.Kind));
    }

    private static Dictionary<string, string> ParseQuery(string query)
        => query.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]), StringComparer.Ordinal);
}
