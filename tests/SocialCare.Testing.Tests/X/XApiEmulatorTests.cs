using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace SocialCare.Testing.Tests.X;

/// <summary>The X API emulator's endpoints and rules (x.md §5, §7, §8), through a real <c>HttpClient</c>.</summary>
public sealed class XApiEmulatorTests
{
    private const string Customer = "1402938475610284033";
    private const string Dm = "2/dm_conversations/with/" + Customer + "/messages";

    [Fact]
    public async Task DirectMessage_Answers201WithConversationAndIncreasingSnowflakeIds_AndRecordsIt()
    {
        using var client = new XTestClient();

        var first = await Json(await client.SignedAsync(HttpMethod.Post, Dm, """{"text":"Hi Priya"}"""));
        client.Time.Advance(TimeSpan.FromMilliseconds(1));
        var second = await Json(await client.BearerAsync(HttpMethod.Post, Dm, XTestClient.UserBearer, """{"attachments":[{"media_id":"77"}]}"""));

        var id1 = first.GetProperty("data").GetProperty("dm_event_id").GetString()!;
        var id2 = second.GetProperty("data").GetProperty("dm_event_id").GetString()!;
        Assert.Equal(XTestClient.UserId + "-" + Customer, first.GetProperty("data").GetProperty("dm_conversation_id").GetString());
        Assert.True(ulong.Parse(id2, CultureInfo.InvariantCulture) > ulong.Parse(id1, CultureInfo.InvariantCulture));
        Assert.Equal(client.Time.GetUtcNow().AddMilliseconds(-1).ToUnixTimeMilliseconds(), (long)(ulong.Parse(id1, CultureInfo.InvariantCulture) >> 22) + 1288834974657);
        Assert.Equal(
            [new XSentDirectMessage(id1, XTestClient.UserId + "-" + Customer, XTestClient.UserId, Customer, "Hi Priya", null), new XSentDirectMessage(id2, XTestClient.UserId + "-" + Customer, XTestClient.UserId, Customer, null, "77")],
            client.X.DirectMessages);
        var recorded = client.X.Requests[0];
        Assert.Equal(("POST", "/" + Dm, """{"text":"Hi Priya"}""", "application/json"), (recorded.Method, recorded.Path, recorded.Body, recorded.ContentType));
        Assert.StartsWith("OAuth ", recorded.Authorization, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{}""", "One of text or attachments is required.")]
    [InlineData("""{"text":""}""", "$.text: must be at least 1 characters long.")]
    [InlineData("""{"text":"a","attachments":[{"media_id":"1"},{"media_id":"2"}]}""", "$.attachments: there must be exactly one attachment with a media_id.")]
    [InlineData("""not json""", "Request body is not valid JSON.")]
    public async Task DirectMessage_InvalidBodies_Are400InvalidRequest(string body, string message)
    {
        using var client = new XTestClient();

        var response = await client.BearerAsync(HttpMethod.Post, Dm, XTestClient.UserBearer, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await Json(response);
        Assert.Equal(message, json.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal("https://api.x.com/2/problems/invalid-request", json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Sends_WithoutJsonContentType_AreRefusedAsX()
    {
        using var client = new XTestClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "2/tweets") { Content = new StringContent("""{"text":"Hi"}""", Encoding.UTF8, "text/plain") };
        request.Headers.Authorization = new("Bearer", XTestClient.UserBearer);

        var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Requests with bodies must have content-type of application/json.", (await Json(response)).GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task DirectMessage_ToAUserWhoRefusesThem_Is403()
    {
        using var client = new XTestClient();
        client.X.RefuseDirectMessages(Customer);

        var response = await client.BearerAsync(HttpMethod.Post, Dm, XTestClient.UserBearer, """{"text":"Hi"}""");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("You cannot send messages to this user.", (await Json(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Post_Answers201LikeX_AndRecordsTheReply()
    {
        using var client = new XTestClient();

        var response = await client.BearerAsync(HttpMethod.Post, "2/tweets", XTestClient.UserBearer, """{"text":"Sorry about this, Priya. ^JT","reply":{"in_reply_to_tweet_id":"2110295848522037206"},"media":{"media_ids":["5"]}}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var data = (await Json(response)).GetProperty("data");
        var id = data.GetProperty("id").GetString()!;
        Assert.Equal("Sorry about this, Priya. ^JT", data.GetProperty("text").GetString());
        Assert.Equal(id, data.GetProperty("edit_history_tweet_ids")[0].GetString());
        var post = Assert.Single(client.X.Posts);
        Assert.Equal((id, XTestClient.UserId, "2110295848522037206"), (post.Id, post.AuthorId, post.InReplyToPostId));
        Assert.Equal(["5"], post.MediaIds);
    }

    [Fact]
    public async Task Post_SameTextTwice_IsDuplicateContent_UnlessDetectionIsOff()
    {
        using var client = new XTestClient();
        const string Body = """{"text":"We're on it!"}""";

        await client.BearerAsync(HttpMethod.Post, "2/tweets", XTestClient.UserBearer, Body);
        var duplicate = await client.BearerAsync(HttpMethod.Post, "2/tweets", XTestClient.UserBearer, Body);
        var otherAccount = await client.SignedAsync(HttpMethod.Post, "2/tweets", """{"text":"We're on it! ^JT"}""");
        client.X.DetectDuplicates = false;
        var allowed = await client.BearerAsync(HttpMethod.Post, "2/tweets", XTestClient.UserBearer, Body);

        Assert.Equal(HttpStatusCode.Forbidden, duplicate.StatusCode);
        Assert.Equal(
            """{"title":"Forbidden","detail":"You are not allowed to create a Tweet with duplicate content.","type":"about:blank","status":403}""",
            await duplicate.Content.ReadAsStringAsync());
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (otherAccount.StatusCode, allowed.StatusCode));
    }

    [Fact]
    public async Task Post_UnderTheSummoningRule_OnlySummonedPostsMayBeAnswered()
    {
        using var client = new XTestClient();
        client.X.RequireSummoning = true;
        client.X.MarkSummoned("100");

        var refused = await client.BearerAsync(HttpMethod.Post, "2/tweets", XTestClient.UserBearer, """{"text":"Hi","reply":{"in_reply_to_tweet_id":"200"}}""");
        var accepted = await client.BearerAsync(HttpMethod.Post, "2/tweets", XTestClient.UserBearer, """{"text":"Hi","reply":{"in_reply_to_tweet_id":"100"}}""");
        var newPost = await client.BearerAsync(HttpMethod.Post, "2/tweets", XTestClient.UserBearer, """{"text":"News"}""");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(XApiEmulator.SummoningDetail, (await Json(refused)).GetProperty("detail").GetString());
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (accepted.StatusCode, newPost.StatusCode));
    }

    [Fact]
    public async Task Post_ReplyToADeletedPost_Is403()
    {
        using var client = new XTestClient();
        client.X.MarkDeleted("300");

        var response = await client.BearerAsync(HttpMethod.Post, "2/tweets", XTestClient.UserBearer, """{"text":"Hi","reply":{"in_reply_to_tweet_id":"300"}}""");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("deleted or not visible", (await Json(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(280, false)]
    [InlineData(281, true)]
    public async Task Post_LongerThan280_IsTooLong(int length, bool tooLong)
    {
        using var client = new XTestClient();
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["text"] = new string('x', length - 24) + " https://example.com/" + new string('p', 100) });

        var response = await client.BearerAsync(HttpMethod.Post, "2/tweets", XTestClient.UserBearer, body);

        Assert.Equal(tooLong ? HttpStatusCode.BadRequest : HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Search_ReturnsNewestFirst_HonouringSinceIdAndMaxResults_WithMeta()
    {
        using var client = new XTestClient();
        for (var i = 1; i <= 12; i++)
        {
            client.X.AddSearchResult((2110301409582643960 + i).ToString(CultureInfo.InvariantCulture), "33" + (i % 2), "user" + (i % 2), "Outage again @NimbusCare #" + i);
        }

        var page = await Json(await client.BearerAsync(HttpMethod.Get, "2/tweets/search/recent?query=outage&max_results=10", XTestClient.AppBearer));
        var newer = await Json(await client.BearerAsync(HttpMethod.Get, "2/tweets/search/recent?query=outage&since_id=2110301409582643970", XTestClient.AppBearer));
        var none = await Json(await client.BearerAsync(HttpMethod.Get, "2/tweets/search/recent?query=outage&since_id=2110301409582643972", XTestClient.AppBearer));

        Assert.Equal(10, page.GetProperty("data").GetArrayLength());
        Assert.Equal("2110301409582643972", page.GetProperty("data")[0].GetProperty("id").GetString());
        Assert.Equal(("2110301409582643972", "2110301409582643963", 10), (page.GetProperty("meta").GetProperty("newest_id").GetString(), page.GetProperty("meta").GetProperty("oldest_id").GetString(), page.GetProperty("meta").GetProperty("result_count").GetInt32()));
        Assert.Equal(2, page.GetProperty("includes").GetProperty("users").GetArrayLength());
        var mention = page.GetProperty("data")[0].GetProperty("entities").GetProperty("mentions")[0];
        Assert.Equal((13, 24, "NimbusCare"), (mention.GetProperty("start").GetInt32(), mention.GetProperty("end").GetInt32(), mention.GetProperty("username").GetString()));
        Assert.Equal(["2110301409582643972", "2110301409582643971"], newer.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal("""{"meta":{"result_count":0}}""", none.GetRawText());
    }

    [Fact]
    public async Task Search_ResultsForOneQuery_AndReplyFields()
    {
        using var client = new XTestClient();
        client.X.AddSearchResult("5", "9", "ana", "Refund please", new DateTimeOffset(2026, 10, 14, 9, 27, 18, TimeSpan.Zero), "Ana", inReplyToPostId: "4", inReplyToUserId: "8", query: "refund");

        var other = await Json(await client.BearerAsync(HttpMethod.Get, "2/tweets/search/recent?query=outage", XTestClient.AppBearer));
        var found = await Json(await client.BearerAsync(HttpMethod.Get, "2/tweets/search/recent?query=refund", XTestClient.AppBearer));

        Assert.Equal(0, other.GetProperty("meta").GetProperty("result_count").GetInt32());
        var post = found.GetProperty("data")[0];
        Assert.Equal(("9", "2026-10-14T09:27:18.000Z", "4", "8"), (post.GetProperty("author_id").GetString(), post.GetProperty("created_at").GetString(), post.GetProperty("conversation_id").GetString(), post.GetProperty("in_reply_to_user_id").GetString()));
        Assert.Equal("replied_to", post.GetProperty("referenced_tweets")[0].GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("2/tweets/search/recent", "The `query` query parameter can not be empty")]
    [InlineData("2/tweets/search/recent?query=x&max_results=5", "The `max_results` query parameter value [5] is not between 10 and 100")]
    [InlineData("2/tweets/search/recent?query=x&since_id=abc", "The `since_id` query parameter value [abc] is not valid")]
    public async Task Search_BadParameters_Are400(string path, string message)
    {
        using var client = new XTestClient();

        var response = await client.BearerAsync(HttpMethod.Get, path, XTestClient.AppBearer);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, (await Json(response)).GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task RateLimit_DecrementsWithHeaders_Answers429AtZero_AndResets()
    {
        using var client = new XTestClient();
        var reset = client.Time.GetUtcNow().AddMinutes(15);
        client.X.SetRateLimit(XApiEmulator.PostEndpoint, 2, 2, reset);

        var first = await client.BearerAsync(HttpMethod.Post, "2/tweets", XTestClient.UserBearer, """{"text":"1"}""");
        var second = await client.BearerAsync(HttpMethod.Post, "2/tweets", XTestClient.UserBearer, """{"text":"2"}""");
        var limited = await client.BearerAsync(HttpMethod.Post, "2/tweets", XTestClient.UserBearer, """{"text":"3"}""");
        client.Time.Advance(TimeSpan.FromMinutes(15));
        var afterReset = await client.BearerAsync(HttpMethod.Post, "2/tweets", XTestClient.UserBearer, """{"text":"4"}""");

        Assert.Equal(("2", "1", Seconds(reset)), Headers(first, "x-rate-limit"));
        Assert.Equal(("2", "0", Seconds(reset)), Headers(second, "x-rate-limit"));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(("2", "0", Seconds(reset)), Headers(limited, "x-rate-limit"));
        Assert.Equal("""{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}""", await limited.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, afterReset.StatusCode);
        Assert.Equal(("2", "1", Seconds(reset.AddMinutes(15))), Headers(afterReset, "x-rate-limit"));
        Assert.Equal(3, client.X.Posts.Count);
    }

    [Fact]
    public async Task DailyLimit_IsReportedPerUserOrApp_AndAnswers429AtZero()
    {
        using var client = new XTestClient();
        var reset = client.Time.GetUtcNow().AddHours(20);
        client.X.SetDailyLimit(XApiEmulator.DirectMessageEndpoint, 1440, 1, reset);
        client.X.SetDailyLimit(XApiEmulator.PostEndpoint, 10000, 5000, reset, perApp: true);

        var dm = await client.BearerAsync(HttpMethod.Post, Dm, XTestClient.UserBearer, """{"text":"1"}""");
        var limited = await client.BearerAsync(HttpMethod.Post, Dm, XTestClient.UserBearer, """{"text":"2"}""");
        var post = await client.BearerAsync(HttpMethod.Post, "2/tweets", XTestClient.UserBearer, """{"text":"3"}""");

        Assert.Equal(("1440", "0", Seconds(reset)), Headers(dm, "x-user-limit-24hour"));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(("10000", "4999", Seconds(reset)), Headers(post, "x-app-limit-24hour"));
        Assert.False(post.Headers.Contains("x-rate-limit-limit"));
    }

    [Fact]
    public async Task DirectMessageMedia_ServesTheBytesWithUserContext_AndOtherwiseNot()
    {
        using var client = new XTestClient();
        client.X.AddDirectMessageMedia("1", "2", "abc.jpg", [1, 2, 3], "image/jpeg");

        var found = await client.SignedAsync(HttpMethod.Get, "2/dm_conversations/media/1/2/abc.jpg");
        var missing = await client.SignedAsync(HttpMethod.Get, "2/dm_conversations/media/1/2/other.jpg");
        var app = await client.BearerAsync(HttpMethod.Get, "2/dm_conversations/media/1/2/abc.jpg", XTestClient.AppBearer);

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal([1, 2, 3], await found.Content.ReadAsByteArrayAsync());
        Assert.Equal(("image/jpeg", 3L), (found.Content.Headers.ContentType!.MediaType, found.Content.Headers.ContentLength));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, app.StatusCode);
    }

    [Theory]
    [InlineData("GET", "2/users/me")]
    [InlineData("DELETE", "2/tweets")]
    [InlineData("POST", "1.1/direct_messages/events/new.json")]
    public async Task UnknownEndpoints_Are404Problems(string method, string path)
    {
        using var client = new XTestClient();

        var response = await client.BearerAsync(new HttpMethod(method), path, XTestClient.UserBearer);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("https://api.x.com/2/problems/resource-not-found", (await Json(response)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task FailNext_AnswersTheNextRequestOnly_WithItsHeaders()
    {
        using var client = new XTestClient();
        client.X.FailNext(503, XApiEmulator.ProblemBody(503, "Service Unavailable", "Service Unavailable"), TimeSpan.FromSeconds(7));
        client.X.FailNextWithRateLimit(client.Time.GetUtcNow().AddSeconds(30));
        client.X.FailNext(403, XApiEmulator.V1ErrorBody(349, "You cannot send messages to this user."));

        var unavailable = await client.BearerAsync(HttpMethod.Post, Dm, XTestClient.UserBearer, """{"text":"1"}""");
        var limited = await client.BearerAsync(HttpMethod.Post, Dm, XTestClient.UserBearer, """{"text":"2"}""");
        var refused = await client.BearerAsync(HttpMethod.Post, Dm, XTestClient.UserBearer, """{"text":"3"}""");
        var ok = await client.BearerAsync(HttpMethod.Post, Dm, XTestClient.UserBearer, """{"text":"4"}""");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(7)), (unavailable.StatusCode, unavailable.Headers.RetryAfter!.Delta));
        Assert.Equal((HttpStatusCode.TooManyRequests, ("15", "0", Seconds(client.Time.GetUtcNow().AddSeconds(30)))), (limited.StatusCode, Headers(limited, "x-rate-limit")));
        Assert.Equal("""{"errors":[{"code":349,"message":"You cannot send messages to this user."}]}""", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        Assert.Single(client.X.DirectMessages);
        Assert.Equal(4, client.X.Requests.Count);
    }

    [Fact]
    public async Task ConnectionError_ProcessesNothing_AndADroppedResponse_ProcessesTheRequest()
    {
        using var client = new XTestClient();
        client.X.FailNextWithConnectionError();
        client.X.DropNextResponse();

        var unsent = await Assert.ThrowsAsync<HttpRequestException>(() => client.BearerAsync(HttpMethod.Post, "2/tweets", XTestClient.UserBearer, """{"text":"1"}"""));
        var lost = await Assert.ThrowsAsync<HttpRequestException>(() => client.BearerAsync(HttpMethod.Post, "2/tweets", XTestClient.UserBearer, """{"text":"2"}"""));

        Assert.Equal((HttpRequestError.ConnectionError, HttpRequestError.ResponseEnded), (unsent.HttpRequestError, lost.HttpRequestError));
        Assert.Equal("2", Assert.Single(client.X.Posts).Text);
        Assert.Equal(2, client.X.Requests.Count);
    }

    [Fact]
    public void AddSearchResult_NonNumericId_Throws()
    {
        using var x = new XApiEmulator();

        Assert.Throws<ArgumentException>(() => x.AddSearchResult("abc", "1", "u", "t"));
    }

    private static string Seconds(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static (string Limit, string Remaining, string Reset) Headers(HttpResponseMessage response, string prefix)
        => (response.Headers.GetValues(prefix + "-limit").Single(), response.Headers.GetValues(prefix + "-remaining").Single(), response.Headers.GetValues(prefix + "-reset").Single());

    private static async Task<JsonElement> Json(HttpResponseMessage response)
        => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
